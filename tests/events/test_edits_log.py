"""The edits log is append-only whatever SQL reaches the file: no INSERT OR REPLACE
rewrite, dropped triggers come back on open, a dropped log is detected and said, not hidden."""

from __future__ import annotations

import sqlite3

import pytest

from events import curation
from events.schema import validate
from events.store import Store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "marsad.db"
    with Store(path) as s:
        s.put_events([validate(dict(article_id="ar_log", event_type="protest", date_start="2024-06-01",
                                    date_end="2024-06-01", date_precision="day", place_name="Suwayda",
                                    sentence="تظاهر المئات في ساحة الكرامة", headline="Protest in Suwayda"))])
        eid = s.events()[0].event_id
        curation.edit_event(s, eid, {"counts.protesters": 300}, "رنا")
    return path


def log_rows(path) -> list[tuple]:
    c = sqlite3.connect(path)
    rows = c.execute("SELECT edit_id, field, old_value, new_value, user FROM edits ORDER BY edit_id").fetchall()
    c.close()
    return rows


@pytest.mark.parametrize("sql", [
    "INSERT OR REPLACE INTO edits(edit_id, event_id, field, old_value, new_value, user, ts, action) "
    "VALUES (1, 'x', 'counts.protesters', 'null', '3', 'forger', '2020-01-01T00:00:00.000Z', 'edit')",
    "REPLACE INTO edits(edit_id, event_id, field, old_value, new_value, user, ts, action) "
    "VALUES (1, 'x', 'counts.protesters', 'null', '3', 'forger', '2020-01-01T00:00:00.000Z', 'edit')",
    "UPDATE edits SET new_value='3' WHERE edit_id=1",
    "DELETE FROM edits WHERE edit_id=1",
    "UPDATE OR REPLACE edits SET user='forger'",
])
def test_raw_sql_cannot_rewrite_the_log(db, sql):
    before = log_rows(db)
    c = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        c.execute(sql)
    c.close()
    assert log_rows(db) == before


def test_appending_a_new_row_still_works(db):
    c = sqlite3.connect(db)
    c.execute("INSERT INTO edits(event_id, field, old_value, new_value, user, ts, action) "
              "VALUES ('x', 'headline', 'null', '\"a\"', 'u', '2024-01-01T00:00:00.000Z', 'edit')")
    c.commit()
    c.close()
    assert len(log_rows(db)) == 3


def test_dropped_triggers_are_recreated_on_open(db):
    c = sqlite3.connect(db)
    for name in [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]:
        c.execute(f"DROP TRIGGER {name}")
    c.commit()
    c.close()
    Store(db).close()
    c = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        c.execute("DELETE FROM edits")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        c.execute("INSERT OR REPLACE INTO edits(edit_id, event_id, field, ts, action) VALUES (1, 'x', 'f', 't', 'edit')")
    c.close()


def test_a_dropped_log_is_detected_and_said(db, capsys):
    c = sqlite3.connect(db)
    c.execute("DROP TRIGGER IF EXISTS edits_append_only_d")
    c.execute("DROP TABLE edits")
    c.commit()
    c.close()
    with Store(db) as s:
        assert s.log_lost_at  # the store knows…
    err = capsys.readouterr().err
    assert "edits log" in err and "missing" in err and "backup" in err  # …and says so, once
    rows = log_rows(db)
    assert [r[1] for r in rows] == ["edits"]  # the log itself records that it was lost
    with Store(db) as s:
        assert s.log_lost_at
    assert capsys.readouterr().err == ""  # opened again: not a new loss


def test_a_fresh_store_and_an_intact_one_report_nothing(tmp_path, db, capsys):
    with Store(tmp_path / "new.db") as s:
        assert s.log_lost_at is None
    with Store(db) as s:
        assert s.log_lost_at is None
    assert capsys.readouterr().err == ""
