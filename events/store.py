"""SQLite store: articles, events and an append-only edits log.

One file (default ``data/marsad.db``; ``MARSAD_DB`` or ``--db`` override it), WAL mode so the
dashboard reads while ``marsad extract`` writes. ``meta.data_version`` increases on every write,
so readers can cache the events frame and reload only when the store changed.

Exports (CSV, JSONL, GeoJSON, Parquet and the interop formats) are :mod:`events.exports`,
imports of exported events :mod:`events.imports`; both read and write through this store.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from events.atomic import write_backup
from events.schema import FIELDS, Article, Event
from geo.errors import MarsadError

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


# An event is curated — never replaced by extraction or import — when the edits log has a row for
# it (the log, not the status, is the record of an analyst's work), when its status is not auto,
# or when it was added by hand. ``e`` is the events table.
CURATED = ("(e.status != 'auto' OR e.method = 'manual' "
           "OR EXISTS (SELECT 1 FROM edits x WHERE x.event_id = e.event_id))")


class StoreError(MarsadError, OSError):
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
        """Copy the store to ``<db>.bak-<ts>`` before its schema is altered."""
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
        with self.transaction() as c:
            return self._insert_articles(c, articles)

    @staticmethod
    def _insert_articles(c: sqlite3.Connection, articles: Iterable[Article]) -> int:
        new = 0
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
        return self.replace_extracted_many([(article_id, events)])

    def replace_extracted_many(self, results: Iterable[tuple[str, Iterable[Event]]], *,
                               articles: Iterable[Article] = ()) -> int:
        """``replace_extracted`` for many articles in one transaction (one ``data_version`` bump,
        so an open dashboard rebuilds once per batch, not per article); ``articles`` are added
        first, as ``add_articles`` does. Returns the number of events written."""
        placeholders = ",".join("?" * (len(FIELDS) + 1))
        written = 0
        with self.transaction() as c:
            self._insert_articles(c, articles)
            for article_id, events in results:
                kept = {r[0] for r in c.execute(
                    f"SELECT event_id FROM events e WHERE e.article_id=? AND {CURATED}", (article_id,))}
                c.execute(f"DELETE FROM events AS e WHERE e.article_id=? AND NOT ({CURATED})", (article_id,))
                rows = [self._row(ev) for ev in events if ev.event_id not in kept]
                c.executemany(f"INSERT OR REPLACE INTO events VALUES ({placeholders})", rows)
                written += len(rows)
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

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def articles_without_events(self) -> list[str]:
        """Ids of the stored articles no event comes from (not extracted yet), in id order."""
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.article_id = a.article_id) ORDER BY article_id")]

    def event_rows(self, size: int) -> Iterator[list[tuple[Any, ...]]]:
        """The stored events as rows of :data:`~events.schema.FIELDS` (lists and counts as their
        JSON text), by date (undated last) then id, ``size`` rows at a time."""
        cur = self.conn.execute(
            f"SELECT {', '.join(FIELDS)} FROM events ORDER BY date_start IS NULL, date_start, event_id")
        while rows := cur.fetchmany(size):
            yield rows

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
