"""`marsad extract` and `marsad evaluate`: thin over events.pipeline and events.evaluate."""

from __future__ import annotations

import argparse
import collections
import importlib.util
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from events.cli import CliError, add_db_argument
from events.dataset import DATASET_FORMAT

if TYPE_CHECKING:
    from events.pipeline import Results
    from events.schema import Article, Event


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract", help="find dated, located events in article files",
        description="Read article files (every format `marsad ingest` reads), extract their events and "
                    "store them (--db), or write them to a file without a database (--output: .jsonl, "
                    ".csv, .geojson, .parquet or .kml; a folder, or a name ending in /, for a partitioned "
                    "Parquet dataset). Many articles run in parallel processes. Problems with input "
                    "files are reported on stderr and the readable articles are still extracted; "
                    "the exit status is 1 then.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_db_argument(p)
    p.add_argument("--output", "-o", metavar="FILE|DIR/",
                   help="write events here (.jsonl, .csv, .geojson, .parquet, .kml; - for JSONL on stdout; "
                        "DIR/ for a hive-partitioned Parquet dataset)")
    p.add_argument("--processes", "-j", type=int, default=None,
                   help="worker processes, or the workers of a local Dask cluster (default: the cores; "
                        "a handful of articles run in this process)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine's processes (default); dask: a Dask cluster (pip install -e '.[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the scheduler of a running cluster (tcp://host:8786); "
                        "without it a local cluster of --processes workers is started for the run")
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
    from events.dataset import is_dataset_target

    if path == "-":
        return "jsonl"
    if is_dataset_target(path):
        return DATASET_FORMAT
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


@dataclass
class _Run:
    """What one `marsad extract` read and wrote, for its summary line and exit status."""

    articles: int = 0
    events: int = 0
    problems: int = 0
    seen: dict[str, bytes] = field(default_factory=dict)  # article id → digest of title and text


def _problem(run: _Run, message: object) -> None:
    print(f"marsad extract: {message}", file=sys.stderr)
    run.problems += 1


def _readable(paths: list[str], run: _Run) -> Iterator[Article]:
    """The articles of every path, read one file at a time; each problem reported as it comes."""
    from events.articles import iter_articles_report

    for path in paths:
        for arts, errors in iter_articles_report(path):
            for e in errors:
                _problem(run, e)
            yield from arts


def _unclashed(articles: Iterable[Article], store: Any, run: _Run) -> Iterator[Article]:
    """As ingest does: an id already taken by a different article (stored, or read earlier in this
    run) is refused, else the stored article would keep its text while its events came from the other."""
    from events.articles import IngestProblem, article_digest
    from events.commands.ingest import id_clashes

    for a in articles:
        digest = article_digest(a)
        if run.seen.setdefault(a.id, digest) != digest:
            _problem(run, IngestProblem(a.path or "?", None, "id", f"id {a.id!r} is already used by another article "
                                      "read in this run; give each article its own id"))
            continue
        keep, clashes = id_clashes(store, [a])
        for e in clashes:
            _problem(run, e)
        yield from keep


def _written(results: Iterator[Results], store: Any, run: _Run) -> Iterator[list[Event]]:
    """The events of each batch, stored first when there is a store (articles and events of a
    batch in one transaction)."""
    for batch in results:
        if store is not None:
            store.replace_extracted_many(((a.id, evs) for a, evs in batch), articles=[a for a, _ in batch])
        run.articles += len(batch)
        events = [e for _, evs in batch for e in evs]
        run.events += len(events)
        yield events


def cmd_extract(args: argparse.Namespace) -> int:
    from events.pipeline import EngineError, extract_batches, stderr_progress

    fmt = _output_format(args.output) if args.output else None
    _check_engine(args)
    for path in args.paths:
        if not Path(path).exists():
            raise CliError(f"{path}: no such file or folder")
    run = _Run()
    progress = None if args.quiet else stderr_progress()
    store = None
    if args.db or not args.output:
        from events.store import Store, default_db_path
        store = Store(args.db or default_db_path())
    articles = _readable(args.paths, run)
    if store is not None:
        articles = _unclashed(articles, store, run)
    results = extract_batches(articles, engine=args.engine, processes=args.processes, vague_counts=args.vague_counts,
                              scheduler=args.scheduler, progress=progress)
    try:
        first = next(results, None)
    except EngineError as exc:
        raise CliError(str(exc)) from None
    if first is None:
        print("marsad extract: no readable articles", file=sys.stderr)
        return 1
    batches = _written(itertools.chain([first], results), store, run)
    if fmt == DATASET_FORMAT:
        from events.dataset import DatasetWriter
        with DatasetWriter(args.output) as writer:
            for events in batches:
                writer.write_events(events)
    elif fmt:
        from events.exports import EventBatches, export_events
        export_events(EventBatches(batches), fmt, args.output)
    else:
        collections.deque(batches, maxlen=0)  # run it: the events go to the store only
    if progress:
        progress(run.articles, run.articles)
    where = []
    if store is not None:
        where.append(f"stored in {store.path if hasattr(store, 'path') else args.db}")
        store.close()
    if args.output and args.output != "-":
        where.append(f"written to {args.output}")
    print(f"marsad extract: {run.events} event(s) from {run.articles} article(s)"
          + (f", {' and '.join(where)}" if where else ""), file=sys.stderr)
    return 1 if run.problems else 0


def _check_engine(args: argparse.Namespace) -> None:
    if args.processes is not None and args.processes < 1:
        raise CliError("--processes must be 1 or more")
    if args.scheduler and args.engine != "dask":
        raise CliError("--scheduler is the address of a Dask scheduler: use it with --engine dask")
    if args.engine == "dask" and importlib.util.find_spec("distributed") is None:
        raise CliError("--engine dask needs Dask: pip install -e '.[dask]' (or use --engine local)")


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
