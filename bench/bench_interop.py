"""ACLED at scale: generate an ACLED-format file, import it, open the dashboard on it.

    .venv/bin/python bench/bench_interop.py [--rows 200000] [--dir /tmp/marsad-bench-acled] [--no-apptest]

1. writes an ACLED export of N rows (the full header, every sub-event type, the three time and
   geo precisions, both date forms, a dozen countries of four regions; seed 0);
2. imports it into a fresh store (``events.interop.load.import_file``, what ``marsad import``
   runs): seconds and rows/s; then re-imports it (every row an update): seconds and rows/s;
3. exports it back as ACLED CSV and as kepler.gl JSON (seconds);
4. runs the dashboard in Streamlit's AppTest on the store: the cold first run (loads the frame
   and builds the index), a rerun after choosing an event type, then an actor; checks that the
   timeline, the map and the table are drawn and prints what each chart sent.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.interop.load import import_file  # noqa: E402
from events.interop.tables import acled_tables  # noqa: E402
from events.exports import export_events  # noqa: E402
from events.store import Store  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
# (iso, region, country, admin1, admin2, location, lat, lon)
PLACES = [
    ("760", "Middle East", "Syria", "Idlib", "Ariha", "Kafr Lata", 35.7603, 36.6197),
    ("760", "Middle East", "Syria", "Al-Hasakeh", "Al-Hasakeh", "Al-Hol", 36.3792, 41.1481),
    ("760", "Middle East", "Syria", "Deir ez Zor", "Al Mayadin", "Thiban", 35.0100, 40.5000),
    ("368", "Middle East", "Iraq", "Duhok", "Amedi", "Amedi", 37.0928, 43.4877),
    ("368", "Middle East", "Iraq", "Ninewa", "Mosul", "Mosul", 36.3400, 43.1300),
    ("887", "Middle East", "Yemen", "Taizz", "Al Qahirah", "Taizz", 13.5789, 44.0209),
    ("434", "Northern Africa", "Libya", "Tripoli", "", "Tripoli", 32.8872, 13.1913),
    ("729", "Northern Africa", "Sudan", "Khartoum", "Bahri", "Khartoum North", 15.6400, 32.5200),
    ("466", "Western Africa", "Mali", "Mopti", "Bandiagara", "Bandiagara", 14.3500, -3.6100),
    ("854", "Western Africa", "Burkina Faso", "Sahel", "Soum", "Djibo", 14.1000, -1.6300),
    ("566", "Western Africa", "Nigeria", "Borno", "Maiduguri", "Maiduguri", 11.8460, 13.1600),
    ("706", "Eastern Africa", "Somalia", "Banadir", "Mogadishu", "Mogadishu", 2.0370, 45.3440),
]
ACTORS = ["Military Forces of Syria (2000-2024)", "Hayat Tahrir al-Sham", "Islamic State (Syria)",
          "SDF: Syrian Democratic Forces", "Military Forces of Iraq (2022-)", "Houthi Movement",
          "JNIM: Group for Support of Islam and Muslims", "Al Shabaab", "Rapid Support Forces",
          "Protesters (Libya)", "Civilians (Mali)", "Unidentified Armed Group (Nigeria)"]


def write_acled(path: Path, n: int, seed: int = 0) -> float:
    """Write an N-row ACLED export; returns the seconds it took."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    t = acled_tables()
    subs = sorted(t.sub_event_types)
    start = date(2018, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(t.columns)
        for i in range(n):
            iso, region, country, a1, a2, loc, lat, lon = rng.choice(PLACES)
            etype, sub = rng.choice(subs)
            d = start + timedelta(days=rng.randrange(2500))
            tp = rng.choices("123", weights=(85, 10, 5))[0]
            gp = rng.choices("123", weights=(70, 22, 8))[0]
            x, y = rng.sample(ACTORS, 2)
            killed = rng.choice((0, 0, 0, 1, 2, 3, 5, 12))
            w.writerow([f"{country[:3].upper()}{i}", d.isoformat() if i % 3 else d.strftime("%d %B %Y"), d.year, tp,
                        t.disorder_types[etype], etype, sub, x, "", "1", y, "", "2", "12", "", iso, region,
                        country, a1, a2, "", loc, round(lat + rng.uniform(-0.2, 0.2), 4),
                        round(lon + rng.uniform(-0.2, 0.2), 4), gp, "Local media", "National",
                        f"On {d.isoformat()}, {x} and {y}: {sub.lower()} near {loc}. {killed} reported killed.",
                        killed, "", 1711412345])
    return time.perf_counter() - t0


def apptest(db: Path) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["MARSAD_DB"] = str(db)
    at = AppTest.from_file(str(APP), default_timeout=1800)
    out: dict[str, float] = {}
    for label, action in (("cold first run", lambda: at.run()),
                          ("rerun: type = airstrike", lambda: at.multiselect(key="f_types").set_value(["airstrike"]).run()),
                          ("rerun: + actor", lambda: at.multiselect(key="f_actors").set_value(["Al Shabaab"]).run())):
        t = time.perf_counter()
        action()
        out[label] = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"app raised: {at.exception[0].message}")
    plots = [e.proto for e in at.get("plotly_chart")]
    decks = [e.proto for e in at.get("deck_gl_json_chart")]
    tables = [d for d in at.dataframe if d.proto.id and "events_table" in d.proto.id]
    if not (plots and decks and tables):
        raise RuntimeError("the timeline, map or table is missing")
    out["timeline sent (KB)"] = len(plots[0].spec.encode()) / 1000
    out["map sent (KB)"] = len(decks[0].json.encode()) / 1000
    out["table rows shown"] = len(tables[0].value)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/marsad-bench-acled"))
    ap.add_argument("--no-apptest", action="store_true")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    csv_path = args.dir / f"acled-{args.rows}.csv"
    db = args.dir / f"acled-{args.rows}.db"
    for p in args.dir.glob(f"acled-{args.rows}.db*"):
        p.unlink()
    figures: list[tuple[str, str]] = []
    secs = write_acled(csv_path, args.rows)
    figures.append(("generate file", f"{secs:.1f} s ({csv_path.stat().st_size / 1e6:.0f} MB)"))
    problems: list[str] = []
    with Store(db) as store:
        for label in ("import (new store)", "re-import (every row an update)"):
            t = time.perf_counter()
            report = import_file(store, csv_path, "acled", say=problems.append)
            secs = time.perf_counter() - t
            figures.append((label, f"{secs:.1f} s, {report.rows / secs:,.0f} rows/s, {report.stored:,} stored"))
        for fmt in ("acled", "kepler"):
            t = time.perf_counter()
            export_events(store, fmt, args.dir / f"out.{fmt}")
            figures.append((f"export {fmt}", f"{time.perf_counter() - t:.1f} s"))
    if problems:
        figures.append(("bad rows", f"{len(problems)} (first: {problems[0]})"))
    if not args.no_apptest:
        for label, value in apptest(db).items():
            figures.append((label, f"{value:.1f} s" if "rerun" in label or "run" in label else f"{value:,.0f}"))
    print(f"ACLED file of {args.rows:,} rows")
    width = max(len(k) for k, _ in figures)
    for k, v in figures:
        print(f"  {k.ljust(width)}  {v}")


if __name__ == "__main__":
    main()
