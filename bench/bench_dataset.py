"""The dashboard on a Parquet dataset through DuckDB, beside the default SQLite + pandas path.

    .venv/bin/python bench/bench_dataset.py --dataset /tmp/ds-10m [--store /tmp/synth-1m.db]

Each path runs in its own process (so peak RSS is its own) under Streamlit's AppTest, as a user
meets it: the first run (cold: open the dataset / load the store), a rerun with nothing changed,
a rerun after choosing an event type, then after adding an actor (a facet change); the bytes the
last run sent per chart (plotly figure, deck, table); and the process's peak RSS. Make the data
with ``marsad synth --events 10000000 --dataset DIR`` and ``marsad synth --events 1000000 --db
FILE`` (the pandas path reads the store's frame snapshot when it is there, as a restart does).
Prints one table and the ratios of the two paths, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
STEPS = ("first_run", "rerun_same", "rerun_type", "rerun_actor")


def measure(kind: str, target: str) -> dict[str, float]:
    """One AppTest session on ``target`` (a dataset folder or a store file), in this process."""
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    if kind == "dataset":
        os.environ["MARSAD_SOURCE"] = target
        os.environ["MARSAD_DB"] = str(Path(target).with_name(Path(target).name + "-curation.db"))
    else:
        os.environ.pop("MARSAD_SOURCE", None)
        os.environ["MARSAD_DB"] = target
    at = AppTest.from_file(str(APP), default_timeout=3600)
    out: dict[str, float] = {}

    def step(name: str, action) -> None:
        t = time.perf_counter()
        action()
        out[name] = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"{kind}: the app raised {at.exception[0].message}")

    step("first_run", at.run)
    step("rerun_same", at.run)
    step("rerun_type", lambda: at.multiselect(key="f_types").set_value(["arrest"]).run())
    step("rerun_actor", lambda: at.multiselect(key="f_actors").set_value(["Islamic State"]).run())
    out["timeline_bytes"] = max((len(e.proto.spec.encode()) for e in at.get("plotly_chart")), default=0)
    out["map_bytes"] = max((len(e.proto.json.encode()) for e in at.get("deck_gl_json_chart")), default=0)
    table = [d.value for d in at.dataframe if "sentence" in d.value.columns]
    out["table_rows"] = len(table[0]) if table else 0
    out["events"] = float(next((c.value for c in at.get("caption") if "filters:" in c.value), "0 of 0")
                          .split(" of ")[1].split()[0].replace(",", ""))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_child(kind: str, target: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, target], capture_output=True, text=True,
                          cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"{kind} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", help="a Parquet dataset (marsad synth --dataset DIR)")
    ap.add_argument("--store", help="a store for the pandas path (marsad synth --db FILE)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    if not args.dataset:
        ap.error("--dataset DIR is needed")
    rows = {"DuckDB on the dataset": run_child("dataset", args.dataset)}
    if args.store:
        rows["pandas on the store"] = run_child("store", args.store)
    cols = ("events", *STEPS, "timeline_bytes", "map_bytes", "table_rows", "peak_rss_mb")
    print("| path | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for name, r in rows.items():
        cells = [f"{r['events']:,.0f}"] + [f"{r[c]:.2f} s" for c in STEPS] + [
            f"{r['timeline_bytes'] / 1024:,.0f} KB", f"{r['map_bytes'] / 1024:,.0f} KB", f"{r['table_rows']:,.0f}",
            f"{r['peak_rss_mb']:,.0f} MB"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if len(rows) == 2:
        d, p = rows.values()
        print("\nratios DuckDB / pandas (same run): events "
              f"{d['events'] / max(p['events'], 1):.1f}×, "
              + ", ".join(f"{c} {d[c] / max(p[c], 1e-9):.2f}×" for c in (*STEPS, "peak_rss_mb")))


if __name__ == "__main__":
    main()
