"""Export/import throughput: synthetic events → CSV, JSONL, GeoJSON, Parquet, and back.

Run: .venv/bin/python bench/export.py [N]   (default 100000). Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.exports import EXPORT_FORMATS, export_bytes, export_events  # noqa: E402
from events.imports import import_events  # noqa: E402
from events.store import Store  # noqa: E402
from events.synth import write_synthetic  # noqa: E402


def main(n: int) -> None:
    store = Store(":memory:")
    t = time.perf_counter()
    write_synthetic(store, n)
    print(f"{n} synthetic events in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    frame = store.events_frame()
    print(f"events_frame: {time.perf_counter() - t:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in EXPORT_FORMATS:
            out = Path(tmp) / f"events.{fmt}"
            t = time.perf_counter()
            summary = export_events(store, fmt, out)
            dt = time.perf_counter() - t
            t = time.perf_counter()
            export_bytes(frame, fmt)
            dt_frame = time.perf_counter() - t
            size = out.stat().st_size / 1e6
            line = (f"export {fmt:8s} store {dt:6.2f} s  frame {dt_frame:6.2f} s  "
                    f"{size:7.1f} MB  {summary.written / dt:9.0f} events/s")
            if fmt != "geojson":
                t = time.perf_counter()
                events, errors = import_events(out)
                line += f"  import {time.perf_counter() - t:6.2f} s ({len(events)} ok, {len(errors)} errors)"
            print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
