"""Files written atomically: exports and backups never leave a half file at their target.

A file is written as ``.NAME.tmp-PID`` beside its target and renamed when complete, so a run
killed midway never leaves a half file at the target name; the next run writing that target
removes the temporary files whose process is gone (:func:`clean_stale_temps`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path


def temp_path(target: Path, pid: int | None = None) -> Path:
    """The temporary name ``target`` is written under by process ``pid`` (default: this one)."""
    return target.with_name(f".{target.name}.tmp-{os.getpid() if pid is None else pid}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no way to tell: keep its file
        return True
    return True


_TEMP = re.compile(r"\.(?P<name>.+)\.tmp-(?P<pid>\d+)(?:-journal|-wal|-shm)?")


def clean_stale_temps(target: Path, *, family: str | None = None) -> list[Path]:
    """Remove what killed runs writing ``target`` left (``.NAME.tmp-PID`` and its SQLite side
    files) when process PID is gone; returns the removed paths.

    ``family`` also takes those of any target whose name starts with it: default backups are
    named by time (``marsad.db.bak-<UTC time>``), so no later backup has a killed one's name.
    """
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    for p in entries:
        m = _TEMP.fullmatch(p.name)
        if not m or not (m["name"] == target.name or (family and m["name"].startswith(family))):
            continue
        if int(m["pid"]) == os.getpid() or _alive(int(m["pid"])):
            continue
        try:
            p.unlink()
        except OSError:
            continue
        removed.append(p)
    return removed


def publish(tmp: Path, target: Path, *, replace: bool) -> None:
    """Move a complete ``tmp`` to ``target``; without ``replace`` an existing target is never
    overwritten (FileExistsError), even by a file that appears meanwhile (a hard link is atomic)."""
    if replace:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        if target.exists() or target.is_symlink():
            raise FileExistsError(str(target)) from None
        os.rename(tmp, target)
        return
    tmp.unlink()


def write_backup(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the database behind ``conn`` to ``target`` with SQLite's online backup, atomically:
    a killed backup leaves no file at ``target``; an existing ``target`` raises FileExistsError."""
    clean_stale_temps(target)
    tmp = temp_path(target)
    side = Path(f"{tmp}-journal")
    tmp.unlink(missing_ok=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            conn.backup(dst)
        finally:
            dst.close()
        publish(tmp, target, replace=False)
    finally:
        tmp.unlink(missing_ok=True)
        side.unlink(missing_ok=True)
