"""`marsad edit / add-event / history / revert / verify / reject / restore / backup`, in-process."""

from __future__ import annotations

import sqlite3

import pytest

from events import curation
from events.cli import main
from events.commands.curate import parse_value
from events.schema import validate
from events.store import Store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "marsad.db"
    s = Store(path)
    s.put_events([validate(dict(article_id="ar_1", event_type="airstrike", date_start="2024-02-02",
                                date_end="2024-02-02", date_precision="day", place_name="Al-Qa'im",
                                lat=34.37, lon=41.09, country="IQ", geo_precision="city",
                                actors=["United States"], counts={"killed": 18},
                                sentence="شنت الولايات المتحدة غارات على القائم", headline="US strikes"))])
    s.close()
    return path


def event_id(db) -> str:
    with Store(db) as s:
        return s.events()[0].event_id


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("field, raw, value", [
    ("counts.killed", "3", 3),
    ("counts.killed", "٣٠", 30),
    ("counts.killed", "null", None),
    ("counts.killed", "", None),
    ("counts", "killed=3,injured=2", {"killed": 3, "injured": 2}),
    ("counts", '{"killed": 1}', {"killed": 1}),
    ("actors", "Islamic State, قسد", "Islamic State, قسد"),
    ("actors", "", []),
    ("lat", "34.5", 34.5),
    ("lat", "٣٤٫٥", 34.5),
    ("lat", "null", None),
    ("sentence_start", "12", 12),
    ("headline", "  US strikes on al-Qa'im ", "  US strikes on al-Qa'im "),
    ("place_name", "none", None),
    ("mentions", "[]", []),
])
def test_values_are_parsed_by_field(field, raw, value):
    assert parse_value(field, raw) == value


def test_edit_history_revert_round_trip(db, capsys):
    eid = event_id(db)
    rc, out, _ = run(capsys, "edit", eid[:10], "--db", str(db), "--set", "counts.killed=20",
                     "--set", "actors=United States, Kataib Hezbollah", "--user", "نور")
    assert rc == 0 and "3 changes saved" in out
    with Store(db) as s:
        ev = s.event(eid)
        assert ev.counts == {"killed": 20} and ev.actors == ["United States", "Kataib Hezbollah"]
    rc, out, _ = run(capsys, "history", eid, "--db", str(db))
    lines = out.splitlines()
    assert len(lines) == 3
    killed = next(line for line in lines if "counts.killed" in line)
    assert "18 → 20" in killed and "نور" in killed
    edit_id = killed.split()[0].lstrip("#")
    rc, out, _ = run(capsys, "revert", edit_id, "--db", str(db), "--user", "x")
    assert rc == 0 and f"[revert of #{edit_id}]" in out
    with Store(db) as s:
        assert s.event(eid).counts == {"killed": 18}
    # reverting the same edit again is refused: the field changed since (the revert)
    rc, _, err = run(capsys, "revert", edit_id, "--db", str(db))
    assert rc == 2 and "has changed since" in err and "Traceback" not in err


def test_history_json_lines(db, capsys):
    eid = event_id(db)
    run(capsys, "verify", eid, "--db", str(db), "--user", "a")
    rc, out, _ = run(capsys, "history", eid, "--db", str(db), "--json")
    import json
    [row] = [json.loads(line) for line in out.splitlines()]
    assert (row["action"], row["field"], row["old"], row["new"], row["user"]) == ("verify", "status", "auto", "verified", "a")


@pytest.mark.parametrize("argv, message", [
    (["edit", "EID", "--set", "counts.killed=three"], "counts.killed='three' is not a whole number"),
    (["edit", "EID", "--set", "killed"], "write FIELD=VALUE"),
    (["edit", "EID", "--set", "=3"], "write FIELD=VALUE"),
    (["edit", "EID", "--set", "headline=a", "--set", "headline=b"], "given twice"),
    (["edit", "EID", "--set", "date_end=2024-01-01"], "date_"),
    (["edit", "EID", "--set", "lat=north"], "lat: 'north' is not a number"),
    (["edit", "EID", "--set", "event_type=massacre"], "event_type: 'massacre' is not one of"),
    (["edit", "EID", "--set", "colour=red"], "'colour' is not an event field"),
    (["edit", "EID", "--set", "event_id=ev_x"], "event_id cannot be edited"),
    (["edit", "EID", "--set", "counts={bad json"], "not valid JSON"),
    (["edit", "ev_missing", "--set", "headline=x"], "no event 'ev_missing'"),
    (["history", "ev_missing"], "no event 'ev_missing'"),
    (["revert", "4242"], "no edit #4242"),
    (["restore", "EID"], "is not rejected"),
    (["add-event", "--set", "article_id=ar_nope"], "article_id 'ar_nope' is not a stored article"),
])
def test_mistakes_are_one_clear_line_and_change_nothing(db, capsys, argv, message):
    eid = event_id(db)
    argv = [a.replace("EID", eid) for a in argv]
    with Store(db) as s:
        before = s.event(eid)
    rc, out, err = run(capsys, *argv, "--db", str(db))
    assert rc == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    with Store(db) as s:
        assert s.event(eid) == before
        assert curation.history(s, eid) == []


def test_reject_restore_and_add_event(db, capsys):
    eid = event_id(db)
    assert run(capsys, "reject", eid, "--db", str(db))[0] == 0
    with Store(db) as s:
        assert s.event(eid).status == "rejected"
    assert run(capsys, "restore", eid, "--db", str(db))[0] == 0
    with Store(db) as s:
        assert s.event(eid).status == "auto"
    rc, out, _ = run(capsys, "add-event", "--db", str(db), "--set", "event_type=protest",
                     "--set", "place_name=السويداء", "--set", "headline=Protest in Suwayda", "--user", "م")
    new_id = out.strip()
    with Store(db) as s:
        ev = s.event(new_id)
        assert (ev.method, ev.place_name, ev.headline) == ("manual", "السويداء", "Protest in Suwayda")


def test_backup_command(db, capsys, tmp_path):
    rc, out, _ = run(capsys, "backup", "--db", str(db))
    path = out.strip()
    assert rc == 0 and ".bak-" in path
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM events").fetchone() == (1,)
    rc, _, err = run(capsys, "backup", "--db", str(db), "--output", path)
    assert rc == 2 and "already exists" in err


def test_history_output_is_terminal_safe(db, capsys):
    """Escape sequences or bidi overrides in a value or a user name do not reach the terminal raw."""
    eid = event_id(db)
    run(capsys, "edit", eid, "--db", str(db), "--set", "headline=\x1b[2J\u202eevil", "--user", "\x1b]0;x\x07")
    rc, out, _ = run(capsys, "history", eid, "--db", str(db))
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\u001b" in out and "\\u202e" in out


def test_several_marsad_edit_processes_at_once(db):
    """Four `marsad edit` processes started together on one event: every change is kept and logged."""
    import subprocess
    import sys
    eid = event_id(db)
    fields = ("killed", "injured", "arrested", "escaped")
    procs = [subprocess.Popen([sys.executable, "-m", "events.cli", "edit", eid, "--db", str(db),
                               "--set", f"counts.{f}={i + 40}", "--user", f"p{i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for i, f in enumerate(fields)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [r[1] for r in results]
    with Store(db) as s:
        assert s.event(eid).counts == {f: i + 40 for i, f in enumerate(fields)}
        log = [h for h in curation.history(s, eid) if h["field"].startswith("counts.")]
    assert sorted((h["field"], h["user"]) for h in log) == sorted((f"counts.{f}", f"p{i}") for i, f in enumerate(fields))


def test_a_mistyped_db_path_is_not_created(tmp_path, capsys):
    missing = tmp_path / "typo" / "marsad.db"
    rc, _, err = run(capsys, "history", "ev_x", "--db", str(missing))
    assert rc == 2 and "no Marsad store at" in err
    assert not missing.exists() and not missing.parent.exists()
