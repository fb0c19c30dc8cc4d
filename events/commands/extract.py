"""`marsad extract` and `marsad evaluate`: thin over events.pipeline and events.evaluate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from events.cli import CliError, add_db_argument


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract", help="find dated, located events in article files",
        description="Read article files (every format `marsad ingest` reads), extract their events and "
                    "store them (--db), or write them to a file without a database (--output: .jsonl, "
                    ".csv, .geojson, .parquet or .kml). Many articles run in parallel processes. Problems with input "
                    "files are reported on stderr and the readable articles are still extracted; "
                    "the exit status is 1 then.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_db_argument(p)
    p.add_argument("--output", "-o", metavar="FILE", help="write events here (.jsonl, .csv, .geojson, .parquet, .kml; - for JSONL on stdout)")
    p.add_argument("--processes", "-j", type=int, default=None, help="worker processes (default: min(cores, articles))")
    p.add_argument("--vague-counts", action="store_true",
                   help="also record vague quantities with ACLED's lowest estimate (several → 3, dozens → 12, hundreds → 100)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "evaluate", help="score the extractor against a gold set",
        description="Extract the events of GOLD_DIR/articles/*.txt and compare them with GOLD_DIR/gold/*.json "
                    "(the format of shared/corpus/dev). Prints, per file, per language and in total: one-to-one "
                    "recall (a system event stands for one gold event only), many-to-one recall (one system event "
                    "may stand for several gold events), precision, fully right (type, date and place all right), "
                    "type/date/place accuracy and actor F1; a system event matches a gold event by sentence and "
                    "compatible type.",
    )
    p.add_argument("gold_dir", metavar="GOLD_DIR")
    p.add_argument("--inferred-published", action="store_true",
                   help="use the annotators' inferred publication dates ('unknown (… inferred)') as if stated")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--misses", action="store_true", help="also list the gold events that were not found")
    p.add_argument("--part", default="all", choices=("01-17", "odd", "even", "all"),
                   help="score only files 01-17, the odd-numbered files, the even-numbered ones, or all (default)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also list, per file, each wrong field (gold vs system type, date, place, actors), "
                        "the gold events not found and the system events not in the gold")
    p.set_defaults(func=cmd_evaluate)


def _output_format(path: str) -> str:
    if path == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix in ("csv", "geojson", "parquet", "kml"):
        return suffix
    if suffix == "pq":
        return "parquet"
    if suffix == "json":
        return "geojson" if path.lower().endswith(".geo.json") else "jsonl"
    raise CliError(f"--output {path}: use a .jsonl, .csv, .geojson, .parquet or .kml file name "
                   "(or - for JSONL on stdout)")


def cmd_extract(args: argparse.Namespace) -> int:
    from events.articles import read_articles_report
    from events.pipeline import extract_many, stderr_progress

    fmt = _output_format(args.output) if args.output else None
    if args.processes is not None and args.processes < 1:
        raise CliError("--processes must be 1 or more")
    articles = []
    problems = 0
    for path in args.paths:
        if not Path(path).exists():
            raise CliError(f"{path}: no such file or folder")
        arts, errors = read_articles_report(path)
        for e in errors:
            print(f"marsad extract: {e}", file=sys.stderr)
        problems += len(errors)
        articles.extend(arts)
    if not articles:
        print("marsad extract: no readable articles", file=sys.stderr)
        return 1
    progress = None if args.quiet else stderr_progress()
    store = None
    if args.db or not args.output:
        from events.store import Store, default_db_path
        from events.commands.ingest import id_clashes
        store = Store(args.db or default_db_path())
        # as ingest does: an id already taken by a different article is refused, else the stored
        # article would keep its text while its events came from the other one
        articles, clashes = id_clashes(store, articles)
        for e in clashes:
            print(f"marsad extract: {e}", file=sys.stderr)
        problems += len(clashes)
        store.add_articles(articles)
    events = []
    n = 0
    for article, evs in extract_many(articles, processes=args.processes, progress=progress,
                                     vague_counts=args.vague_counts):
        if store is not None:
            store.replace_extracted(article.id, evs)
        if fmt:
            events.extend(evs)
        n += len(evs)
    if fmt:
        from events.exports import export_events
        export_events(events, fmt, args.output)
    where = []
    if store is not None:
        where.append(f"stored in {store.path if hasattr(store, 'path') else args.db}")
        store.close()
    if args.output and args.output != "-":
        where.append(f"written to {args.output}")
    print(f"marsad extract: {n} event(s) from {len(articles)} article(s)" + (f", {' and '.join(where)}" if where else ""),
          file=sys.stderr)
    return 1 if problems else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from events.evaluate import GoldError, evaluate, format_errors, format_report

    try:
        scores = evaluate(args.gold_dir, inferred=args.inferred_published, part=args.part)
    except GoldError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        out: dict = {"total": scores.figures(), "articles": scores.per_article,
                     "languages": {k: v.figures() for k, v in sorted(scores.by_language.items())}}
        if args.verbose:
            out["errors"] = scores.errors
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        if args.verbose:
            print(format_errors(scores) + "\n")
        print(format_report(scores))
        if args.misses:
            print("\nnot found:")
            for m in scores.misses:
                print(f"  {m['article']}: {m['event_type']} (sentence at {m['sentence_start']})")
    return 0
