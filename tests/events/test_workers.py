"""`marsad extract -j 2`: the pool workers exit when the parent is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT = "قتل {n} عناصر من تنظيم داعش في هجوم على حاجز للجيش في دير الزور يوم الخميس. "


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    kids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            kids.add(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_pool_workers_exit_when_extract_is_killed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for k in range(16):  # enough work that the workers are busy when the parent dies
        body = "".join(REPORT.format(n=(k + i) % 9 + 2) for i in range(1500))
        (folder / f"a{k:02d}.txt").write_text(f"هجوم رقم {k}\n{body}\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "events.cli", "extract", str(folder), "-j", "2", "-q",
                             "--output", str(tmp_path / "out.jsonl")], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.2)
        assert len(workers) >= 2, "the pool never started"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 30  # generous: a liveness check, not a speed measure
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [w for w in workers if _alive(w)]
        assert not left, f"orphaned workers still running: {left}"
    finally:
        for w in workers:  # only the workers this test started
            if _alive(w):
                os.kill(w, signal.SIGKILL)
