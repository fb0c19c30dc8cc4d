"""Loading the events once per store change, shared between sessions (Streamlit caches).

``st.cache_resource`` (not ``cache_data``): the prepared index of a million events is shared by
reference between every session instead of being pickled and copied on each rerun. It is
keyed on the database path and ``Store.data_version()``, which every write bumps, so an upload,
an extraction or an edit in another process shows on the next rerun. Callers treat what they
get as read-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.filters import EventIndex, build_index
from events.schema import FIELDS
from events.store import JSON_FIELDS, Store, default_db_path, typed_frame

ROOT = Path(__file__).resolve().parent.parent
ACTORS_LEXICON = ROOT / "data" / "lexicons" / "actors.yaml"


def db_path() -> str:
    """``MARSAD_DB`` if set, else ``data/marsad.db`` (read on every rerun)."""
    return str(default_db_path())


def open_store(path: str | None = None) -> Store:
    return Store(path or db_path())


@contextmanager
def reader(path: str) -> Iterator[sqlite3.Connection]:
    """A read-only connection: a rerun never waits for a writer (WAL) nor takes a write lock.

    ``Store()`` writes on open (schema check, ``INSERT OR IGNORE`` into meta), which would queue
    behind a long ``marsad extract``; the dashboard only reads. A missing file is created as an
    empty store first (and a foreign file raises ``StoreError`` there).
    """
    if not Path(path).exists():
        Store(path).close()
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        with Store(path) as s:  # unreadable: let the store explain why
            yield s.conn
        return
    with closing(conn):
        try:
            conn.execute("SELECT 1 FROM meta LIMIT 1")
        except sqlite3.DatabaseError:
            Store(path).close()  # not (yet) a Marsad store: raises StoreError or sets it up
        yield conn


def data_version(path: str) -> int:
    with reader(path) as c:
        row = c.execute("SELECT value FROM meta WHERE key='data_version'").fetchone()
        return int(row[0]) if row else 0


def events_frame(store: Store | SimpleNamespace) -> pd.DataFrame:
    """``Store.events_frame()``, parsing each distinct JSON value once.

    Actor lists, counts and mentions repeat a lot (a few thousand distinct values in a million
    events), so factorizing before ``json.loads`` turns millions of parses into thousands. The
    parsed lists/dicts are shared between rows: the dashboard only reads them.
    """
    df = pd.read_sql_query(
        f"SELECT e.{', e.'.join(FIELDS)}, a.title AS article_title FROM events e "
        "LEFT JOIN articles a ON a.article_id = e.article_id",
        store.conn,
    )
    for col in JSON_FIELDS:
        if col not in df or not len(df):
            continue
        codes, uniques = pd.factorize(df[col].astype(object), use_na_sentinel=True)
        empty = "{}" if col == "counts" else "[]"
        parsed = [json.loads(u) if u else json.loads(empty) for u in uniques] + [json.loads(empty)]
        values = pd.Series(parsed, dtype=object).to_numpy()
        df[col] = values[codes]  # code -1 (NULL) takes the appended empty value
    return typed_frame(df)


@st.cache_resource(max_entries=2, show_spinner="Loading events…")
def _index(path: str, version: int) -> EventIndex:
    with reader(path) as c:
        frame = events_frame(SimpleNamespace(conn=c))
    return build_index(frame)


@st.cache_resource(max_entries=2, show_spinner=False)
def _articles(path: str, version: int) -> pd.DataFrame:
    with reader(path) as c:
        # Store.articles_frame only reads self.conn: run it on the read-only connection.
        return Store.articles_frame(SimpleNamespace(conn=c))  # type: ignore[arg-type]


def load_index(path: str | None = None) -> tuple[EventIndex, int]:
    """The events index for the store at ``path`` and the store version it reflects."""
    p = path or db_path()
    v = data_version(p)
    return _index(p, v), v


def load_articles(path: str | None = None) -> pd.DataFrame:
    p = path or db_path()
    return _articles(p, data_version(p))


@st.cache_resource(show_spinner=False)
def _aliases(mtime: float) -> dict[str, list[str]]:
    try:
        import yaml

        entries = yaml.safe_load(ACTORS_LEXICON.read_text(encoding="utf-8")) or []
    except (OSError, ValueError, ImportError):
        return {}
    out: dict[str, list[str]] = {}
    for e in entries if isinstance(entries, list) else []:
        if not isinstance(e, dict) or not e.get("name"):
            continue
        names = [e.get("short")] + list(e.get("aliases_ar") or []) + list(e.get("aliases_en") or [])
        out[str(e["name"])] = [str(n) for n in names if n]
    return out


def actor_aliases() -> dict[str, list[str]]:
    """Canonical actor → aliases from ``data/lexicons/actors.yaml`` (empty when absent)."""
    try:
        mtime = ACTORS_LEXICON.stat().st_mtime
    except OSError:
        return {}
    return _aliases(mtime)


def article_info(path: str, article_id: str) -> dict[str, Any] | None:
    with reader(path) as c:
        a = Store.article(SimpleNamespace(conn=c), article_id)  # type: ignore[arg-type]
    return None if a is None else {"title": a.title, "source": a.source, "url": a.url,
                                    "published": a.published, "language": a.language}
