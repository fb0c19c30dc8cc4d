"""ACLED import (`marsad import FILE`, `--format acled`) and the ACLED-shaped export."""

from __future__ import annotations

import csv
import io

import pytest

from events.cli import main
from events.interop.load import detect, import_file
from events.exports import export_bytes
from events.store import Store
from interop_samples import ACLED_GOOD, ACLED_HEADER, acled_csv, write_acled_with_bad_rows


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "acled-2024.csv"
    path.write_text(acled_csv(ACLED_GOOD), encoding="utf-8")
    store = Store(tmp_path / "m.db")
    report = import_file(store, path, "acled", say=pytest.fail)
    yield store, report
    store.close()


def test_header_tells_an_acled_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(acled_csv(ACLED_GOOD[:1]), encoding="utf-8")
    assert detect(path) == "acled"
    marsad = tmp_path / "marsad.csv"
    marsad.write_text("event_id,article_id,event_type\nx,a,other\n", encoding="utf-8")
    assert detect(marsad) is None


@pytest.mark.parametrize("eid, expected", [
    ("SYR45012", dict(event_type="armed_clash", date_start="2024-03-22", date_end="2024-03-22", date_precision="day",
                      geo_precision="city", country="SY", admin1="Idlib", place_name="Kafr Lata",
                      actor1="Military Forces of Syria (2000-2024)", actor2="Hayat Tahrir al-Sham",
                      counts={"killed": 3}, source="Syrian Observatory for Human Rights")),
    # week precision: the Monday–Sunday week holding 12 March 2024 (a Tuesday); "12 March 2024" form
    ("IRQ31877", dict(event_type="airstrike", date_start="2024-03-11", date_end="2024-03-17", date_precision="week",
                      geo_precision="region", country="IQ", admin1="Duhok", counts={}, date_text="12 March 2024")),
    # month precision: the calendar month; geo precision 3 with an admin1: a region
    ("LBY9120", dict(event_type="protest", date_start="2024-02-01", date_end="2024-02-29", date_precision="month",
                     geo_precision="region", country="LY", actor1="Protesters (Libya)", actor2=None)),
    # geo precision 3 without an admin1: the country
    ("MLI3305", dict(event_type="attack", geo_precision="country", country="ML", lon=-3.9962)),
    ("YEM88001", dict(event_type="arrest", country="YE", admin1="Amanat al Asimah", place_name="Sanaa")),
])
def test_rows_become_events(imported, eid, expected):
    store, report = imported
    ev = store.event(f"acled:{eid}")
    assert ev is not None
    for name, value in expected.items():
        assert getattr(ev, name) == value, name
    assert ev.method == "import" and ev.sentence.startswith(("On ", "Around ", "In ", "="))
    assert report.rows == report.stored == len(ACLED_GOOD)


def test_actors_keep_their_roles_and_associates(imported):
    store, _ = imported
    ev = store.event("acled:SYR45012")
    assert ev.actors == ["Military Forces of Syria (2000-2024)", "Hayat Tahrir al-Sham", "Turkistan Islamic Party"]
    protest = store.event("acled:LBY9120")
    assert protest.actors == ["Protesters (Libya)", "Students (Libya)", "Teachers (Libya)"]


def test_bad_rows_are_reported_by_line_and_field_and_the_rest_stored(tmp_path, capsys):
    path = tmp_path / "acled.csv"
    bad = write_acled_with_bad_rows(path)
    db = tmp_path / "m.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    for line, field in bad.items():
        hits = [e for e in err.splitlines() if f"{path}:{line}: {field}:" in e]
        assert len(hits) == 1, (line, field, err)
    assert "'31 February 2024' is not a date" in err and "has 3 fields" in err
    assert "Traceback" not in err
    with Store(db) as store:
        assert {e.event_id for e in store.events()} == {f"acled:{r['event_id_cnty']}" for r in ACLED_GOOD}


def test_reimport_updates_rows_and_keeps_analyst_edits(tmp_path, capsys):
    path = tmp_path / "acled.csv"
    path.write_text(acled_csv(ACLED_GOOD), encoding="utf-8")
    db = tmp_path / "m.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    with Store(db) as store:
        from events.curation import edit_event
        edit_event(store, "acled:YEM88001", {"counts.arrested": 1}, user="analyst")
    updated = [dict(r) for r in ACLED_GOOD]
    updated[0]["fatalities"] = "5"                      # ACLED revised the death toll
    updated[4]["notes"] = "ACLED's own revised note"    # …and a note the analyst had curated
    path.write_text(acled_csv(updated), encoding="utf-8")
    assert main(["import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr()
    with Store(db) as store:
        assert store.count_events() == len(ACLED_GOOD)
        assert store.event("acled:SYR45012").counts == {"killed": 5}
        kept = store.event("acled:YEM88001")
        assert kept.counts == {"arrested": 1} and kept.sentence.startswith("=On 2 April")
    assert "kept 1 event" in out.err


def test_export_acled_gives_back_the_mapped_columns(imported):
    store, _ = imported
    text = export_bytes(store, "acled").decode("utf-8-sig")
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(csv.reader(io.StringIO(text)))[0] == ACLED_HEADER
    assert set(rows) == {r["event_id_cnty"] for r in ACLED_GOOD}
    from events.interop.acled import parse_day
    for original in ACLED_GOOD:
        got = rows[original["event_id_cnty"]]
        for col in ACLED_HEADER:
            if col == "event_date":
                assert parse_day(got[col], {}) == parse_day(original[col], {})
            elif col == "notes":
                assert got[col].lstrip("'") == original[col]  # a leading '=' is escaped for spreadsheets
            elif col in ("latitude", "longitude"):
                assert float(got[col]) == float(original[col])
            else:
                assert got[col] == original[col], (original["event_id_cnty"], col)


def test_export_acled_follows_an_analysts_change(imported):
    store, _ = imported
    from events.curation import edit_event
    edit_event(store, "acled:IRQ31877", {"event_type": "bombing", "place_name": "Zakho"}, user="analyst")
    text = export_bytes(store, "acled").decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["event_id_cnty"] == "IRQ31877")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert row["location"] == "Zakho" and row["admin2"] == ""  # Amedi's admin2 no longer applies


def test_marsad_events_export_as_acled(tmp_path):
    from events.schema import validate
    events = [validate(dict(article_id="ar_1", event_type="arrest", date_start="2024-05-01", date_end="2024-05-10",
                            date_precision="month", place_name="Al-Hol camp", country="SY", admin1="Al-Hasakah",
                            lat=36.3792, lon=41.1481, geo_precision="point", actors=["Syrian Democratic Forces",
                            "Islamic State"], actor1="Syrian Democratic Forces", actor2="Islamic State",
                            counts={"arrested": 25}, sentence="ألقت القبض على ٢٥ عنصرا من خلايا تنظيم داعش")),
              validate(dict(article_id="ar_1", event_type="statement", sentence="بلا تاريخ"))]
    text = export_bytes(events, "acled").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1  # the undated statement cannot be an ACLED row
    r = rows[0]
    assert (r["event_type"], r["sub_event_type"], r["disorder_type"]) == ("Strategic developments", "Arrests",
                                                                          "Strategic developments")
    assert r["time_precision"] == "3" and "2024-05-01" <= r["event_date"] <= "2024-05-10"
    assert (r["iso"], r["country"], r["geo_precision"], r["fatalities"]) == ("760", "Syria", "1", "0")
    assert r["notes"].startswith("ألقت القبض")
