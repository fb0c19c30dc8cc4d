"""Event dates live in years 1–2200: refused outside it at validation, import, edit
and extraction, and a store already holding such a date never takes a dashboard view down."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dash_sample import fill_store, sample_events, sample_frame
from dashboard.timeline import axis_range, build_timeline
from events import curation
from events.cli import main
from events.dates import find_dates, parse_date
from events.schema import EARLIEST_DATE, LATEST_DATE, Article, ValidationError, validate
from events.imports import import_events
from events.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
EVENT = dict(article_id="ar_range", event_type="attack", date_precision="day",
             sentence="هاجم مسلحون حاجزا أمنيا في ريف دير الزور", headline="Attack on a checkpoint")


def test_the_range_is_years_1_to_2200():
    assert (EARLIEST_DATE, LATEST_DATE) == (date(1, 1, 1), date(2200, 12, 31))


@pytest.mark.parametrize("day, ok", [
    ("0001-01-01", True), ("0680-10-10", True), ("2024-04-26", True), ("2200-12-31", True),
    ("2201-01-01", False), ("9999-12-31", False), ("5000-06-15", False),
])
def test_validation_refuses_dates_outside_the_range(day, ok):
    rec = dict(EVENT, date_start=day, date_end=day)
    if ok:
        assert validate(rec).date_start == day
    else:
        with pytest.raises(ValidationError) as exc:
            validate(rec)
        assert "date_start" in exc.value.errors and "years 1–2200" in exc.value.errors["date_start"]


def test_a_publication_date_outside_the_range_is_refused_too():
    with pytest.raises(ValidationError) as exc:
        validate(dict(EVENT, published="9000-01-01"))
    assert "published" in exc.value.errors


@pytest.mark.parametrize("text, published, kept", [
    ("قتل ثلاثة مدنيين في 31 ديسمبر 9999 بقصف مدفعي", "2024-01-05", None),
    ("اعتقلت القوات خمسة مطلوبين في عام 2500", "2024-01-05", None),
    ("The militants said the truce would last until 1 January 3000.", "2024-01-05", None),
    ("قتل ثلاثة مدنيين في 31 ديسمبر 2023 بقصف مدفعي", "2024-01-05", date(2023, 12, 31)),
    ("وفي سنة 61 للهجرة الموافق 680 ميلادي وقعت المعركة", "2024-01-05", date(680, 1, 1)),
])
def test_extraction_does_not_read_a_date_outside_the_range(text, published, kept):
    mentions = [m for m in find_dates(text, published) if m.date_start is not None]
    if kept is None:
        assert mentions == []
    else:
        assert mentions and mentions[0].date_start == kept


def test_relative_dates_against_a_publication_beyond_the_range_are_not_dates():
    assert [m for m in find_dates("ستقصف الطائرات القرية غدا", date(2200, 12, 31)) if m.date_start] == []


@pytest.mark.parametrize("text", ["9999-12-31", "2201-03-01T10:00:00Z", "31 December 9999"])
def test_a_publication_line_outside_the_range_is_unknown(text):
    assert parse_date(text) is None


def test_import_refuses_the_record_and_keeps_the_others(tmp_path):
    good = dict(EVENT, date_start="2024-03-01", date_end="2024-03-01")
    bad = dict(EVENT, date_start="9999-12-31", date_end="9999-12-31", sentence="جملة أخرى")
    p = tmp_path / "events.jsonl"
    p.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(bad, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    events, errors = import_events(p)
    assert [e.date_start for e in events] == ["2024-03-01"]
    assert len(errors) == 1 and f"{p}:2" in errors[0] and "date_start" in errors[0] and "1–2200" in errors[0]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "m.db"
    with Store(path) as s:
        s.put_events([validate(dict(EVENT, date_start="2024-03-01", date_end="2024-03-01"))])
    return path


def test_edit_set_refuses_a_date_outside_the_range(db, capsys):
    with Store(db) as s:
        eid = s.events()[0].event_id
    rc = main(["edit", eid, "--db", str(db), "--set", "date_start=9999-12-31", "--set", "date_end=9999-12-31"])
    err = capsys.readouterr().err
    assert rc == 2 and "date_start" in err and "years 1–2200" in err and "Traceback" not in err
    with Store(db) as s:
        assert s.events()[0].date_start == "2024-03-01"


def poison(path: Path, day: str, event_id: str) -> None:
    """Write an out-of-range date straight into the store (as a store from before the check holds)."""
    c = sqlite3.connect(path)
    c.execute("UPDATE events SET date_start=?, date_end=?, date_precision='day' WHERE event_id=?", (day, day, event_id))
    c.commit()
    c.close()


def test_an_event_stored_with_a_bad_date_can_still_be_rejected_or_fixed(db):
    with Store(db) as s:
        eid = s.events()[0].event_id
    poison(db, "9999-12-31", eid)
    with Store(db) as s:
        assert curation.set_status(s, eid, "rejected", "ليلى")  # a change elsewhere is not refused
        with pytest.raises(curation.CurationError):
            curation.edit_event(s, eid, {"date_start": "9000-01-01", "date_end": "9000-01-01"})
        curation.edit_event(s, eid, {"date_start": "2024-03-02", "date_end": "2024-03-02"})
        assert s.event(eid).date_start == "2024-03-02"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "0060-03-01", "1500-06-01", "2150-01-01"])
@pytest.mark.parametrize("max_marks", [3000, 2])
def test_timeline_axis_holds_any_stored_date(day, max_marks):
    f = sample_frame()
    i = f.index[0]
    for col in ("date_start", "date_end"):
        f[col] = f[col].astype(object)
        f.loc[i, col] = day
        f[col] = pd.to_datetime(f[col], format="ISO8601")
    fig = build_timeline(f, max_marks=max_marks)
    lo, hi = fig.layout.xaxis.range
    assert len(lo) == len(hi) == 10 and lo <= min(day, "2022-01-01") and hi >= max(day, "2024-03-22")


def test_axis_padding_never_leaves_four_digit_years():
    f = pd.DataFrame({"date_start": pd.to_datetime(["0001-01-01", "9999-12-31"], format="ISO8601"),
                      "date_end": pd.to_datetime(["0001-01-01", "9999-12-31"], format="ISO8601")})
    assert axis_range(f) == ["0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("day, shown", [
    ("9999-12-31", False), ("1500-06-01", True), ("0001-01-01", True),
    ("0000-01-01", False), ("-0001-01-01", False), ("2024-02-30", False),  # written into the file by hand
])
def test_dashboard_pages_survive_a_stored_bad_date(tmp_path, monkeypatch, day, shown):
    path = tmp_path / "marsad.db"
    fill_store(str(path)).close()
    bad = sample_events()[0]
    poison(path, day, bad.event_id)
    monkeypatch.setenv("MARSAD_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["detail_id"] = bad.event_id  # the detail panel opens the editor on that event
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 1
    froms = [w for w in at.date_input if w.label == "From"]
    assert froms, "the editor of the event with the stored date is shown"
    if shown:
        assert froms[0].value == date.fromisoformat(day)
    else:
        assert froms[0].value is None
        assert any("outside the years 1–2200" in w.value for w in at.warning)


@pytest.mark.parametrize("day", ["9999-12-31", "0000-01-01"])
def test_saving_another_field_keeps_a_stored_bad_date_and_rejecting_works(tmp_path, day):
    """Editing the headline of such an event neither clears its dates nor is refused for them."""
    path = tmp_path / "m.db"
    with Store(path) as s:
        s.put_events([validate(dict(EVENT, date_start="2024-03-01", date_end="2024-03-01"))])
        eid = s.events()[0].event_id
    poison(path, day, eid)
    script = ("from events.store import Store\nfrom dashboard.edit import render_editor\n"
              f"render_editor(Store({str(path)!r}), {eid!r}, 'سلمى')\n")
    at = AppTest.from_string(script, default_timeout=30).run()
    next(w for w in at.text_input if w.label == "Headline (English)").set_value("Attack on a checkpoint (checked)")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Store(path) as s:
        ev = s.event(eid)
        assert ev.headline == "Attack on a checkpoint (checked)" and ev.date_start == day
        assert [h["field"] for h in curation.history(s, eid)] == ["headline", "status"]
        curation.delete_event(s, eid, "سلمى")
        assert s.event(eid).status == "rejected"


@pytest.mark.parametrize("value", ["9999-12-31", "2201-01-01T08:00:00Z", "31 December 9999"])
def test_a_publication_date_outside_the_range_is_stored_as_unknown_and_said(value):
    from events.articles import parse_published

    iso, problem = parse_published(value)
    assert iso is None and problem


def test_an_article_stored_with_a_bad_publication_date_is_still_extracted():
    from events.extract import extract_article

    art = Article(id="ar_pub9999", title="غارة على ريف إدلب", published="9999-12-31", language="ar",
                  text="قتل ثلاثة مدنيين في غارة جوية على بلدة سرمين في ريف إدلب يوم أمس.")
    events = extract_article(art)
    assert events and all(e.published is None and e.date_start is None for e in events)
