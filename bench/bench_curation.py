"""Curation at scale: edit, history, revert and backup on a big store; concurrent editors.

    .venv/bin/python bench/bench_curation.py [--events 100000] [--edits 300] [--dir /tmp/marsad-bench]

On a synthetic store of N events (``events.synth``, seed 0; made once and reused):
* one process: edits per second (each = BEGIN IMMEDIATE, read the row, validate, UPDATE, log),
  ``history`` of an event with many changes, ``revert``;
* two processes editing one event at once: edits per second together, and whether the log is
  complete (it must be);
* ``backup`` (SQLite online backup) of the whole store: seconds and MB.

Prints one table. No figure is asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import curation  # noqa: E402
from events.store import Store  # noqa: E402


def make_store(path: Path, n: int) -> None:
    if path.exists():
        with Store(path) as s:
            if s.count_events() >= n:
                return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    from events.synth import write_synthetic
    with Store(path) as s:
        write_synthetic(s, n, seed=0)


def _editor(db: str, event_id: str, field: str, n: int) -> None:
    with Store(db) as s:
        for i in range(n):
            curation.edit_event(s, event_id, {field: i + 1}, user=field)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "marsad-bench"))
    args = ap.parse_args()
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"curation-{args.events}.db"
    t = time.perf_counter()
    make_store(db, args.events)
    rows: list[tuple[str, str]] = [("store", f"{args.events:,} events ({time.perf_counter() - t:.1f} s to make or open)")]

    with Store(db) as s:
        ids = [r[0] for r in s.conn.execute("SELECT event_id FROM events LIMIT 1000")]
        t = time.perf_counter()
        for i in range(args.edits):
            curation.edit_event(s, ids[i % len(ids)], {"counts.bench": i + 1, "headline": f"edited {i}"}, user="bench")
        dt = time.perf_counter() - t
        rows.append(("edit_event, 1 process", f"{args.edits / dt:,.0f} edits/s ({dt / args.edits * 1000:.1f} ms each, 2-3 log rows)"))

        hot = ids[0]
        for i in range(200):
            curation.edit_event(s, hot, {"counts.hot": i + 1}, user="bench")
        t = time.perf_counter()
        h = curation.history(s, hot)
        rows.append(("history of an event with many changes", f"{len(h)} rows in {(time.perf_counter() - t) * 1000:.1f} ms"))
        last = h[-1]["edit_id"]
        t = time.perf_counter()
        curation.revert(s, last, user="bench")
        rows.append(("revert", f"{(time.perf_counter() - t) * 1000:.1f} ms"))
        total_edits = s.conn.execute("SELECT COUNT(*) FROM edits").fetchone()[0]

    per = max(args.edits // 2, 20)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_editor, args=(str(db), ids[1], f"counts.p{k}", per)) for k in range(2)]
    t = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    dt = time.perf_counter() - t
    with Store(db) as s:
        log = [x for x in curation.history(s, ids[1]) if x["field"] in ("counts.p0", "counts.p1")]
        final = s.event(ids[1]).counts
    ok = len(log) == 2 * per and final.get("p0") == per and final.get("p1") == per
    rows.append(("2 processes editing one event", f"{2 * per / dt:,.0f} edits/s together; log {len(log)}/{2 * per} "
                 f"rows, final values {'consistent' if ok else 'INCONSISTENT'}"))

    with Store(db) as s:
        out = work / f"backup-{time.time_ns()}.db"
        t = time.perf_counter()
        curation.backup(s, out)
        dt = time.perf_counter() - t
    rows.append(("backup (online API)", f"{out.stat().st_size / 1e6:,.0f} MB in {dt:.2f} s"))
    out.unlink()
    rows.append(("edits log", f"{total_edits:,} rows before the 2-process run"))

    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
