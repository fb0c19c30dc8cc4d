"""Loading the events once per store change, shared between sessions (Streamlit caches).

``st.cache_resource`` (not ``cache_data``): the prepared index of a million events is shared by
reference between every session instead of being pickled and copied on each rerun. It is
keyed on the database path and ``Store.data_version()``, which every write bumps, so an upload,
an extraction or an edit in another process shows on the next rerun. Callers treat what they
get as read-only.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.event_index import EventIndex, build_index
from events.frame import fingerprint, load_frame, snapshot_enabled, snapshot_path
from events.store import Store, StoreError, default_db_path
from geo.errors import LexiconError
from geo.lexicon import actor_entries


def db_path() -> str:
    """``MARSAD_DB`` if set, else ``data/marsad.db`` (read on every rerun)."""
    return str(default_db_path())


def source_dir() -> str | None:
    """``MARSAD_SOURCE``: the Parquet dataset to serve through DuckDB (``marsad serve --source``)."""
    return os.environ.get("MARSAD_SOURCE") or None


def open_store(path: str | None = None) -> Store:
    return Store(path or db_path())


@contextmanager
def reader(path: str) -> Iterator[Store]:
    """The store opened read-only (``Store.read_only``): a rerun never waits for a writer (WAL)
    nor takes a write lock. A missing file is created as an empty store first (and a foreign
    file raises ``StoreError``)."""
    with Store.read_only(path) as store:
        yield store


def export_file(path: str, frame: pd.DataFrame, fmt: str) -> bytes:
    """The events of ``frame`` as a file in ``fmt``; an ACLED file gives back the codes kept with
    events imported from ACLED (read from the store at ``path``)."""
    from events.exports import export_bytes

    if fmt != "acled":
        return export_bytes(frame, fmt)
    with reader(path) as store:
        return export_bytes(frame, fmt, kept_conn=store.conn)


def data_version(path: str) -> int:
    with reader(path) as store:
        return store.data_version()


@st.cache_resource(max_entries=2, show_spinner=False)
def _frame(path: str, version: int) -> pd.DataFrame:
    return load_frame(path)[0]


def index_for(path: str, version: int, frame: pd.DataFrame, *, snapshot: bool | None = None) -> EventIndex:
    """The filter index of ``frame``, the events of the store at ``path`` at ``version``: read
    from the index snapshot beside the store when it matches, else built (and saved for the
    next process, when the store is still at that version)."""
    from dashboard import index_snapshot

    use = snapshot_enabled() if snapshot is None else snapshot
    if not use or path == ":memory:" or str(path).startswith("file:"):
        return build_index(frame)
    with reader(path) as store, store.reading():
        current = store.data_version()
        fp = {"version": str(version), **fingerprint(store, path)}
    file = index_snapshot.index_path(path, version)
    idx = index_snapshot.load(file, frame, fp)
    if idx is None:
        idx = build_index(frame)
        if current == version:
            index_snapshot.save(idx, file, fp)
    return idx


@st.cache_resource(max_entries=2, show_spinner=False)
def _index(path: str, version: int) -> EventIndex:
    return index_for(path, version, _frame(path, version))  # the index keeps the frame: no second copy


# (path, version) this process has loaded: only the first load of a version shows its progress.
_LOADED: set[tuple[str, int]] = set()


def _count_events(path: str) -> int | None:
    try:
        with reader(path) as store:
            return store.count_events()
    except (sqlite3.Error, StoreError):
        return None


def load_progress(path: str, version: int, n: int | None, snapshot: bool) -> list[str]:
    """The steps a first load goes through, in words (what is read, from where, then what)."""
    what = f"{n:,} events" if n is not None else "the events"
    source = ("the columnar snapshot beside the store" if snapshot
              else "SQLite (the first load after a change; about a minute per million events)")
    return [f"Reading {what} from {source}…", f"Indexing {what} for the filters (types, places, actors, days)…"]


@st.cache_resource(max_entries=2, show_spinner=False)
def _articles(path: str, version: int) -> pd.DataFrame:
    with reader(path) as store:
        return store.articles_frame()


def load_index(path: str | None = None) -> tuple[EventIndex, int]:
    """The events index for the store at ``path`` and the store version it reflects."""
    p = path or db_path()
    v = data_version(p)
    if (p, v) in _LOADED:
        return _index(p, v), v
    n = _count_events(p)
    snap = snapshot_enabled() and snapshot_path(p, v).exists()
    steps = load_progress(p, v, n, snap)
    slot = st.empty()  # the progress shows while loading, then leaves the page (and screenshots)
    with slot.status(steps[0], expanded=True) as status:
        bar = st.progress(0.05, text=steps[0])
        _frame(p, v)
        status.update(label=steps[1])
        bar.progress(0.7, text=steps[1])
        idx = _index(p, v)
        bar.progress(1.0, text="Ready")
        status.update(label=f"Loaded {idx.n:,} events", state="complete", expanded=False)
    slot.empty()
    _LOADED.add((p, v))
    return idx, v


def load_articles(path: str | None = None) -> pd.DataFrame:
    p = path or db_path()
    return _articles(p, data_version(p))


def actor_aliases() -> dict[str, list[str]]:
    """Canonical actor → aliases from ``data/lexicons/actors.yaml`` (empty when absent or broken)."""
    try:
        entries = actor_entries()
    except LexiconError:
        return {}
    out: dict[str, list[str]] = {}
    for e in entries:
        if not isinstance(e, dict) or not e.get("name"):
            continue
        names = [e.get("short")] + list(e.get("aliases_ar") or []) + list(e.get("aliases_en") or [])
        out[str(e["name"])] = [str(n) for n in names if n]
    return out


def article_info(path: str, article_id: str) -> dict[str, Any] | None:
    with reader(path) as store:
        a = store.article(article_id)
    return None if a is None else {"title": a.title, "source": a.source, "url": a.url,
                                    "published": a.published, "language": a.language, "text": a.text}
