"""A stale edit form asks before overwriting a field changed meanwhile."""

from __future__ import annotations

import pytest

from events import curation
from events.store import Store
from test_edit import app, button, by_label, db, eid  # noqa: F401 - the editor's fixtures and helpers


def _other_session_sets(db, field: str, value) -> None:
    with Store(db) as s:
        curation.edit_event(s, eid(db), {field: value}, "أحمد")


# (field changed elsewhere, its value there, widget label in B's form, B's value, stored field, B's stored value)
CLASHES = [
    pytest.param("counts.killed", 9, "number_input", "killed", 4, 4, id="count"),
    pytest.param("headline", "Drone strike kills two in Qamishli", "text_input", "Headline (English)",
                 "Turkish drone hits a car in Qamishli", "Turkish drone hits a car in Qamishli", id="headline"),
    pytest.param("actors", "Turkey, Syrian Democratic Forces", "text_input", "Actors (comma-separated)",
                 "Turkey, قسد", ["Turkey", "قسد"], id="actors"),
]


def _stored(db, field):
    with Store(db) as s:
        ev = s.event(eid(db))
    return ev.counts.get("killed") if field == "counts.killed" else getattr(ev, field)


@pytest.mark.parametrize("field, theirs, kind, label, mine, mine_stored", CLASHES)
def test_a_stale_save_writes_nothing_and_asks(db, field, theirs, kind, label, mine, mine_stored):
    b = app(db)  # B opens the form
    _other_session_sets(db, field, theirs)  # A saves the same field meanwhile
    stored_theirs = _stored(db, field)
    by_label(getattr(b, kind), label).set_value(mine)
    button(b, "Save changes").click().run()
    assert not b.exception
    assert _stored(db, field) == stored_theirs, "nothing is written before the analyst answers"
    [warning] = [w.value for w in b.warning if "Not saved yet" in w.value]
    assert field in warning.replace("\\", "") and str(theirs).split(",")[0] in warning.replace("\\", "")
    # B chooses to replace: now B's value is stored, and both are in the log
    button(b, "Save mine (replace theirs)").click().run()
    assert not b.exception
    assert _stored(db, field) == mine_stored
    with Store(db) as s:
        users = [h["user"] for h in curation.history(s, eid(db)) if h["field"] == field]
    assert users == ["أحمد", "سلمى"]


def test_discarding_keeps_their_value_and_reloads_the_form(db):
    b = app(db)
    _other_session_sets(db, "counts.killed", 9)
    by_label(b.number_input, "killed").set_value(4)
    button(b, "Save changes").click().run()
    button(b, "Discard mine, reload").click().run()
    assert _stored(db, "counts.killed") == 9
    assert by_label(b.number_input, "killed").value == 9
    assert not any("Not saved yet" in w.value for w in b.warning)


def test_saving_only_the_other_changes_keeps_theirs(db):
    b = app(db)
    _other_session_sets(db, "counts.killed", 9)
    by_label(b.number_input, "killed").set_value(4)
    by_label(b.text_input, "Headline (English)").set_value("Drone strike on a car in Qamishli")
    button(b, "Save changes").click().run()
    button(b, "Save only my other changes").click().run()
    assert _stored(db, "counts.killed") == 9
    assert _stored(db, "headline") == "Drone strike on a car in Qamishli"


def test_a_change_to_another_field_saves_without_asking(db):
    b = app(db)
    _other_session_sets(db, "counts.killed", 9)
    by_label(b.text_input, "Headline (English)").set_value("Drone strike on a car in Qamishli")
    button(b, "Save changes").click().run()
    assert not any("Not saved yet" in w.value for w in b.warning)
    assert _stored(db, "headline") == "Drone strike on a car in Qamishli" and _stored(db, "counts.killed") == 9
