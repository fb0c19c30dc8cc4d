"""What survives a crash: `marsad backup` and `marsad export` SIGKILLed mid-write
leave no half file at the target, a retry with the same name works, and the stale temporary files
of killed runs are cleaned up."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events import curation
from events.schema import Event
from events.atomic import clean_stale_temps, temp_path
from events.exports import export_events
from events.store import Store

MARSAD = [sys.executable, "-m", "events.cli"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    """A store big enough (tens of MB) that writing a copy of it takes a noticeable moment."""
    path = tmp_path_factory.mktemp("big") / "marsad.db"
    sentence = "أعلنت قوات سوريا الديمقراطية اعتقال خلية لتنظيم داعش في ريف دير الزور الشرقي. " * 60
    with Store(path) as s:
        s.put_events(Event(event_id=f"ev_big_{i:05d}", article_id=f"ar_big_{i // 10}", event_type="arrest",
                           sentence=sentence, headline=f"Arrests in Deir ez-Zor #{i}") for i in range(6000))
    return path


def dead_pid() -> int:
    """The id of a process that has exited (for stale temporary files)."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def kill_when_temp_appears(argv: list[str], folder: Path, target: Path) -> bool:
    """Run ``marsad …``, SIGKILL it as soon as its temporary file shows up; True when killed mid-write."""
    proc = subprocess.Popen(MARSAD + argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(f".{target.name}.tmp-") for p in folder.iterdir()):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.0005)
    proc.wait()
    return False


def assert_no_half_file(target: Path, events: int) -> None:
    """The target is either absent or a complete copy; never a partial file."""
    if not target.exists():
        return
    if target.suffix == ".db":
        c = sqlite3.connect(target)
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert c.execute("SELECT COUNT(*) FROM events").fetchone()[0] == events
        c.close()
    else:
        assert len(target.read_bytes().splitlines()) == events


@pytest.mark.parametrize("command", ["backup", "export"])
def test_sigkill_mid_write_leaves_no_half_file_and_a_retry_works(big_db, tmp_path, command):
    with Store(big_db) as s:
        n = s.count_events()
    target = tmp_path / ("copy.db" if command == "backup" else "events.jsonl")
    argv = [command, "--db", str(big_db), "--output", str(target)]
    caught = 0
    for _ in range(2):
        if kill_when_temp_appears(argv, tmp_path, target):
            caught += 1
        assert_no_half_file(target, n)
        target.unlink(missing_ok=True)
    assert caught, "the process was never caught while writing: the store is too small to test this"
    assert not target.exists()
    stale = [p for p in tmp_path.iterdir() if p.name.startswith(f".{target.name}.tmp-")]
    assert stale, "a killed run leaves its temporary file (it is cleaned by the next run)"
    # the retry with the same name works and cleans up what the killed runs left
    done = subprocess.run(MARSAD + argv, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert_no_half_file(target, n)
    assert target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_backup_writes_a_temporary_name_then_renames(tmp_path):
    s = Store(tmp_path / "m.db")
    target = tmp_path / "b.db"
    old = temp_path(target, dead_pid())
    old.write_bytes(b"SQLite format 3\x00 half a backup")
    Path(f"{old}-journal").write_bytes(b"journal")
    curation.backup(s, target)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("m.db")) == ["b.db"]
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with pytest.raises(curation.CurationError, match="already exists"):
        curation.backup(s, target)  # still never overwrites
    s.close()


def test_stale_temps_of_dead_runs_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / "events.csv"
    dead = temp_path(target, dead_pid())
    live = temp_path(target, os.getppid())  # a running process (pytest's parent) may be writing it
    other = tmp_path / ".notes.txt.tmp-1"  # not ours: another name
    for p in (dead, live, other):
        p.write_text("x")
    Path(f"{dead}-journal").write_text("x")
    removed = clean_stale_temps(target)
    assert sorted(p.name for p in removed) == sorted([dead.name, f"{dead.name}-journal"])
    assert live.exists() and other.exists() and not dead.exists()


def test_export_cleans_the_temp_a_killed_export_left(tmp_path):
    s = Store(":memory:")
    target = tmp_path / "e.jsonl"
    stale = temp_path(target, dead_pid())
    stale.write_bytes(b"x" * 1000)
    export_events(s, "jsonl", target)
    assert [p.name for p in tmp_path.iterdir()] == ["e.jsonl"]


def test_a_default_backup_cleans_what_killed_default_backups_left(tmp_path):
    """Default backups are named by time, so a killed one's temp would never be retried by name."""
    s = Store(tmp_path / "m.db")
    pid = dead_pid()
    old = tmp_path / f".m.db.bak-20250101T000000Z.tmp-{pid}"
    old.write_bytes(b"SQLite format 3\x00 half")
    Path(f"{old}-journal").write_bytes(b"j")
    foreign = tmp_path / f".other.db.bak-20250101T000000Z.tmp-{pid}"  # another store's: not ours to remove
    foreign.write_bytes(b"x")
    made = curation.backup(s)
    s.close()
    assert not old.exists() and not Path(f"{old}-journal").exists() and foreign.exists()
    assert made.exists() and made.name.startswith("m.db.bak-")
