"""The dashboard on a Parquet dataset (``marsad serve --source DIR``, DuckDB), driven with AppTest:
the same widgets, caption, timeline, map and table, filled from SQL counts and at most 10k rows."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dash_sample import sample_articles, sample_events
from events.frame import events_frame
from dashboard.filters import FilterState, build_index, evaluate
from events.dataset import write_dataset
from events.store import Store
from events.synth import write_synthetic

pytest.importorskip("duckdb")
ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A dataset of 4,000 synthetic events plus the sample ones, and the pandas index of the same."""
    tmp = tmp_path_factory.mktemp("dataset_app")
    with Store(tmp / "events.db") as store:
        store.add_articles(sample_articles())
        store.put_events(sample_events())
        write_synthetic(store, 4000, seed=5)
        write_dataset(store, tmp / "dataset")
        idx = build_index(events_frame(store))
    Store(tmp / "curation.db").close()  # the analysts' store: empty
    return tmp / "dataset", tmp / "curation.db", idx


@pytest.fixture
def env(served, monkeypatch):
    directory, curation, idx = served
    monkeypatch.setenv("MARSAD_SOURCE", str(directory))
    monkeypatch.setenv("MARSAD_DB", str(curation))
    return idx


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def caption(at: AppTest) -> str:
    return next(c.value for c in at.get("caption") if "filters:" in c.value)


def values(y) -> np.ndarray:
    """A plotly array as sent: a list, or a typed array ({"dtype": "f8", "bdata": base64})."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
    return np.asarray(y, dtype=float)


def table(at: AppTest):
    """The events table (the undated list beside the timeline has no sentence column)."""
    return next(d.value for d in at.dataframe if "sentence" in d.value.columns)


def test_the_page_on_a_dataset_shows_counts_timeline_map_and_table(env):
    idx = env
    at = run()
    shown = evaluate(idx, FilterState(), facets=False)
    assert caption(at).startswith(f"**{shown.count:,} of {idx.n:,} events**")
    assert "(DuckDB)" in caption(at)
    assert len(table(at)) == shown.count  # under 10,000: every row
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # 3,000+ dated events: counts per bin, which add up to the dated events shown
    total = sum(float(values(t["y"]).sum()) for t in spec["data"])
    assert abs(total - int((shown.mask & idx.dated).sum())) < 1
    assert len(at.get("deck_gl_json_chart")) == 1
    types = list(at.multiselect(key="f_types").options)
    n_arrest = int(((idx.codes["event_type"].codes == idx.codes["event_type"].values.index("arrest")) & shown.mask).sum())
    assert f"arrest ({n_arrest:,})" in types


def test_choosing_a_type_and_a_country_narrows_the_table_and_the_link(env):
    idx = env
    at = run()
    at.multiselect(key="f_types").set_value(["arrest"]).run()
    at.multiselect(key="f_countries").set_value(["SY"]).run()
    assert not at.exception
    want = evaluate(idx, FilterState(types=("arrest",), countries=("SY",)), facets=False)
    rows = table(at)
    assert len(rows) == want.count and set(rows["type"]) == {"arrest"}
    assert caption(at).startswith(f"**{want.count:,} of")
    assert at.query_params.get("type") in ("arrest", ["arrest"])


def test_a_link_opens_the_same_filtered_view(env):
    idx = env
    at = run({"actor": "Islamic State", "from": "2024-01-01", "undated": "0"})
    want = evaluate(idx, FilterState(actors=("Islamic State",), date_from=__import__("datetime").date(2024, 1, 1),
                                     include_undated=False), facets=False)
    assert caption(at).startswith(f"**{want.count:,} of")
    assert at.multiselect(key="f_actors").value == ["Islamic State"]


def test_the_map_bins_grouped_counts_when_many_events_are_located(env, monkeypatch):
    import dashboard.map as mm

    monkeypatch.setattr(mm, "DEFAULT_THRESHOLD", 100)  # as at millions of events: counts per place
    idx = env
    at = run({"type": "attack"})
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    marks = next(layer for layer in deck["layers"] if layer["id"] == mm.PICK_LAYER)["data"]
    want = evaluate(idx, FilterState(types=("attack",)), facets=False)
    assert sum(m["count"] for m in marks) == int((want.mask & idx.located).sum())
    assert len(marks) <= mm.DEFAULT_MAX_POINTS
