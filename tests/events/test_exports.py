"""Exports (CSV, JSONL, GeoJSON, Parquet) and re-import: equal records, safe CSV, valid GeoJSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import SEED
from events.articles import read_articles
from events.schema import FIELDS, validate
from events import exports as exports_mod
from events.exports import EXPORT_FORMATS, csv_escape, csv_unescape, export_bytes, export_events
from events.imports import import_events


def sample_events(article_ids: list[str]) -> list:
    """Events as the pipeline makes them: Arabic sentences, lists, counts, some unlocated."""
    a, b = article_ids
    return [validate(d) for d in (
        dict(article_id=a, event_type="arrest", date_start="2024-04-25", date_end="2024-04-25",
             date_precision="day", date_text="الخميس الماضي", tense="past", place_name="Al-Hol camp",
             place_name_ar="مخيم الهول", place_text="مخيم الهول", place_id="marsad:al-hol-camp", country="SY",
             admin1="Al-Hasakah", lat=36.3792, lon=41.1481, geo_precision="point",
             actors=["Syrian Democratic Forces", "Islamic State"], actor1="Syrian Democratic Forces",
             counts={"arrested": 25}, sentence="ألقت القبض على ٢٥ عنصرا من خلايا تنظيم داعش",
             sentence_start=120, sentence_end=170, headline="SDF arrest 25 IS members in al-Hol camp",
             confidence=0.85, published="2024-04-26", source="البوابة نيوز", language="ar",
             mentions=[{"sentence": "جملة أخرى عن الحدث", "start": 300, "end": 318}]),
        dict(article_id=a, event_type="meeting", date_start="2024-05-01", date_end="2024-05-10",
             date_precision="month", date_text="مطلع شهر مايو المقبل", tense="planned", place_name="Paris",
             country="FR", lat=48.8566, lon=2.3522, geo_precision="city", actors=["Global Coalition"],
             sentence="ستعقد اجتماعا أمنيا عالى المستوى", sentence_start=400, sentence_end=432, confidence=0.6),
        dict(article_id=b, event_type="statement", sentence="=HYPERLINK(\"http://x\",\"اضغط\")",
             sentence_start=0, sentence_end=30, actors=["@attacker", "-minus"], headline="+1 troops",
             place_name="-33 south", lat=-33.5, lon=-70.25, status="edited", method="manual"),
        dict(article_id=b, event_type="other", sentence="جملة بلا مكان ولا تاريخ", counts={}, confidence=0.3),
    )]


@pytest.fixture
def filled_store(fresh_store):
    arts = read_articles(SEED)
    fresh_store.add_articles(arts)
    fresh_store.put_events(sample_events([a.id for a in arts]))
    return fresh_store


def by_id(events) -> dict:
    return {e.event_id: e.to_dict() for e in events}


@pytest.mark.parametrize("fmt, suffix", [("jsonl", ".jsonl"), ("csv", ".csv"), ("parquet", ".parquet"),
                                         ("geojson", ".geojson")])
@pytest.mark.parametrize("via", ["store", "store in chunks of 1", "frame", "events"])
def test_export_then_import_gives_equal_records(filled_store, tmp_path, monkeypatch, fmt, suffix, via):
    out = tmp_path / f"events{suffix}"
    if via == "store in chunks of 1":
        monkeypatch.setattr(exports_mod, "EXPORT_CHUNK", 1)  # a big store is streamed in chunks
    source = {"frame": filled_store.events_frame(), "events": filled_store.events()}.get(via, filled_store)
    summary = export_events(source, fmt, out)
    events, errors = import_events(out)
    assert errors == []
    expected = [e for e in filled_store.events() if fmt != "geojson" or e.lat is not None]
    assert summary.written == len(expected)
    assert by_id(events) == by_id(expected)


def test_ingest_export_reimport_into_a_new_store(filled_store, tmp_path, fresh_store):
    out = tmp_path / "events.jsonl"
    export_events(filled_store, "jsonl", out)
    events, _ = import_events(out)
    fresh_store.put_events(events)
    assert by_id(fresh_store.events()) == by_id(filled_store.events())


def test_jsonl_has_one_object_per_line_with_design_field_names(filled_store):
    lines = export_bytes(filled_store.events_frame(), "jsonl").decode("utf-8").splitlines()
    assert len(lines) == 4
    for line in lines:
        obj = json.loads(line)
        assert list(obj) == list(FIELDS)
    arrest = next(json.loads(x) for x in lines if '"arrest"' in x)
    assert arrest["date_start"] == "2024-04-25" and arrest["counts"] == {"arrested": 25}
    assert "مخيم الهول" in arrest["place_name_ar"]  # Arabic as text, not \u escapes


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1 troops", "-33 south", "@attacker", "\tcmd", "\rcmd",
                                   "'quoted", "''", "عادي"])
def test_csv_escape_is_exact_and_reversible(value):
    escaped = csv_escape(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_unescape(escaped) == value


def test_csv_cells_that_would_run_as_formulas_are_escaped(filled_store):
    data = export_bytes(filled_store, "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the Arabic as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    row = next(r for r in rows if r["event_type"] == "statement")
    assert row["sentence"].startswith("'=HYPERLINK")
    assert row["headline"] == "'+1 troops"
    assert row["place_name"] == "'-33 south"
    assert row["actors"] == "'@attacker; -minus"
    assert row["lat"] == "-33.5"  # numbers are numbers, not escaped text
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    arrest = next(r for r in rows if r["event_type"] == "arrest")
    assert json.loads(arrest["counts"]) == {"arrested": 25}
    assert arrest["actors"] == "Syrian Democratic Forces; Islamic State"


def _no_nan(const: str):
    raise AssertionError(f"{const} is not valid JSON")


def test_geojson_is_a_valid_feature_collection_and_counts_unlocated(filled_store, tmp_path):
    out = tmp_path / "events.geojson"
    summary = export_events(filled_store, "geojson", out)
    doc = json.loads(out.read_text(encoding="utf-8"), parse_constant=_no_nan)
    assert doc["type"] == "FeatureCollection"
    assert isinstance(doc["features"], list)
    located = [e for e in filled_store.events() if e.lat is not None]
    assert len(doc["features"]) == len(located) == summary.written == 3
    assert summary.without_coordinates == 1
    assert doc["marsad"] == {"events": 4, "without_coordinates": 1}
    assert "1 event without coordinates" in summary.message()
    for feat in doc["features"]:
        assert feat["type"] == "Feature"
        assert isinstance(feat["properties"], dict)
        geom = feat["geometry"]
        assert geom["type"] == "Point" and len(geom["coordinates"]) == 2
        lon, lat = geom["coordinates"]
        ev = filled_store.event(feat["id"])
        assert (lon, lat) == (ev.lon, ev.lat)  # GeoJSON order is [lon, lat]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feat["properties"]["event_id"] == feat["id"]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_exports_of_an_empty_frame_are_valid(fresh_store, fmt, tmp_path):
    data = export_bytes(fresh_store.events_frame(), fmt)
    if fmt == "csv":
        assert data.decode("utf-8-sig").strip() == ",".join(FIELDS)
    elif fmt == "jsonl":
        assert data == b""
    elif fmt == "geojson":
        assert json.loads(data)["features"] == []
    elif fmt == "timelinejs":
        assert json.loads(data)["events"] == []
    elif fmt == "kepler":
        assert json.loads(data)["datasets"][0]["data"]["allData"] == []
    elif fmt == "kml":
        import xml.etree.ElementTree as ET
        assert ET.fromstring(data).find("{http://www.opengis.net/kml/2.2}Document/{http://www.opengis.net/kml/2.2}Placemark") is None
    elif fmt == "acled":
        assert data.decode("utf-8-sig").startswith("event_id_cnty,event_date,") and data.count(b"\n") == 1
    else:
        import pandas as pd
        (tmp_path / "e.parquet").write_bytes(data)
        assert list(pd.read_parquet(tmp_path / "e.parquet").columns) == list(FIELDS)


def test_a_filtered_frame_exports_only_its_rows(filled_store):
    frame = filled_store.events_frame()
    arrests = frame[frame["event_type"] == "arrest"]
    lines = export_bytes(arrests, "jsonl").decode().splitlines()
    assert [json.loads(x)["event_type"] for x in lines] == ["arrest"]


def test_import_reports_bad_records_by_file_line_and_field(tmp_path, filled_store):
    good = export_bytes(filled_store, "jsonl").decode().splitlines()
    bad_lat = json.loads(good[0]) | {"lat": 200, "event_id": "bad1"}
    bad_dates = json.loads(good[0]) | {"date_start": "2024-05-02", "date_end": "2024-05-01", "event_id": "bad2"}
    p = tmp_path / "mixed.jsonl"
    p.write_text("\n".join([good[1], json.dumps(bad_lat), "{not json", json.dumps(bad_dates), good[2]]) + "\n",
                 encoding="utf-8")
    events, errors = import_events(p)
    assert len(events) == 2
    assert len(errors) == 3
    assert f"{p}:2" in errors[0] and "lat" in errors[0] and "out of range" in errors[0]
    assert f"{p}:3" in errors[1] and "not valid JSON" in errors[1]
    assert f"{p}:4" in errors[2] and "date_end" in errors[2] and "before" in errors[2]


def test_import_of_csv_reports_the_bad_row(tmp_path, filled_store):
    text = export_bytes(filled_store, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    rows[2][header.index("event_type")] = "picnic"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p = tmp_path / "edited.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    events, errors = import_events(p)
    assert len(events) == 3 and len(errors) == 1
    assert "event_type" in errors[0] and "'picnic'" in errors[0] and f"{p}:3" in errors[0]


def test_unknown_export_format_is_refused(filled_store, tmp_path):
    with pytest.raises(ValueError, match="csv, jsonl, geojson, parquet"):
        export_events(filled_store, "xlsx", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
