"""Dashboard at scale: cold load, rerun after a filter change, bytes per chart, vs the pandas floor.

    .venv/bin/python bench/bench_dashboard.py [--sizes 10000 100000 1000000] [--dir /tmp/marsad-bench]

For each N, a synthetic store (``marsad synth``, seed 0; made once and reused) is
* loaded cold: ``Store.events_frame()``, the frame from the dashboard's Parquet snapshot
  (``events.frame.load_frame``, what a restart pays) and the dashboard's index (``filters.build_index``);
* filtered by the dashboard's filter layer (``filters.evaluate``) and, as the floor, by bare
  pandas on the same frame (``frame[frame.event_type == "arrest"]``);
* drawn: the bytes of the plotly figure JSON (timeline) and of the deck JSON (map), as the app
  builds them for the unfiltered view;
* run in Streamlit's AppTest with ``MARSAD_DB`` set: the first run (cold, loads the store) and
  a rerun after changing the event-type filter, then the actor filter (what a user waits for).

Prints one table. Takes a few minutes at 1M (most of it making the 1M store the first time).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import map as dmap  # noqa: E402
from dashboard import timeline  # noqa: E402
from dashboard.filters import FilterState, build_index, evaluate  # noqa: E402
from events.store import Store  # noqa: E402
from events.synth import write_synthetic  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
TIMELINE_COLS = ["event_id", "date_start", "date_end", "date_precision", "date_text", "tense",
                 "event_type", "headline", "place_name", "place_name_ar", "actors"]
MAP_COLS = ["event_id", "lat", "lon", "event_type", "geo_precision", "headline", "place_name",
            "place_name_ar", "date_start", "date_end", "counts", "actors"]


def timed(fn, repeat: int = 1):
    """(best seconds of ``repeat`` runs, last result)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def ensure_store(n: int, folder: Path) -> tuple[Path, float | None]:
    path = folder / f"synth-{n}.db"
    if path.exists():
        with Store(path) as s:
            if s.count_events() == n:
                return path, None
        for p in folder.glob(f"synth-{n}.db*"):
            p.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    with Store(path) as s:
        write_synthetic(s, n, seed=0)
    return path, time.perf_counter() - t


def apptest(path: Path) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["MARSAD_DB"] = str(path)
    at = AppTest.from_file(str(APP), default_timeout=1800)
    out: dict[str, float] = {}
    t = time.perf_counter()
    at.run()
    out["first_run"] = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(f"app raised: {at.exception[0].message}")
    t = time.perf_counter()
    at.run()
    out["rerun_same"] = time.perf_counter() - t
    t = time.perf_counter()
    at.multiselect(key="f_types").set_value(["arrest"]).run()
    out["rerun_type"] = time.perf_counter() - t
    t = time.perf_counter()
    at.multiselect(key="f_actors").set_value(["Islamic State"]).run()
    out["rerun_actor"] = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(f"app raised: {at.exception[0].message}")
    # what the last run sent for each chart
    plot = [e.proto for e in at.get("plotly_chart")]
    deck = [e.proto for e in at.get("deck_gl_json_chart")]
    out["app_plotly_bytes"] = max((len(p.spec.encode()) for p in plot), default=0)
    out["app_deck_bytes"] = max((len(p.json.encode()) for p in deck), default=0)
    return out


def bench(n: int, folder: Path, with_apptest: bool) -> dict[str, float]:
    path, synth_s = ensure_store(n, folder)
    row: dict[str, float] = {"n": n, "synth_s": synth_s or float("nan")}
    gc.collect()
    row["load_frame_s"], frame = timed(lambda: Store(path).events_frame())
    # what a restarted app or a second process pays: the Parquet snapshot beside the store
    from events.frame import load_frame
    load_frame(str(path))  # writes it when missing or stale
    row["load_snapshot_s"], _ = timed(lambda: load_frame(str(path)))
    row["build_index_s"], idx = timed(lambda: build_index(frame))
    row["pandas_floor_s"], _ = timed(lambda: frame[frame["event_type"] == "arrest"], repeat=3)
    row["evaluate_type_s"], _ = timed(lambda: evaluate(idx, FilterState(types=("arrest",)), facets=False), repeat=3)
    row["evaluate_facets_s"], _ = timed(lambda: evaluate(idx, FilterState(types=("arrest",))), repeat=3)
    small = int(frame["date_start"].notna().sum()) <= timeline.MAX_MARKS
    tcols = TIMELINE_COLS if small else ["event_id", "date_start", "date_end", "event_type"]
    row["timeline_s"], fig = timed(lambda: timeline.build_timeline(frame[tcols]))
    row["timeline_bytes"] = len(fig.to_json().encode())
    row["map_s"], deck = timed(lambda: dmap.build_deck(frame[MAP_COLS]))
    row["map_bytes"] = len(deck.to_json().encode())
    del frame, idx
    gc.collect()
    if with_apptest:
        row.update(apptest(path))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--dir", type=Path, default=Path("/tmp/marsad-bench"))
    ap.add_argument("--no-apptest", action="store_true")
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        print(f"… N = {n:,}", file=sys.stderr, flush=True)
        rows.append(bench(n, args.dir, not args.no_apptest))
    cols = [("n", "events", "{:,.0f}"), ("synth_s", "synth s", "{:.1f}"),
            ("load_frame_s", "load frame s", "{:.2f}"), ("load_snapshot_s", "load snapshot s", "{:.2f}"),
            ("build_index_s", "index s", "{:.2f}"),
            ("pandas_floor_s", "pandas floor ms", "ms"), ("evaluate_type_s", "filter ms", "ms"),
            ("evaluate_facets_s", "filter+facets ms", "ms"),
            ("timeline_s", "timeline ms", "ms"), ("timeline_bytes", "timeline KB", "kb"),
            ("map_s", "map ms", "ms"), ("map_bytes", "map KB", "kb"),
            ("first_run", "app 1st run s", "{:.2f}"), ("rerun_same", "rerun s", "{:.2f}"),
            ("rerun_type", "rerun type s", "{:.2f}"), ("rerun_actor", "rerun actor s", "{:.2f}"),
            ("app_plotly_bytes", "sent plotly KB", "kb"), ("app_deck_bytes", "sent deck KB", "kb")]

    def fmt(v, f):
        if v is None or v != v:
            return "—"
        if f == "ms":
            return f"{v * 1000:.1f}"
        if f == "kb":
            return f"{v / 1024:.0f}"
        return f.format(v)

    present = [c for c in cols if any(c[0] in r for r in rows)]
    print("| " + " | ".join(h for _, h, _ in present) + " |")
    print("|" + "---|" * len(present))
    for r in rows:
        print("| " + " | ".join(fmt(r.get(k), f) for k, _, f in present) + " |")


if __name__ == "__main__":
    main()
