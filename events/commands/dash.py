"""`marsad synth` and `marsad snapshot`: thin over events.synth and events.snapshot."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from events.cli import CliError, add_db_argument
from events.store import Store, default_db_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth", help="write realistic synthetic events (scale tests, demos)",
        description="Generate N synthetic events — places from the gazetteer (mostly Syria and Iraq), "
                    "the real actor and event-type lists, several years, mixed date and place "
                    "precisions, Arabic sentences and English headlines — and their articles into a "
                    "store. The same --seed gives the same events; running twice replaces them.",
    )
    p.add_argument("--events", "-n", type=int, required=True, metavar="N", help="number of events")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--dataset", metavar="DIR", default=None,
                   help="write the events as a partitioned Parquet dataset in DIR (year=/month=, for "
                        "`marsad serve --source DIR`) instead of into a store")
    add_db_argument(p)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser(
        "snapshot", help="save PNGs of the dashboard's timeline, map and table (headless Chromium)",
        description="Start the dashboard on a free localhost port, open it in Debian's headless "
                    "Chromium (/usr/bin/chromium; requests to any other host are blocked) and save "
                    "timeline.png, map.png, table.png and page.png into DIR. --query takes the "
                    "dashboard's URL query string, e.g. 'actor=Islamic+State&present=1'.",
    )
    p.add_argument("--query", "-q", default="", metavar="QUERY-STRING",
                   help="the view to open: a query string copied from the dashboard's URL")
    p.add_argument("--output", "-o", required=True, metavar="DIR", help="folder for the PNGs (created)")
    p.add_argument("--width", type=int, default=1500, help="browser width in pixels (default 1500)")
    p.add_argument("--height", type=int, default=1000, help="browser height in pixels (default 1000)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the dashboard (default 120)")
    add_db_argument(p)
    p.set_defaults(func=cmd_snapshot)


def cmd_synth(args: argparse.Namespace) -> int:
    from events.synth import write_synthetic

    if args.events < 0:
        raise CliError("--events must be 0 or more")
    path = Path(args.db) if args.db else default_db_path()
    t0 = time.perf_counter()
    last = [0.0]

    def progress(done: int) -> None:
        if sys.stderr.isatty() and time.perf_counter() - last[0] > 0.5:
            last[0] = time.perf_counter()
            print(f"\r{done:,}/{args.events:,} events", end="", file=sys.stderr, flush=True)

    if args.dataset:
        from events.dataset import write_dataset
        from events.synth import generate

        def rows():
            for i, (ev, _article) in enumerate(e for e in generate(args.events, args.seed) if e[0]):
                if i % 50_000 == 0:
                    progress(i)
                yield ev

        n = write_dataset(rows(), args.dataset)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"{n:,} synthetic events written to the dataset {args.dataset} in {time.perf_counter() - t0:.1f} s")
        return 0
    with Store(path) as store:
        n = write_synthetic(store, args.events, args.seed, progress=progress)
        total = store.count_events()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"{n:,} synthetic events written to {path} in {time.perf_counter() - t0:.1f} s "
          f"(store now holds {total:,})")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from events.snapshot import SnapshotError, snapshot

    db = Path(args.db) if args.db else default_db_path()
    if not db.exists():
        raise CliError(f"{db}: no such store — run `marsad ingest data/articles` (or `marsad synth`) first, "
                       "or pass --db")
    try:
        files = snapshot(Path(args.output), query=args.query, db=db, width=args.width, height=args.height,
                         timeout=args.timeout)
    except SnapshotError as exc:
        raise CliError(str(exc)) from exc
    for f in files:
        print(f)
    return 0
