"""The dashboard's export panel offers every export format for the events shown (AppTest)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dash_sample import fill_store
from events.interop.load import import_file
from events.store import Store
from interop_samples import ACLED_GOOD, acled_csv

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "marsad.db"
    fill_store(str(path)).close()
    acled = tmp_path / "acled.csv"
    acled.write_text(acled_csv(ACLED_GOOD), encoding="utf-8")
    with Store(path) as store:
        import_file(store, acled, "acled", say=pytest.fail)
    monkeypatch.setenv("MARSAD_DB", str(path))
    return path


def test_export_panel_offers_every_format(db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    for name in ("CSV", "GeoJSON", "JSONL", "Parquet", "TimelineJS", "KML", "kepler.gl", "ACLED CSV"):
        assert any(label.startswith(f"⬇ {name} (") for label in labels), (name, labels)


@pytest.mark.parametrize("fmt", ["acled", "timelinejs", "kml", "kepler", "parquet"])
def test_the_panel_files_hold_the_events_shown(db, fmt):
    from dashboard import data
    frame = data.load_frame(str(db), snapshot=False)[0]
    shown = frame[frame["event_id"].str.startswith("acled:")].reset_index(drop=True)
    blob = data.export_file(str(db), shown, fmt)
    if fmt == "acled":
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(blob.decode("utf-8-sig")))}
        assert set(rows) == {r["event_id_cnty"] for r in ACLED_GOOD}
        # the codes ACLED gave are back, though the frame holds only Marsad's fields
        assert rows["SYR45012"]["admin2"] == "Ariha" and rows["SYR45012"]["interaction"] == "12"
        assert rows["IRQ31877"]["event_date"] == "2024-03-12"
    elif fmt == "parquet":
        import pandas as pd
        assert len(pd.read_parquet(io.BytesIO(blob))) == len(ACLED_GOOD)
    elif fmt == "kml":
        assert blob.count(b"<Placemark>") == len(ACLED_GOOD)
    else:
        doc = json.loads(blob)
        n = len(doc["events"]) if fmt == "timelinejs" else len(doc["datasets"][0]["data"]["allData"])
        assert n == len(ACLED_GOOD)
