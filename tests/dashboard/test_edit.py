"""The dashboard editor (dashboard/edit.py) driven with Streamlit's AppTest: save, verify, reject, revert, add."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.edit import md_escape
from events import curation
from events.schema import Article, validate
from events.store import Store

ARTICLE = Article(id="ar_ed1", title="هجوم بطائرة مسيرة على القامشلي", published="2024-03-10",
                  source="كردستان 24", language="ar", text="استهدفت طائرة مسيرة تركية سيارة في القامشلي.")

SCRIPT = """
import streamlit as st
from events.store import Store
from dashboard.edit import render_editor, render_add_event
store = Store({db!r})
if {add!r}:
    render_add_event(store, "سلمى")
else:
    render_editor(store, {eid!r}, "سلمى")
"""


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "m.db"
    with Store(path) as s:
        s.add_articles([ARTICLE])
        s.put_events([validate(dict(
            article_id=ARTICLE.id, event_type="airstrike", date_start="2024-03-09", date_end="2024-03-09",
            date_precision="day", place_name="Qamishli", lat=37.05, lon=41.22, country="SY",
            geo_precision="city", actors=["Turkey"], counts={"killed": 2}, sentence=ARTICLE.text,
            headline="Turkish drone strike in Qamishli"))])
    return path


def eid(db) -> str:
    with Store(db) as s:
        return s.events()[0].event_id


def app(db, add: bool = False) -> AppTest:
    at = AppTest.from_string(SCRIPT.format(db=str(db), eid=eid(db), add=add), default_timeout=30)
    return at.run()


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_save_from_the_form_is_stored_and_logged(db):
    at = app(db)
    assert not at.exception
    by_label(at.number_input, "killed").set_value(3)
    by_label(at.text_input, "Actors (comma-separated)").set_value("Turkey, قسد")
    by_label(at.selectbox, "Type").set_value("attack")
    by_label(at.date_input, "To").set_value(date(2024, 3, 10))
    by_label(at.selectbox, "Date precision").set_value("week")
    button(at, "Save changes").click().run()
    assert not at.exception
    with Store(db) as s:
        ev = s.event(eid(db))
        assert (ev.counts, ev.actors, ev.event_type, ev.date_end, ev.date_precision, ev.status) == (
            {"killed": 3}, ["Turkey", "قسد"], "attack", "2024-03-10", "week", "edited")
        log = curation.history(s, ev.event_id)
    assert {h["user"] for h in log} == {"سلمى"}
    assert {h["field"] for h in log} == {"counts.killed", "actors", "event_type", "date_end", "date_precision", "status"}
    # the rebuilt page shows the saved values and one history line per change
    assert by_label(at.number_input, "killed").value == 3
    assert any("counts.killed: 2 → 3" in t.value for t in at.text)
    assert any("Saved 6 change" in s.value for s in at.success)


def test_bad_value_shows_an_error_and_saves_nothing(db):
    at = app(db)
    by_label(at.date_input, "From").set_value(date(2024, 3, 20))   # after "To"
    button(at, "Save changes").click().run()
    assert not at.exception
    assert any("date_end: 2024-03-09 is before date_start 2024-03-20" in e.value.replace("\\", "") for e in at.error)
    with Store(db) as s:
        assert curation.history(s, eid(db)) == []


def test_verify_reject_restore_buttons(db):
    at = app(db)
    button(at, "✔ Verify").click().run()
    with Store(db) as s:
        assert s.event(eid(db)).status == "verified"
    button(at, "✖ Reject").click().run()
    with Store(db) as s:
        assert s.event(eid(db)).status == "rejected"
    assert not any(b.label == "✖ Reject" for b in at.button)
    button(at, "↺ Restore").click().run()
    with Store(db) as s:
        assert s.event(eid(db)).status == "verified"


def test_revert_button_per_change(db):
    with Store(db) as s:
        [killed, _status] = curation.edit_event(s, eid(db), {"counts.killed": 5}, "x")
    at = app(db)
    reverts = [b for b in at.button if b.label == "Revert"]
    assert len(reverts) == 2
    next(b for b in reverts if b.key.endswith(f"_rv_{killed}")).click().run()
    assert not at.exception
    with Store(db) as s:
        assert s.event(eid(db)).counts == {"killed": 2}
        last = curation.history(s, eid(db))[-1]
    assert (last["action"], last["reverts"], last["user"]) == ("revert", killed, "سلمى")


def test_add_manual_event_from_the_form(db):
    at = app(db, add=True)
    assert not at.exception
    by_label(at.selectbox, "From article (optional)").set_value((ARTICLE.id, ARTICLE.title))
    by_label(at.selectbox, "Type").set_value("protest")
    by_label(at.date_input, "From").set_value(date(2024, 3, 8))
    by_label(at.text_input, "Headline (English)").set_value("Protest in Qamishli")
    by_label(at.number_input, "arrested").set_value(4)
    button(at, "Add event").click().run()
    assert not at.exception
    with Store(db) as s:
        [manual] = [e for e in s.events() if e.method == "manual"]
    assert (manual.event_type, manual.date_start, manual.date_end, manual.date_precision, manual.counts,
            manual.source, manual.headline) == ("protest", "2024-03-08", "2024-03-08", "day", {"arrested": 4},
                                                "كردستان 24", "Protest in Qamishli")
    # a fresh form afterwards: a second click cannot add the same event twice
    assert by_label(at.text_input, "Headline (English)").value == ""
    assert any("Added event" in s.value for s in at.success)


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "![x](http://evil/x.png)", "<img src=x onerror=alert(1)>",
    "**bold** _it_ `code` $x^2$", "# title", "a\\b", "see http://evil.invalid/x or www.evil.invalid",
])
def test_md_escape_leaves_no_markdown_active(text):
    """Every character markdown could act on is backslash-escaped, and the text is otherwise kept."""
    import re
    out = md_escape(text)
    assert re.search(r"(?<!\\)[\[\]()!<>`*_$#]", out.replace("\\\\", "")) is None
    assert re.sub(r"\\(.)", r"\1", out).replace("\u200b", "") == text
    # GFM autolinks ignore backslashes: a zero-width space must break every URL and www. prefix
    assert not re.search(r"(?i)(://|www)\\?[.\w]", out.replace("\\", ""))


def test_two_sessions_editing_one_event_keep_both_changes(db):
    """Session B's form was opened before A saved: B's save writes only what B changed."""
    a, b = app(db), app(db)
    by_label(a.number_input, "killed").set_value(7)
    button(a, "Save changes").click().run()
    by_label(b.text_input, "Headline (English)").set_value("Drone strike on a car in Qamishli")
    button(b, "Save changes").click().run()
    assert not a.exception and not b.exception
    with Store(db) as s:
        ev = s.event(eid(db))
        log = curation.history(s, ev.event_id)
    assert ev.counts == {"killed": 7} and ev.headline == "Drone strike on a car in Qamishli"
    assert [h["field"] for h in log if h["field"] != "status"] == ["counts.killed", "headline"]
    # B now sees A's change too (its form was rebuilt after its own save)
    assert by_label(b.number_input, "killed").value == 7


def test_a_session_is_told_when_the_event_changed_elsewhere(db):
    b = app(db)
    with Store(db) as s:
        curation.edit_event(s, eid(db), {"counts.killed": 9}, "cli")
    b.run()
    assert any("changed elsewhere" in i.value for i in b.info)
    button(b, "Reload the form").click().run()
    assert by_label(b.number_input, "killed").value == 9
    assert not any("changed elsewhere" in i.value for i in b.info)


def test_place_from_the_gazetteer_search(db):
    at = app(db)
    by_label(at.text_input, "Search a place (Arabic or English)").set_value("الهول").run()
    pick = by_label(at.selectbox, "Place found")
    hol = next(p for p in pick.options if "الهول" in p)
    idx = pick.options.index(hol)
    pick.select_index(idx).run()
    button(at, "Save changes").click().run()
    assert not at.exception
    with Store(db) as s:
        ev = s.event(eid(db))
    assert (ev.place_name_ar, ev.country, ev.geo_precision) == ("الهول", "SY", "city")
    assert ev.place_id.startswith("geonames:") and abs(ev.lat - 36.39) < 0.1 and abs(ev.lon - 41.15) < 0.1
