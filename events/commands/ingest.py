"""`marsad ingest`, `marsad export`, `marsad import`, `marsad serve`: thin over events.articles and events.store."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from events.articles import SUPPORTED_SUFFIXES, IngestProblem, list_article_files, one_line, read_file_report
from events.cli import CliError, add_db_argument
from events.dataset import DATASET_FORMAT
from events.exports import EXPORT_FORMATS, export_events
from events.imports import import_events
from events.interop.load import detect as detect_foreign
from events.interop.load import import_file as import_foreign
from events.interop.load import stderr_progress
from events.schema import Article
from events.store import ROOT, Store, default_db_path

SAMPLE_ARTICLES = ROOT / "data" / "articles"
DASHBOARD_APP = ROOT / "dashboard" / "app.py"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="read article files into the store",
        description="Read article files (.txt, .jsonl, .json, .csv, .html; UTF-8, UTF-16 or "
                    "Windows-1256) into the store. A file that cannot be read is reported on stderr "
                    "(file:line and what to do) and the others are still stored; the exit status is 1 "
                    "when any file had a problem.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders (read recursively)")
    add_db_argument(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "export", help="write the stored events as CSV, JSONL, GeoJSON, Parquet, TimelineJS, KML, kepler.gl or ACLED CSV",
        description="Write every stored event to a file (or '-' for standard output). GeoJSON, KML and "
                    "kepler.gl hold only events with coordinates, TimelineJS and ACLED only dated ones; "
                    "how many were left out is said on stderr.",
    )
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS + (DATASET_FORMAT,),
                   help="output format (default: from the --output extension; a folder or a name ending "
                        "in / is a parquet-dataset)")
    p.add_argument("--output", "-o", required=True, metavar="FILE|DIR/|-",
                   help="file to write, - for stdout, or the folder of a partitioned Parquet dataset")
    add_db_argument(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import", help="read events (a Marsad export, an ACLED export, GDELT event files) into the store",
        description="Read events from a Marsad export (JSONL, a JSON array, CSV, Parquet or GeoJSON), an "
                    "ACLED export (CSV, known by its header) or GDELT 2.0 event files (.export.CSV, also "
                    ".zip), validate each record and store the valid ones (same event_id: replaced, "
                    "except events an analyst edited). Bad records are reported on stderr as "
                    "file:line with the field and why; exit status 1 then.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="event files (.jsonl, .json, .csv, .parquet, .geojson, "
                                                             "ACLED .csv, GDELT .export.CSV[.zip])")
    p.add_argument("--format", choices=("marsad", "acled", "gdelt"),
                   help="what the files are (default: told from each file's header or name)")
    add_db_argument(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "serve", help="open the dashboard (loads the bundled articles into an empty store first)",
        description="Prepare the store (no articles: read data/articles/; articles without events: "
                    "extract them) and run the Streamlit dashboard at http://localhost:PORT.",
    )
    add_db_argument(p)
    p.add_argument("--port", type=int, default=None, help="port (default 8501, from .streamlit/config.toml)")
    p.add_argument("--no-prepare", action="store_true", help="start the dashboard without loading or extracting")
    p.add_argument("--source", metavar="DIR", default=None,
                   help="serve a Parquet dataset of events (e.g. `marsad synth --dataset DIR`) through DuckDB "
                        "instead of the store's events; the store (--db) still holds the analysts' edits")
    p.set_defaults(func=cmd_serve)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def _err(command: str, message: str) -> None:
    # one line per problem: a newline or control character in a file name must not forge more
    print(f"marsad {command}: {one_line(str(message))}", file=sys.stderr)


def ingest_paths(store: Store, paths: list[str], *, command: str = "ingest") -> tuple[int, int, int]:
    """Read every path into ``store``, reporting problems on stderr. ``(read, new, errors)``."""
    read = new = problems = 0
    for path in paths:
        files, errors = list_article_files(path)
        if not files and not errors and Path(path).is_dir():
            _err(command, f"{path}: no article files here (looked for {', '.join(SUPPORTED_SUFFIXES)})")
            problems += 1
        for e in errors:
            _err(command, e)
        problems += len(errors)
        for f in files:
            articles, errs = read_file_report(f)
            articles, clashes = id_clashes(store, articles)
            for e in errs + clashes:
                _err(command, e)
            problems += len(errs) + len(clashes)
            if articles:
                try:
                    new += store.add_articles(articles)
                except (sqlite3.Error, ValueError) as exc:  # one file must not stop the files after it
                    _err(command, IngestProblem(f, None, None, f"could not be stored ({exc}); nothing of this "
                                              "file was stored"))
                    problems += 1
                    continue
                read += len(articles)
    return read, new, problems


def id_clashes(store: Store, articles: list[Article]) -> tuple[list[Article], list[IngestProblem]]:
    """Refuse an article whose given id is already taken by a different article (stored or in
    the same file): the store would otherwise keep the first and drop it silently."""
    keep: list[Article] = []
    errors: list[IngestProblem] = []
    batch: dict[str, Article] = {}
    for a in articles:
        other = batch.get(a.id) or store.article(a.id)
        if other is not None and (other.title, other.text) != (a.title, a.text):
            errors.append(IngestProblem(a.path or "?", None, "id", f"id {a.id!r} is already used by another "
                                      f"article ({other.path or other.title[:40]}); give each article its own id"))
            continue
        batch[a.id] = a
        keep.append(a)
    return keep, errors


def cmd_ingest(args: argparse.Namespace) -> int:
    with Store(_db_path(args)) as store:
        read, new, problems = ingest_paths(store, args.paths)
        total = store.count_articles()
    print(f"read {read} article{'s' if read != 1 else ''}: {new} new, {read - new} already stored "
          f"({total} in {_db_path(args)})"
          + (f"; {problems} problem{'s' if problems != 1 else ''} reported above" if problems else ""))
    return 1 if problems else 0


def _format_for(args: argparse.Namespace) -> str:
    from events.dataset import is_dataset_target

    if args.format:
        return args.format
    if args.output != "-" and is_dataset_target(args.output):
        return DATASET_FORMAT
    suffix = Path(args.output).suffix.lower().lstrip(".")
    aliases = {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl", "geojson": "geojson", "parquet": "parquet",
               "pq": "parquet", "kml": "kml"}
    if args.output == "-" or suffix not in aliases:
        raise CliError(f"say which format with --format ({'|'.join(EXPORT_FORMATS)}); "
                       f"it cannot be told from {args.output!r}")
    return aliases[suffix]


def cmd_export(args: argparse.Namespace) -> int:
    fmt = _format_for(args)
    out = args.output
    if fmt == DATASET_FORMAT:
        return _export_dataset(args, out)
    if out == "-" and fmt == "parquet" and sys.stdout.isatty():
        raise CliError("Parquet is binary: give --output FILE, or redirect standard output")
    if out != "-":
        parent = Path(out).resolve().parent
        if not parent.is_dir():
            raise CliError(f"{out}: the folder {parent} does not exist")
        if Path(out).is_dir():
            raise CliError(f"{out} is a folder; give a file name")
    db = _db_path(args)
    if not db.exists():
        raise CliError(f"{db}: no store yet; run `marsad ingest PATH` (or `marsad serve`) first")
    with Store(db) as store:
        summary = export_events(store, fmt, out)
    print(summary.message("" if out == "-" else out), file=sys.stderr)
    return 0


def _export_dataset(args: argparse.Namespace, out: str) -> int:
    """``export --format parquet-dataset``: the store as a hive-partitioned Parquet folder."""
    from events.dataset import write_dataset

    if out == "-" or (Path(out).exists() and not Path(out).is_dir()):
        raise CliError(f"{out}: a parquet-dataset is written to a folder; give a folder name (e.g. events/)")
    db = _db_path(args)
    if not db.exists():
        raise CliError(f"{db}: no store yet; run `marsad ingest PATH` (or `marsad serve`) first")
    with Store(db) as store:
        n = write_dataset(store, out)
    print(f"wrote {n} event{'s' if n != 1 else ''} to the Parquet dataset {out}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    problems = stored = kept = 0
    with Store(_db_path(args)) as store:
        for path in args.paths:
            p = Path(path)
            if not p.is_file():
                _err("import", f"{path}: " + ("not a regular file; only regular files are read" if p.exists()
                                              else "no such file"))
                problems += 1
                continue
            fmt = args.format or detect_foreign(p) or "marsad"
            try:
                if fmt != "marsad":
                    report = import_foreign(store, p, fmt, say=lambda m: _err("import", m),
                                            progress=stderr_progress(p.name))
                    print(f"marsad import: {report.message()}", file=sys.stderr)
                    stored, kept, problems = stored + report.stored, kept + report.curated, problems + report.problems
                    continue
                events, errors = import_events(p)
                for e in errors:
                    _err("import", e)
                problems += len(errors)
                if events:
                    written = store.put_events(events, keep_curated=True)
                    kept += len(events) - written
                    stored += written
            except (sqlite3.Error, ValueError, RecursionError, MemoryError) as exc:
                # the promise: one line per problem, and the files after this one are still read
                _err("import", f"{path}: could not be imported ({type(exc).__name__}: {exc}); "
                     + ("nothing of this file was stored" if fmt == "marsad"
                        else "the rows read before it were stored"))
                problems += 1
    if kept:
        print(f"kept {kept} event{'s' if kept != 1 else ''} an analyst edited, verified, rejected "
              "or added by hand (not overwritten by the import)", file=sys.stderr)
    print(f"stored {stored} event{'s' if stored != 1 else ''}"
          + (f"; {problems} problem{'s' if problems != 1 else ''} reported above" if problems else ""))
    return 1 if problems else 0


def prepare_store(store: Store, articles_dir: Path = SAMPLE_ARTICLES) -> None:
    """What `serve` does first: load the sample into an empty store; extract articles without events."""
    if not store.count_articles():
        print(f"marsad serve: the store is empty; reading {articles_dir}", file=sys.stderr)
        ingest_paths(store, [str(articles_dir)], command="serve")
    pending = [a for a in (store.article(i) for i in store.articles_without_events()) if a is not None]
    if not pending:
        return
    from events.pipeline import extract_into_store

    print(f"marsad serve: extracting events from {len(pending)} article(s)…", file=sys.stderr)
    n = extract_into_store(store, articles=pending)
    print(f"marsad serve: {n} event(s) extracted", file=sys.stderr)


def streamlit_command(port: int | None) -> list[str]:
    """The dashboard command; run from the project folder so .streamlit/config.toml applies, and
    the settings offline use depends on given outright (a ~/.streamlit config cannot undo them)."""
    cmd = [sys.executable, "-m", "streamlit", "run", "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--client.showErrorDetails", "none", str(DASHBOARD_APP)]
    if port is not None:
        cmd += ["--server.port", str(port)]
    return cmd


def run_streamlit(cmd: list[str], env: dict[str, str]) -> int:
    """Run the dashboard until it stops (Ctrl-C stops it cleanly)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    # `kill PID` of marsad stops the dashboard too instead of leaving it running alone.
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl-C in a terminal reaches Streamlit too; a SIGINT sent to us alone must reach it as well.
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _dataset_dir(given: str) -> Path:
    """The ``--source`` folder, checked: it holds Parquet files and DuckDB is installed."""
    folder = Path(given).resolve()
    if not folder.is_dir():
        raise CliError(f"--source {given}: no such folder (a Parquet dataset, e.g. from `marsad synth --dataset DIR`)")
    if next(folder.glob("**/*.parquet"), None) is None:
        raise CliError(f"--source {given}: no Parquet files in it (write one with `marsad synth --dataset DIR`)")
    if importlib.util.find_spec("duckdb") is None:
        raise CliError("--source needs DuckDB: pip install 'marsad[duckdb]' (or `make venv`, which installs it)")
    return folder


def cmd_serve(args: argparse.Namespace) -> int:
    if args.port is not None and not 1 <= args.port <= 65535:
        raise CliError(f"--port {args.port} is not a port number (1-65535)")
    if not DASHBOARD_APP.is_file():
        raise CliError(f"{DASHBOARD_APP} is missing; the dashboard is not installed")
    db = _db_path(args).resolve()
    env = dict(os.environ, MARSAD_DB=str(db))
    if args.source:
        env["MARSAD_SOURCE"] = str(_dataset_dir(args.source))
    elif not args.no_prepare:
        with Store(db) as store:
            prepare_store(store)
    port = args.port or 8501
    what = f"dataset {env['MARSAD_SOURCE']} through DuckDB, edits in {db}" if args.source else f"store {db}"
    print(f"marsad serve: dashboard at http://localhost:{port} ({what}); Ctrl-C stops it", file=sys.stderr)
    return run_streamlit(streamlit_command(args.port), env)
