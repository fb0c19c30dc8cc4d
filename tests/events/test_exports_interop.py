"""TimelineJS, KML and kepler.gl exports: checked against each format's rules, parsed back."""

from __future__ import annotations

import calendar
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from events.cli import main
from events.schema import validate
from events.exports import export_bytes, export_events
from events.store import Store

KML = "{http://www.opengis.net/kml/2.2}"

# TimelineJS3's slide and date fields (timeline.knightlab.com/docs/json-format.html).
TL_DATE = {"type": "object", "required": ["year"], "additionalProperties": False, "properties": {
    "year": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31}, "hour": {"type": "integer"},
    "minute": {"type": "integer"}, "second": {"type": "integer"}, "millisecond": {"type": "integer"},
    "display_date": {"type": "string"}}}
TL_TEXT = {"type": "object", "additionalProperties": False,
           "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
TIMELINEJS3 = {"type": "object", "required": ["events"], "properties": {
    "title": {"type": "object", "properties": {"text": TL_TEXT}},
    "events": {"type": "array", "items": {"type": "object", "required": ["start_date"], "additionalProperties": False,
                                          "properties": {"start_date": TL_DATE, "end_date": TL_DATE, "text": TL_TEXT,
                                                         "media": {"type": "object"}, "group": {"type": "string"},
                                                         "display_date": {"type": "string"},
                                                         "background": {"type": "object"},
                                                         "autolink": {"type": "boolean"},
                                                         "unique_id": {"type": "string"}}}},
    "eras": {"type": "array"}, "scale": {"enum": ["human", "cosmological"]}}}


def sample() -> list:
    return [validate(d) for d in (
        dict(article_id="ar_1", event_type="arrest", date_start="2024-04-25", date_end="2024-04-25",
             date_precision="day", date_text="الخميس الماضي", place_name="Al-Hol camp", place_name_ar="مخيم الهول",
             country="SY", admin1="Al-Hasakah", lat=36.3792, lon=41.1481, geo_precision="point",
             actors=["Syrian Democratic Forces", "Islamic State"], actor1="Syrian Democratic Forces",
             counts={"arrested": 25}, sentence="ألقت القبض على ٢٥ عنصرا <b>من</b> خلايا تنظيم داعش",
             sentence_start=0, headline="SDF arrested 25 <IS> members & more"),
        dict(article_id="ar_1", event_type="meeting", date_start="2024-05-01", date_end="2024-05-10",
             date_precision="month", date_text="مطلع شهر مايو", place_name="Paris", country="FR",
             lat=48.8566, lon=2.3522, geo_precision="city", sentence="ستعقد اجتماعا أمنيا", sentence_start=40),
        dict(article_id="ar_2", event_type="prison_break", date_start="2022-01-01", date_end="2022-12-31",
             date_precision="year", date_text="2022", place_name="Ghwayran prison", lat=36.48, lon=40.75,
             geo_precision="point", sentence="Escape from \x01 the \"prison\" in 2022", sentence_start=0),
        dict(article_id="ar_2", event_type="deployment", date_start="2024-06-01", date_end="2024-08-31",
             date_precision="season", date_text="صيف 2024", sentence="نشر قوات", sentence_start=90),
        dict(article_id="ar_3", event_type="statement", sentence="بيان بلا تاريخ", sentence_start=0,
             lat=33.5, lon=36.3),
    )]


def _day_ok(d: dict) -> bool:
    return "day" not in d or d["day"] <= calendar.monthrange(d["year"], d["month"])[1]


def _key(d: dict) -> tuple:
    return d["year"], d.get("month", 1), d.get("day", 1)


def test_timelinejs_follows_timelinejs3_rules():
    doc = json.loads(export_bytes(sample(), "timelinejs"))
    jsonschema.validate(doc, TIMELINEJS3)
    slides = doc["events"]
    assert len(slides) == 4  # the undated statement is left out
    assert len({s["unique_id"] for s in slides}) == 4
    for s in slides:
        assert "day" not in s["start_date"] or "month" in s["start_date"]
        assert _day_ok(s["start_date"]) and _day_ok(s.get("end_date", s["start_date"]))
        assert _key(s.get("end_date", s["start_date"])) >= _key(s["start_date"])
    by_group = {s["group"]: s for s in slides}
    assert by_group["arrest"]["start_date"] == {"year": 2024, "month": 4, "day": 25} and "end_date" not in by_group["arrest"]
    assert by_group["meeting"]["start_date"] == {"year": 2024, "month": 5}      # month precision
    assert by_group["prison_break"]["start_date"] == {"year": 2022}           # year precision
    assert by_group["deployment"]["end_date"] == {"year": 2024, "month": 8}   # a season spans months
    arrest = by_group["arrest"]
    assert arrest["text"]["headline"] == "SDF arrested 25 &lt;IS&gt; members &amp; more"
    assert "&lt;b&gt;من&lt;/b&gt;" in arrest["text"]["text"] and "<b>" not in arrest["text"]["text"]
    assert arrest["display_date"] == "الخميس الماضي"


def test_kml_parses_back_with_placemarks_time_spans_and_escaped_text():
    root = ET.fromstring(export_bytes(sample(), "kml"))
    assert root.tag == f"{KML}kml"
    marks = root.findall(f"{KML}Document/{KML}Placemark")
    assert len(marks) == 4  # the deployment has no coordinates
    arrest = marks[0]
    assert arrest.findtext(f"{KML}name") == "SDF arrested 25 <IS> members & more"
    assert arrest.findtext(f"{KML}TimeSpan/{KML}begin") == "2024-04-25"
    assert arrest.findtext(f"{KML}Point/{KML}coordinates") == "41.1481,36.3792"
    desc = arrest.findtext(f"{KML}description")
    assert "&lt;b&gt;" in desc and "<b>" not in desc and "مخيم الهول" in desc
    data = {d.get("name"): d.findtext(f"{KML}value") for d in arrest.iter(f"{KML}Data")}
    assert data["event_type"] == "arrest" and data["place_name_ar"] == "مخيم الهول"
    statement = [m for m in marks if m.find(f"{KML}TimeSpan") is None]
    assert len(statement) == 1  # undated but located: a placemark without a time span
    assert "\x01" not in export_bytes(sample(), "kml").decode("utf-8")


def test_kepler_map_json_has_a_dataset_a_point_layer_coloured_by_type_and_a_time_filter():
    doc = json.loads(export_bytes(sample(), "kepler"))
    data = doc["datasets"][0]["data"]
    names = [f["name"] for f in data["fields"]]
    assert all(len(row) == len(names) for row in data["allData"]) and len(data["allData"]) == 4
    layer = doc["config"]["config"]["visState"]["layers"][0]
    assert layer["type"] == "point" and layer["config"]["dataId"] == data["id"]
    assert {layer["config"]["columns"]["lat"], layer["config"]["columns"]["lng"]} <= set(names)
    assert layer["visualChannels"]["colorField"]["name"] == "event_type" in names
    (flt,) = doc["config"]["config"]["visState"]["filters"]
    field = data["fields"][names.index(flt["name"][0])]
    assert flt["type"] == "timeRange" and field["type"] == "timestamp"
    starts = [row[names.index("date_start")] for row in data["allData"] if row[names.index("date_start")]]
    assert flt["value"][0] == min(starts) and flt["value"][1] >= max(starts)


def test_geojson_stays_valid_beside_the_new_formats():
    doc = json.loads(export_bytes(sample(), "geojson"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 4
    for f in doc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


@pytest.mark.parametrize("fmt, left_out", [("timelinejs", "1 undated event left out"),
                                           ("kml", "1 event without coordinates left out"),
                                           ("kepler", "1 event without coordinates left out")])
def test_cli_export_says_what_was_left_out(tmp_path, capsys, fmt, left_out):
    db = tmp_path / "m.db"
    with Store(db) as s:
        s.put_events(sample())
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--db", str(db), "--format", fmt, "--output", str(out)]) == 0
    assert left_out in capsys.readouterr().err and out.stat().st_size > 0


def test_kml_format_is_told_from_the_extension(tmp_path):
    db = tmp_path / "m.db"
    with Store(db) as s:
        s.put_events(sample())
    assert main(["export", "--db", str(db), "--output", str(tmp_path / "events.kml")]) == 0
    ET.parse(tmp_path / "events.kml")


def test_store_exports_stream_in_chunks(tmp_path, monkeypatch):
    from events import exports as exports_mod
    monkeypatch.setattr(exports_mod, "EXPORT_CHUNK", 2)
    with Store(tmp_path / "m.db") as s:
        s.put_events(sample())
        out = tmp_path / "t.json"
        summary = export_events(s, "timelinejs", out)
    assert summary.written == 4 and summary.undated == 1
    assert len(json.loads(out.read_text(encoding="utf-8"))["events"]) == 4
