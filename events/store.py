"""SQLite store: articles, events and an append-only edits log.

One file (default ``data/marsad.db``; ``MARSAD_DB`` or ``--db`` override it), WAL mode so the
dashboard reads while ``marsad extract`` writes. ``meta.data_version`` increases on every write,
so readers can cache the events frame and reload only when the store changed.

Exports (:func:`export_events`, :func:`export_bytes`: CSV, JSONL, GeoJSON, Parquet) and
:func:`import_events` live at the end of this module.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from events.atomic import clean_stale_temps, publish, temp_path, write_backup
from events.schema import FIELDS, Article, Event, ValidationError, validate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "marsad.db"
SCHEMA_VERSION = 1

# Columns of the events table holding JSON (lists / mappings).
JSON_FIELDS = ("actors", "counts", "mentions")
REAL_FIELDS = ("lat", "lon", "confidence")
INT_FIELDS = ("sentence_start", "sentence_end")

_EVENT_COLUMNS = ",\n    ".join(
    f"{name} {'TEXT PRIMARY KEY' if name == 'event_id' else 'REAL' if name in REAL_FIELDS else 'INTEGER' if name in INT_FIELDS else 'TEXT'}"
    for name in FIELDS
)

DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    title TEXT, published TEXT, source TEXT, url TEXT, language TEXT, text TEXT, path TEXT,
    ingested_at TEXT
);
CREATE TABLE IF NOT EXISTS events (
    {_EVENT_COLUMNS},
    updated_at TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date_start);
-- the newest articles first (lists, the add-event form): read in order, never sorted whole
CREATE INDEX IF NOT EXISTS articles_newest ON articles(published IS NULL, published DESC, title);
CREATE TABLE IF NOT EXISTS edits (
    edit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    user TEXT,
    ts TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT 'edit',
    reverts INTEGER
);
CREATE INDEX IF NOT EXISTS edits_event ON edits(event_id);
"""
NEWEST_ARTICLES_INDEX = next(line for line in DDL.splitlines() if "articles_newest" in line)
# The log is append-only whatever SQL reaches the file: UPDATE and DELETE are refused, and so is an
# INSERT that names an existing edit_id (INSERT OR REPLACE would delete the old row without firing
# the DELETE trigger). Recreated on open when something dropped them.
TRIGGERS = {
    "edits_append_only_u": "BEFORE UPDATE ON edits",
    "edits_append_only_d": "BEFORE DELETE ON edits",
    "edits_append_only_i": "BEFORE INSERT ON edits WHEN EXISTS (SELECT 1 FROM edits WHERE edit_id = NEW.edit_id)",
}
TRIGGER_DDL = "".join(f"CREATE TRIGGER IF NOT EXISTS {name} {when}\n"
                      "    BEGIN SELECT RAISE(ABORT, 'the edits log is append-only'); END;\n"
                      for name, when in TRIGGERS.items())
DDL += TRIGGER_DDL
MAX_IMPORT_BYTES = 256 * 1024 * 1024  # per import file, checked before it is read


# An event is curated — never replaced by extraction or import — when the edits log has a row for
# it (the log, not the status, is the record of an analyst's work), when its status is not auto,
# or when it was added by hand. ``e`` is the events table.
CURATED = ("(e.status != 'auto' OR e.method = 'manual' "
           "OR EXISTS (SELECT 1 FROM edits x WHERE x.event_id = e.event_id))")


class StoreError(Exception):
    """The store file cannot be used (corrupt, foreign, newer schema)."""


def default_db_path() -> Path:
    """``MARSAD_DB`` if set, else ``data/marsad.db`` inside the project."""
    env = os.environ.get("MARSAD_DB")
    return Path(env) if env else DEFAULT_DB


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Store:
    """A Marsad SQLite store. ``Store(":memory:")`` gives a fresh in-memory one (tests)."""

    def __init__(self, path: str | Path | None = None, *, timeout: float = 30.0):
        self.path = str(path) if path is not None else str(default_db_path())
        self.migration_backup: Path | None = None  # set when opening migrated an older schema
        self.log_lost_at: str | None = None  # when the edits table was found dropped (and recreated)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._check_foreign(Path(self.path))
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            # Before WAL: switching the journal mode writes to the file, and a foreign or
            # corrupt file must be left byte-for-byte untouched.
            self._refuse_foreign_tables()
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._init_schema()
            row = self.conn.execute("SELECT value FROM meta WHERE key='edits_log_lost'").fetchone()
            self.log_lost_at = row[0] if row else None
        except StoreError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if getattr(self, "conn", None) is not None:
                self.conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"{self.path}: the database is busy (another process is "
                                 "writing to it); try again in a moment") from exc
            raise StoreError(
                f"{self.path}: not a usable Marsad database ({exc}). It was left untouched; "
                "point --db / MARSAD_DB at another file."
            ) from exc

    @classmethod
    def read_only(cls, path: str | Path, *, timeout: float = 30.0) -> "Store":
        """The store at ``path`` opened read-only: it never takes a write lock nor waits for a
        writer (WAL), so a dashboard rerun is not queued behind a long ``marsad extract``.

        A missing file, or one not yet set up, is first opened normally (which sets it up, or
        raises ``StoreError`` for a foreign file); only what reads is then available.
        """
        if not Path(path).exists():
            cls(path).close()
        try:
            return cls._open_read_only(path, timeout)
        except sqlite3.Error:
            full = cls(path, timeout=timeout)  # not (yet) a Marsad store: raises StoreError, or sets it up
        try:
            ro = cls._open_read_only(path, timeout)
        except sqlite3.Error:
            return full  # still unreadable read-only (say, no WAL files allowed): read through it
        full.close()
        return ro

    @classmethod
    def _open_read_only(cls, path: str | Path, timeout: float) -> "Store":
        self = cls.__new__(cls)
        self.path, self.migration_backup, self.log_lost_at = str(path), None, None
        self.conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=timeout,
                                    isolation_level=None, check_same_thread=False)
        try:
            self.conn.execute("SELECT 1 FROM meta LIMIT 1")
        except sqlite3.Error:
            self.conn.close()
            raise
        return self

    @contextmanager
    def reading(self) -> Iterator["Store"]:
        """One read transaction: every read inside sees the same instant of the store (WAL)."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.rollback()

    @staticmethod
    def _check_foreign(path: Path) -> None:
        if not path.exists() or path.stat().st_size == 0:
            return
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head != b"SQLite format 3\x00":
            raise StoreError(
                f"{path}: not an SQLite database (it was left untouched). "
                "Point --db / MARSAD_DB at a new or existing Marsad database file."
            )

    def _refuse_foreign_tables(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        ours = {"meta", "articles", "events", "edits", "sqlite_sequence"}
        versioned = "meta" in tables and self.conn.execute(
            "SELECT 1 FROM meta WHERE key='schema_version'").fetchone() is not None
        if tables and not versioned and not tables <= ours:
            raise StoreError(
                f"{self.path}: an SQLite database that is not Marsad's (tables: "
                f"{', '.join(sorted(tables))}). It was left untouched; use another --db file."
            )

    def _init_schema(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = SCHEMA_VERSION
        if "meta" in tables:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {version} is newer than this Marsad "
                    f"({SCHEMA_VERSION}); upgrade Marsad."
                )
        elif tables:
            version = 0  # Marsad tables without meta: an older, unversioned store
        if version == SCHEMA_VERSION and {"meta", "articles", "events", "edits"} <= tables:
            triggers = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
            if not set(TRIGGERS) <= triggers:
                self.conn.executescript(TRIGGER_DDL)  # dropped (or from an older Marsad): put back
            indexes = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
            if "articles_newest" not in indexes:  # a store made before it: once
                self.conn.execute(NEWEST_ARTICLES_INDEX)
            return  # up to date: opening takes no write lock, so readers never wait for a writer
        lost = version == SCHEMA_VERSION and "edits" not in tables and "events" in tables
        if version < SCHEMA_VERSION and self.path != ":memory:":
            self.migration_backup = self._backup_before_migration(version)
        self.conn.executescript(DDL)
        if lost:
            self._record_lost_log()
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        if version < SCHEMA_VERSION:
            self.conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('data_version', '0')")

    def new_backup_path(self, tag: str = "") -> Path:
        """``<db>.bak-<UTC timestamp><tag>`` next to the database, never an existing file."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = Path(f"{self.path}.bak-{stamp}{tag}")
        n = 1
        while target.exists():
            target = Path(f"{self.path}.bak-{stamp}{tag}.{n}")
            n += 1
        return target

    def _backup_before_migration(self, version: int) -> Path:
        """Copy the store to ``<db>.bak-<ts>`` before its schema is altered (issue 6)."""
        target = self.new_backup_path(f"-v{version}")
        write_backup(self.conn, target)
        return target

    def _record_lost_log(self) -> None:
        """The edits table of an up-to-date store was gone (dropped outside Marsad): the empty one
        just created says so in its first row and in ``meta``, and the user is told once."""
        ts = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        note = "the edits log was found missing and recreated empty; changes before this time are not recorded"
        self.conn.execute("INSERT INTO edits(event_id, field, old_value, new_value, user, ts, action) "
                          "VALUES ('*', 'edits', NULL, ?, 'marsad', ?, 'log_lost')", (json.dumps(note), ts))
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('edits_log_lost', ?)", (ts,))
        print(f"marsad: warning: {self.path}: the edits log (table edits) was missing — removed outside "
              "Marsad, so the history of changes is lost. An empty log was created and the loss recorded "
              "in it; restore a backup (marsad backup, *.bak-* files) if you have one.", file=sys.stderr)

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, retried while another writer holds the lock."""
        for attempt in range(50):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        else:
            raise StoreError(f"{self.path}: the database stayed locked; try again")
        try:
            yield self.conn
            self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='data_version'")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def data_version(self) -> int:
        """Increases with every committed write: a cache key for readers."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='data_version'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -----------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles; one already stored (same id) is not duplicated. Returns how many were new."""
        new = 0
        with self.transaction() as c:
            for a in articles:
                cur = c.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                    (a.id, a.title, a.published, a.source, a.url, a.language, a.text, a.path, now_iso()),
                )
                new += cur.rowcount
        return new

    def articles(self) -> list[Article]:
        rows = self.conn.execute(
            "SELECT article_id, title, published, source, url, language, text, path FROM articles "
            "ORDER BY published IS NULL, published DESC, title"
        ).fetchall()
        return [Article(*r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        r = self.conn.execute(
            "SELECT article_id, title, published, source, url, language, text, path FROM articles WHERE article_id=?",
            (article_id,),
        ).fetchone()
        return Article(*r) if r else None

    def articles_frame(self) -> pd.DataFrame:
        df = pd.read_sql_query(
            "SELECT article_id, title, source, published, language, url, path, ingested_at, "
            "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.article_id) AS events "
            "FROM articles a ORDER BY published IS NULL, published DESC, title",
            self.conn,
        )
        df["published"] = pd.to_datetime(df["published"], errors="coerce")
        return df

    # -- events -------------------------------------------------------------------------

    @staticmethod
    def _row(ev: Event) -> tuple[Any, ...]:
        d = ev.to_dict()
        return tuple(json.dumps(d[f], ensure_ascii=False) if f in JSON_FIELDS else d[f] for f in FIELDS) + (now_iso(),)

    @staticmethod
    def _event(row: sqlite3.Row | tuple[Any, ...]) -> Event:
        d = dict(zip(FIELDS, row))
        for f in JSON_FIELDS:
            d[f] = json.loads(d[f]) if d[f] else ([] if f != "counts" else {})
        return Event.from_dict(d)

    def put_events(self, events: Iterable[Event], *, keep_curated: bool = False) -> int:
        """Insert or replace events as given (import, synth). Returns the number written.

        With ``keep_curated``, an event already stored that an analyst edited, verified or
        rejected, or added by hand, is left as it is (an import must not undo curation).
        """
        placeholders = ",".join("?" * (len(FIELDS) + 1))
        with self.transaction() as c:
            if keep_curated:
                curated = {r[0] for r in c.execute(f"SELECT event_id FROM events e WHERE {CURATED}")}
                events = [e for e in events if e.event_id not in curated]
            rows = [self._row(e) for e in events]
            c.executemany(f"INSERT OR REPLACE INTO events VALUES ({placeholders})", rows)
        return len(rows)

    def replace_extracted(self, article_id: str, events: Iterable[Event]) -> int:
        """Store a fresh extraction of one article, keeping the analyst's work.

        Untouched automatic events of the article are replaced; events an analyst has touched
        (any row in the edits log, whatever the status now: restored after a rejection, a
        status reverted, ``status=auto`` set by hand), events whose status is not ``auto``, and
        manual events, are kept as they are, and a new extraction of the same id does not
        overwrite them (a rejected event does not come back).
        """
        placeholders = ",".join("?" * (len(FIELDS) + 1))
        written = 0
        with self.transaction() as c:
            kept = {r[0] for r in c.execute(
                f"SELECT event_id FROM events e WHERE e.article_id=? AND {CURATED}", (article_id,))}
            c.execute(f"DELETE FROM events AS e WHERE e.article_id=? AND NOT ({CURATED})", (article_id,))
            for ev in events:
                if ev.event_id in kept:
                    continue
                c.execute(f"INSERT OR REPLACE INTO events VALUES ({placeholders})", self._row(ev))
                written += 1
        return written

    def event(self, event_id: str) -> Event | None:
        r = self.conn.execute(f"SELECT {', '.join(FIELDS)} FROM events WHERE event_id=?", (event_id,)).fetchone()
        return self._event(r) if r else None

    def events(self, where: str = "", params: tuple[Any, ...] = ()) -> list[Event]:
        sql = f"SELECT {', '.join(FIELDS)} FROM events {where}"
        return [self._event(r) for r in self.conn.execute(sql, params)]

    def count_events(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def curated_events(self) -> list[Event]:
        """The events an analyst touched (edited, verified, rejected) or added by hand."""
        return self.events(f"e WHERE {CURATED}")

    def events_extent(self) -> tuple[int, int]:
        """(number of events, largest row id): with ``data_version``, what a copy of the events
        must match to stand for the store."""
        count, last = self.conn.execute("SELECT count(*), max(rowid) FROM events").fetchone()
        return int(count), int(last or 0)

    def events_frame(self, *, json_text: bool = False) -> pd.DataFrame:
        """All events as a DataFrame: dates as datetimes, lists as lists, counts as dicts.

        ``json_text``: actors, counts and mentions stay their stored JSON text (for a reader
        that parses each distinct value once, as the dashboard does).
        """
        return events_frame_from_sql(self.conn, json_text=json_text)


def events_frame_from_sql(conn: sqlite3.Connection, *, json_text: bool = False) -> pd.DataFrame:
    df = pd.read_sql_query(
        f"SELECT e.{', e.'.join(FIELDS)}, a.title AS article_title FROM events e "
        "LEFT JOIN articles a ON a.article_id = e.article_id",
        conn,
    )
    if not json_text:
        return typed_frame(df)
    text = {col: df.pop(col) for col in JSON_FIELDS if col in df}
    df = typed_frame(df)
    for col, values in text.items():
        df.insert(FIELDS.index(col), col, values.astype(object))
    return df


def typed_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Give an events frame its dtypes: datetimes, floats, lists and dicts parsed from JSON."""
    for col in ("date_start", "date_end", "published"):
        if col in df:
            s = pd.to_datetime(df[col], errors="coerce", format="ISO8601")
            # pandas reads year 0 and negative years, which no date axis or Python date can hold:
            # such a stored value (written by hand into the file) counts as undated
            df[col] = s.where((s.dt.year >= 1) & (s.dt.year <= 9999))
    for col in REAL_FIELDS:
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in JSON_FIELDS:
        if col in df and len(df) and isinstance(df[col].iloc[0], str):
            empty = "{}" if col == "counts" else "[]"
            df[col] = [json.loads(v) if v else json.loads(empty) for v in df[col]]
    for col in ("event_type", "date_precision", "geo_precision", "tense", "country", "status", "method", "language"):
        if col in df:
            df[col] = df[col].astype("category")
    return df


# -- export and import --------------------------------------------------------------------------
# Every export goes through one list of plain records (DESIGN field names, ISO dates, None for
# unknown), so CSV, JSONL, GeoJSON and Parquet say the same thing, and `import_events` reads
# CSV/JSONL/Parquet back into equal records.

# timelinejs, kml, kepler, acled: written by events.exports (the formats analysts present with).
EXPORT_FORMATS = ("csv", "jsonl", "geojson", "parquet", "timelinejs", "kml", "kepler", "acled")
EXPORT_MEDIA_TYPES = {
    "csv": "text/csv", "jsonl": "application/x-ndjson",
    "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet",
    "timelinejs": "application/json", "kml": "application/vnd.google-earth.kml+xml",
    "kepler": "application/json", "acled": "text/csv",
}
DATE_FIELDS = ("published", "date_start", "date_end")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_FIRST = frozenset("".join(_FORMULA_START) + "'")
# Lists of names are joined with this in CSV (one readable cell); other structures are JSON.
CSV_LIST_SEPARATOR = "; "
_EVENT_DEFAULTS = {f.name: (f.default_factory() if f.default_factory is not dataclasses.MISSING  # type: ignore[misc]
                            else f.default) for f in dataclasses.fields(Event)}
_OPTIONAL_FIELDS = tuple(name for name, default in _EVENT_DEFAULTS.items() if default is None)


@dataclasses.dataclass
class ExportSummary:
    """What an export wrote: ``written`` events; GeoJSON also counts those without coordinates."""

    format: str
    written: int
    without_coordinates: int = 0

    def message(self, target: str = "") -> str:
        where = f" to {target}" if target else ""
        text = f"wrote {self.written} event{'s' if self.written != 1 else ''}{where} ({self.format})"
        if self.without_coordinates:
            text += (f"; {self.without_coordinates} event{'s' if self.without_coordinates != 1 else ''} "
                     "without coordinates not in the GeoJSON (no lat/lon: geocode them or export CSV/JSONL)")
        return text


def csv_escape(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula: prefix ``'``.

    A cell already starting with ``'`` is prefixed too, so :func:`csv_unescape` is exact.
    """
    return "'" + value if value and value[0] in _ESCAPED_FIRST else value


def csv_unescape(value: str) -> str:
    """Undo :func:`csv_escape`."""
    if len(value) > 1 and value[0] == "'" and value[1] in _ESCAPED_FIRST:
        return value[1:]
    return value


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and containers → plain Python (JSON-ready); NaN/NaT → None."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (str, int)):
        return value
    if hasattr(value, "tolist") and not isinstance(value, bytes):  # numpy scalar/array
        return _plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _iso_day(value: Any) -> str | None:
    value = _plain(value)
    if value is None or value == "":
        return None
    if hasattr(value, "date") and callable(value.date):  # datetime / Timestamp
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)[:10]


def _json_value(name: str, value: Any) -> Any:
    """A list/mapping field from whatever holds it: JSON text, numpy array, list, dict, null."""
    if isinstance(value, str):
        value = json.loads(value) if value else None
    else:
        value = _plain(value)
    if value is None:
        return {} if name == "counts" else []
    if name == "counts" and isinstance(value, dict):
        return {k: int(v) if isinstance(v, float) and v.is_integer() else v
                for k, v in value.items() if v is not None}
    return value


# Exports work on columns (one list per field): converting a column at a time is what keeps a
# million-event export in seconds rather than minutes.
Columns = dict[str, list[Any]]


def event_columns(source: "Store | pd.DataFrame | Iterable[Event]") -> Columns:
    """The events of a store, an events frame or a list, as plain lists per DESIGN field."""
    if isinstance(source, Store):
        rows = source.conn.execute(
            f"SELECT {', '.join(FIELDS)} FROM events ORDER BY date_start IS NULL, date_start, event_id"
        ).fetchall()
        cols = {name: list(values) for name, values in zip(FIELDS, zip(*rows))} if rows \
            else {name: [] for name in FIELDS}
        for name in JSON_FIELDS:
            cols[name] = [_json_value(name, v) for v in cols[name]]
        return cols
    if isinstance(source, pd.DataFrame):
        return _columns_from_frame(source)
    records = [ev.to_dict() for ev in source]
    return {name: [_plain(r[name]) for r in records] for name in FIELDS}


def _columns_from_frame(frame: pd.DataFrame) -> Columns:
    n = len(frame)
    cols: Columns = {}
    for name in FIELDS:
        if name not in frame:
            default = _EVENT_DEFAULTS[name]
            cols[name] = [default.copy() if isinstance(default, (list, dict)) else default for _ in range(n)]
            continue
        s = frame[name]
        if name in JSON_FIELDS:
            cols[name] = [_json_value(name, v) for v in s]
        elif name in DATE_FIELDS:
            if pd.api.types.is_datetime64_any_dtype(s):
                cols[name] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None).tolist()
            else:
                cols[name] = [_iso_day(v) for v in s]
        elif name in INT_FIELDS:
            cols[name] = [None if v is None or v != v else int(v) for v in s.astype(object)]
        elif name in REAL_FIELDS:
            cols[name] = [None if v is None or v != v else float(v) for v in s.astype(object)]
        else:
            obj = s.astype(object)
            cols[name] = obj.where(s.notna(), None).tolist()
    return cols


def event_records(source: "Store | pd.DataFrame | Iterable[Event]") -> list[dict[str, Any]]:
    """Plain dicts in DESIGN field order from a store, an events frame or events."""
    cols = event_columns(source)
    return [dict(zip(FIELDS, values)) for values in zip(*(cols[f] for f in FIELDS))]


def _csv_column(name: str, values: list[Any]) -> list[str]:
    if name == "actors":
        return [csv_escape(CSV_LIST_SEPARATOR.join(v)) if v else "" for v in values]
    if name in JSON_FIELDS:
        return [json.dumps(v, ensure_ascii=False, allow_nan=False) for v in values]
    # Text is escaped; numbers are not (a negative latitude stays a number, not escaped text).
    return ["" if v is None else csv_escape(v) if isinstance(v, str) else str(v) for v in values]


EXPORT_CHUNK = 50_000  # rows per chunk when streaming a store: memory stays bounded at any size


def _store_chunks(store: "Store", size: int | None = None) -> Iterator[Columns]:
    """The store's events in date order, ``size`` rows at a time, as columns."""
    size = size or EXPORT_CHUNK
    cur = store.conn.execute(
        f"SELECT {', '.join(FIELDS)} FROM events ORDER BY date_start IS NULL, date_start, event_id")
    while True:
        rows = cur.fetchmany(size)
        if not rows:
            return
        cols = {name: list(values) for name, values in zip(FIELDS, zip(*rows))}
        for name in JSON_FIELDS:
            cols[name] = [_json_value(name, v) for v in cols[name]]
        yield cols


def _chunks(source: "Store | pd.DataFrame | Iterable[Event]") -> Iterator[Columns]:
    if isinstance(source, Store):
        yield from _store_chunks(source)
    else:
        yield event_columns(source)


def _write(chunks: Iterable[Columns], fmt: str, fh: BinaryIO, kept_conn: sqlite3.Connection | None = None) -> Any:
    """Encode column chunks in ``fmt`` straight into the binary stream ``fh``."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    from events import exports

    if fmt in exports.INTEROP_FORMATS:
        return exports.write(chunks, fmt, fh, kept_conn=kept_conn)
    summary = ExportSummary(fmt, 0)
    total = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        with pq.ParquetWriter(fh, _parquet_schema(), compression="zstd") as writer:
            wrote = False
            for cols in chunks:
                writer.write_table(pa.table(_parquet_columns(cols), schema=_parquet_schema()))
                summary.written += len(cols[FIELDS[0]])
                wrote = True
            if not wrote:
                writer.write_table(_parquet_schema().empty_table())
        return summary
    if fmt == "csv":
        # A BOM so that spreadsheet programs read the Arabic as UTF-8.
        fh.write(("\ufeff" + ",".join(FIELDS) + "\r\n").encode("utf-8"))
    if fmt == "geojson":
        fh.write(b'{"type": "FeatureCollection", "features": [')
    dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    props_fields = [f for f in FIELDS if f not in ("lat", "lon")]
    for cols in chunks:
        n = len(cols[FIELDS[0]])
        total += n
        if fmt == "csv":
            buf = io.StringIO(newline="")
            csv.writer(buf, lineterminator="\r\n").writerows(zip(*(_csv_column(f, cols[f]) for f in FIELDS)))
            fh.write(buf.getvalue().encode("utf-8"))
            summary.written += n
        elif fmt == "jsonl":
            lines = [dumps(dict(zip(FIELDS, values))) for values in zip(*(cols[f] for f in FIELDS))]
            if lines:
                fh.write(("\n".join(lines) + "\n").encode("utf-8"))
            summary.written += n
        else:
            parts = []
            for lat, lon, values in zip(cols["lat"], cols["lon"], zip(*(cols[f] for f in props_fields))):
                if lat is None or lon is None:
                    continue
                props = dict(zip(props_fields, values))
                parts.append(dumps({"type": "Feature", "id": props["event_id"],
                                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                                    "properties": props}))
            if parts:
                fh.write(((", " if summary.written else "") + ", ".join(parts)).encode("utf-8"))
            summary.written += len(parts)
    if fmt == "geojson":
        summary.without_coordinates = total - summary.written
        # A foreign member (RFC 7946 §6.1): the file itself says what it leaves out.
        tail = {"events": total, "without_coordinates": summary.without_coordinates}
        fh.write(f'], "marsad": {json.dumps(tail)}}}\n'.encode("utf-8"))
    return summary


def _parquet_schema() -> Any:
    import pyarrow as pa

    types = {name: pa.string() for name in FIELDS}
    types.update({name: pa.float64() for name in REAL_FIELDS})
    types.update({name: pa.int64() for name in INT_FIELDS})
    types.update({name: pa.date32() for name in DATE_FIELDS})
    types["actors"] = pa.list_(pa.string())
    # counts and mentions are JSON text: their keys vary from event to event.
    return pa.schema([(name, types[name]) for name in FIELDS])


def _parquet_columns(cols: Columns) -> Columns:
    from datetime import date

    data: Columns = {}
    for name in FIELDS:
        values = cols[name]
        if name in DATE_FIELDS:
            values = [None if v is None else date.fromisoformat(v) for v in values]
        elif name in ("counts", "mentions"):
            values = [json.dumps(v, ensure_ascii=False) for v in values]
        data[name] = values
    return data


def export_bytes(frame: "pd.DataFrame | Store | Iterable[Event]", fmt: str, *,
                 kept_conn: sqlite3.Connection | None = None) -> bytes:
    """The events of ``frame`` (e.g. the dashboard's filtered frame) as a file's bytes in ``fmt``.

    ``kept_conn``: a connection to the store whose kept source attributes (ACLED codes of
    imported events) an ``acled`` export gives back."""
    buf = io.BytesIO()
    _write(_chunks(frame), fmt, buf, frame.conn if isinstance(frame, Store) else kept_conn)
    return buf.getvalue()


def export_events(source: "Store | pd.DataFrame | Iterable[Event]", fmt: str,
                  out: str | os.PathLike[str] | BinaryIO) -> Any:
    """Write the events of a store, frame or list to ``out`` (a path, ``"-"`` for stdout, or a
    binary file object) in ``fmt`` (csv, jsonl, geojson, parquet; timelinejs, kml, kepler, acled).

    A store is streamed in chunks (bounded memory at any size). A path is written atomically:
    an export that fails leaves no half-written file behind. GeoJSON holds only located events;
    ``ExportSummary.without_coordinates`` counts the others.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    kept_conn = source.conn if isinstance(source, Store) else None
    if hasattr(out, "write"):
        return _write(_chunks(source), fmt, out, kept_conn)  # type: ignore[arg-type]
    if str(out) == "-":
        summary = _write(_chunks(source), fmt, sys.stdout.buffer, kept_conn)
        sys.stdout.buffer.flush()
        return summary
    target = Path(out)
    clean_stale_temps(target)
    tmp = temp_path(target)
    try:
        with open(tmp, "wb") as fh:
            summary = _write(_chunks(source), fmt, fh, kept_conn)
        publish(tmp, target, replace=True)
    finally:
        tmp.unlink(missing_ok=True)
    return summary


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row of an export back to record values (typed; escaping undone)."""
    rec: dict[str, Any] = {}
    for name, raw in row.items():
        if name is None or name not in FIELDS:
            continue
        value = csv_unescape(raw or "")
        if name == "actors":
            rec[name] = [a.strip() for a in value.split(CSV_LIST_SEPARATOR.strip()) if a.strip()]
        elif name in JSON_FIELDS:
            rec[name] = json.loads(value) if value.strip() else None  # ValueError → reported
        elif value == "":
            if name in _OPTIONAL_FIELDS:
                rec[name] = None
            elif isinstance(_EVENT_DEFAULTS[name], str):
                rec[name] = ""
            # numbers left empty take the default (confidence 0.5)
        elif name in REAL_FIELDS:
            try:
                rec[name] = float(value)
            except ValueError:
                rec[name] = value  # validate() names the field
        elif name in INT_FIELDS:
            rec[name] = int(value) if value.lstrip("-").isdigit() else value
        else:
            rec[name] = value
    return rec


def _feature_record(feature: Any) -> Any:
    """A GeoJSON Feature of a Marsad export back to an event record (lat/lon from the point)."""
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return feature
    rec = dict(feature["properties"])
    geom = feature.get("geometry") or {}
    if geom.get("type") == "Point" and isinstance(geom.get("coordinates"), list) and len(geom["coordinates"]) >= 2:
        rec["lon"], rec["lat"] = geom["coordinates"][:2]
    return rec


def import_events(path: str | os.PathLike[str]) -> tuple[list[Event], list[str]]:
    """Read events exported as JSONL (or a JSON array), CSV, Parquet or GeoJSON; validate each record.

    Returns ``(events, errors)``; each error names ``file:line`` (or row), the bad fields and
    why, and the good records beside a bad one are still returned. Records without ``method``
    are marked ``import``.
    """
    from events.articles import IngestError, decode_bytes, json_problem, lone_surrogate

    p = Path(path)
    errors: list[str] = []
    events: list[Event] = []
    first_seen: dict[str, str] = {}  # event_id → where in this file it was first given

    def take(rec: Any, line: int | None, label: str = "") -> None:
        where = f"{p}:{line}" if line else str(p)
        if not isinstance(rec, dict):
            errors.append(str(IngestError(p, line, None, f"{label}expected an event object, got {type(rec).__name__}")))
            return
        rec = dict(rec)
        rec.setdefault("method", "import")
        if (bad := lone_surrogate(rec)) is not None:  # SQLite cannot store it: refuse this record only
            errors.append(str(IngestError(p, line, bad[0], f"{label}{bad[1]}")))
            return
        try:
            ev = validate(rec, where=where)
        except ValidationError as exc:
            errors.append(str(exc))
            return
        here = f"line {line}" if line else label.rstrip(": ") or "an earlier record"
        if ev.event_id in first_seen:
            errors.append(str(IngestError(p, line, "event_id", f"{label}{ev.event_id} is already given at "
                                          f"{first_seen[ev.event_id]} of this file; give each event once "
                                          "(the first is kept)")))
            return
        first_seen[ev.event_id] = here
        events.append(ev)

    try:
        size = p.stat().st_size
    except OSError as exc:
        return [], [str(IngestError(p, None, None, f"cannot be read ({exc.strerror or exc})"))]
    too_big = str(IngestError(p, None, None, f"{size / 1e6:,.0f} MB is over the import limit of "
                              f"{MAX_IMPORT_BYTES // 2**20} MB; split the file, or import a Parquet export"))
    if size > MAX_IMPORT_BYTES:
        return [], [too_big]
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(p)
        except Exception as exc:  # pyarrow raises several types for a bad file
            return [], [str(IngestError(p, None, None, f"not a readable Parquet file ({exc})"))]
        for n, rec in enumerate(event_records(frame), start=1):
            take(rec, None, f"row {n}: ")
        return events, errors
    with open(p, "rb") as fh:
        data = fh.read(MAX_IMPORT_BYTES + 1)  # bounded even when the size was not known beforehand
    if len(data) > MAX_IMPORT_BYTES:
        return [], [too_big]
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        return [], [str(IngestError(p, None, None, str(exc)))]
    if suffix == ".csv":
        csv.field_size_limit(64 * 1024 * 1024)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "article_id" not in reader.fieldnames:
            return [], [str(IngestError(p, 1, None, "the header has no article_id column; "
                                        f"expected the columns of a Marsad export: {','.join(FIELDS)}"))]
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                errors.append(str(IngestError(p, line, None, f"not valid CSV ({exc})")))
                break
            try:
                rec = _csv_record(row)
            except ValueError as exc:
                errors.append(str(IngestError(p, line, None, f"a counts/mentions cell is not valid JSON ({exc})")))
                continue
            take(rec, line)
        return events, errors
    stripped = text.lstrip()
    if stripped.startswith("[") or suffix == ".geojson" or (stripped.startswith("{") and '"FeatureCollection"' in text[:200]):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [str(IngestError(p, exc.lineno, None, f"not valid JSON ({exc.msg})"))]
        except (ValueError, RecursionError) as exc:  # too deep, a number of thousands of digits
            return [], [str(IngestError(p, None, None, f"the JSON document {json_problem(exc)}"))]
        if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
            doc = [_feature_record(f) for f in doc.get("features") or []]
        if not isinstance(doc, list):
            return [], [str(IngestError(p, 1, None, "expected a list of events or a GeoJSON FeatureCollection"))]
        for n, item in enumerate(doc, start=1):
            take(item, None, f"item {n}: ")
        return events, errors
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(str(IngestError(p, n, None, f"not valid JSON ({exc.msg}); each line must be one event object")))
            continue
        except (ValueError, RecursionError) as exc:
            errors.append(str(IngestError(p, n, None, f"the JSON line {json_problem(exc)}")))
            continue
        take(rec, n)
    return events, errors
