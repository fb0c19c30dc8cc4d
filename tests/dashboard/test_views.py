"""Big views counted on numeric arrays first (dashboard/views.py) draw exactly what the same
views draw from one row per event: the timeline's bins and the map's marks and bins."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dash_sample import sample_articles, sample_events
from dashboard import map as dmap
from dashboard import timeline, views
from events.frame import events_frame
from dashboard.filters import FilterState, build_index, evaluate
from events.store import Store
from events.synth import write_synthetic

TIMELINE_COLS = ("event_id", "date_start", "date_end", "event_type", "actors", "place_name")
MAP_COLS = ("lat", "lon", "event_type", "geo_precision", "headline", "place_name", "place_name_ar",
            "date_start", "date_end", "confidence")


@pytest.fixture(scope="module")
def idx():
    with Store(":memory:") as s:
        s.add_articles(sample_articles())
        s.put_events(sample_events())
        write_synthetic(s, 6000, seed=8)
        return build_index(events_frame(s))


def figure(fig) -> tuple:
    spec = json.loads(fig.to_json())
    return spec["layout"]["title"]["text"], [(t["name"], t["x"], t["y"], t["customdata"]) for t in spec["data"]]


@pytest.mark.parametrize("state", [FilterState(), FilterState(types=("arrest", "attack")),
                                   FilterState(countries=("IQ",), include_undated=False)], ids=["all", "types", "iraq"])
@pytest.mark.parametrize("lane_by", ["type", "actor", "place"])
def test_the_timeline_from_counts_is_the_timeline_from_events(idx, state, lane_by):
    pos = np.flatnonzero(evaluate(idx, state, facets=False).mask)
    dated = pos[idx.dated[pos]]
    per_event = timeline.build_timeline(idx.take(pos, TIMELINE_COLS), lane_by=lane_by, max_marks=100)
    counted = timeline.build_timeline(views.timeline_groups(idx, pos, lane_by), lane_by=lane_by, max_marks=100,
                                      n_undated=len(pos) - len(dated), n_dated=len(dated))
    assert figure(counted) == figure(per_event)


@pytest.mark.parametrize("threshold, points", [(10**7, 3000), (100, 300), (100, 40)],
                         ids=["places", "bins", "coarse bins"])
@pytest.mark.parametrize("state", [FilterState(), FilterState(types=("airstrike",)),
                                   FilterState(geo_precisions=("region", "country"))], ids=["all", "type", "vague"])
def test_the_map_from_counts_is_the_map_from_events(idx, state, threshold, points):
    pos = np.flatnonzero(evaluate(idx, state, facets=False).mask)
    per_event = dmap.map_records(idx.take(pos, MAP_COLS), aggregate_threshold=threshold, max_points=points)
    counted = dmap.map_records(views.map_groups(idx, pos), aggregate_threshold=threshold, max_points=points)
    assert counted == per_event
    assert sum(r["count"] for r in counted[0]) == int(idx.located[pos].sum())
    assert dmap.legend_items(views.map_groups(idx, pos)) == dmap.legend_items(idx.take(pos, MAP_COLS).dropna(subset=["lat"]))


def test_the_page_draws_counted_views_for_many_events(tmp_path, monkeypatch):
    """A store of 3,500 events: the timeline counts (numeric groups) and, past the map's
    threshold, the map's bins; both add up to the events shown."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    path = tmp_path / "marsad.db"
    with Store(path) as s:
        write_synthetic(s, 3500, seed=9)
        idx = build_index(events_frame(s))
    monkeypatch.setenv("MARSAD_DB", str(path))
    monkeypatch.setattr(dmap, "DEFAULT_THRESHOLD", 100)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = evaluate(idx, FilterState(), facets=False).mask
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert f"{int((shown & idx.dated).sum()):,} events: counts per" in spec["layout"]["title"]["text"]
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    marks = next(layer for layer in deck["layers"] if layer["id"] == dmap.PICK_LAYER)["data"]
    assert sum(m["count"] for m in marks) == int((shown & idx.located).sum())
