"""Loading the events once per store change, shared between sessions (Streamlit caches).

``st.cache_resource`` (not ``cache_data``): the prepared index of a million events is shared by
reference between every session instead of being pickled and copied on each rerun. It is
keyed on the database path and ``Store.data_version()``, which every write bumps, so an upload,
an extraction or an edit in another process shows on the next rerun. Callers treat what they
get as read-only.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.filters import EventIndex, build_index
from events.schema import FIELDS
from events.store import JSON_FIELDS, Store, StoreError, default_db_path

ROOT = Path(__file__).resolve().parent.parent
ACTORS_LEXICON = ROOT / "data" / "lexicons" / "actors.yaml"
log = logging.getLogger(__name__)


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
    from events.store import export_bytes

    if fmt != "acled":
        return export_bytes(frame, fmt)
    with reader(path) as store:
        return export_bytes(frame, fmt, kept_conn=store.conn)


def data_version(path: str) -> int:
    with reader(path) as store:
        return store.data_version()


def _decode_json(col: str, codes: np.ndarray, uniques: Iterable[str | None]) -> np.ndarray:
    """Rows of a JSON column from its distinct values: each distinct value is parsed once.

    Actor lists, counts and mentions repeat a lot (a few thousand distinct values in a million
    events), so this turns millions of parses into thousands. The parsed lists/dicts are shared
    between rows: the dashboard only reads them. Code -1 (NULL) gives the empty value.
    """
    empty = "{}" if col == "counts" else "[]"
    parsed = [json.loads(u) if u else json.loads(empty) for u in uniques] + [json.loads(empty)]
    values = np.empty(len(parsed), dtype=object)
    values[:] = parsed  # element-wise: a list of lists must not become a 2-D array
    return values[codes]


def _sql_frame(store: Store) -> pd.DataFrame:
    """The events as stored, typed (dates, floats, categories) but JSON columns still text."""
    return store.events_frame(json_text=True)


def _with_json_decoded(df: pd.DataFrame) -> pd.DataFrame:
    for col in JSON_FIELDS:
        if col in df and len(df):
            codes, uniques = pd.factorize(df[col].astype(object), use_na_sentinel=True)
            df[col] = _decode_json(col, codes, uniques)
    return df


def events_frame(store: Store) -> pd.DataFrame:
    """``Store.events_frame()`` (same columns and types), parsing each distinct JSON value once."""
    return _with_json_decoded(_sql_frame(store))


# -- the frame snapshot -----------------------------------------------------------------------
# Reading a million events from SQLite takes a minute (row-by-row SQL, then JSON). A columnar
# copy of the frame (Parquet) next to the store is read back in seconds by a restarted app or a
# second process. It is keyed on the store's data version and checked against a fingerprint of
# the file (inode, event count, largest rowid), so a snapshot of another store, of an older
# version or a damaged file is never used: it is ignored and written again.

SNAPSHOT_FORMAT = 2  # bump when the snapshot's layout changes (2: page checksums)


def snapshot_enabled() -> bool:
    """``MARSAD_FRAME_SNAPSHOT=0`` turns the on-disk frame snapshot off (always read SQLite)."""
    return os.environ.get("MARSAD_FRAME_SNAPSHOT", "1").strip().lower() not in ("0", "false", "no", "off")


def snapshot_path(path: str | Path, version: int) -> Path:
    """``<db>.frame-v<version>.parquet`` beside the store (git-ignored: ``*.frame-v*.parquet``)."""
    p = Path(path)
    return p.with_name(f"{p.name}.frame-v{version}.parquet")


def _fingerprint(store: Store, path: str) -> dict[str, str]:
    count, last = store.events_extent()
    try:
        inode = os.stat(path).st_ino
    except OSError:
        inode = 0
    return {"format": str(SNAPSHOT_FORMAT), "inode": str(inode), "events": str(count),
            "max_rowid": str(last)}


def _read_snapshot(file: Path, expect: dict[str, str]) -> pd.DataFrame | None:
    """The frame saved in ``file``, or None when it is absent, foreign, stale or damaged."""
    if not file.exists():
        return None
    try:
        import pyarrow.parquet as pq

        meta = pq.read_schema(file).metadata or {}
        found = {k: meta.get(f"marsad.{k}".encode(), b"").decode() for k in expect}
        if found != expect:
            return None
        # page checksums: a flipped byte inside the data is an error here, not a wrong frame
        table = pq.read_table(file, read_dictionary=[c for c in JSON_FIELDS], page_checksum_verification=True)
        decoded: dict[str, np.ndarray] = {}
        for col in JSON_FIELDS:
            if col not in table.column_names:
                continue
            arr = table.column(col).combine_chunks()  # a DictionaryArray
            codes = arr.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
            decoded[col] = _decode_json(col, codes, arr.dictionary.to_pylist())
            table = table.drop_columns([col])
        df = table.to_pandas()
        for col, values in decoded.items():
            df.insert(FIELDS.index(col), col, values)
        if len(df) != int(expect["events"]):
            return None
        return df
    except Exception as exc:  # noqa: BLE001 — any unreadable snapshot just means "read SQLite"
        log.warning("ignoring the frame snapshot %s (%s: %s); reading the store", file, type(exc).__name__, exc)
        return None


def _write_snapshot(df: pd.DataFrame, file: Path, fingerprint: dict[str, str]) -> None:
    """Write atomically (temporary file + rename) and remove the store's older snapshots."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = file.with_name(f"{file.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        table = pa.Table.from_pandas(df, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta.update({f"marsad.{k}".encode(): v.encode() for k, v in fingerprint.items()})
        table = table.replace_schema_metadata(meta)
        # Dictionary-encoded JSON text: the reader gets each distinct value once.
        pq.write_table(table, tmp, compression="zstd", compression_level=1, write_page_checksum=True,
                       use_dictionary=[c for c in JSON_FIELDS if c in df] + list(df.select_dtypes("category")))
        os.replace(tmp, file)
    except Exception as exc:  # noqa: BLE001 — a read-only folder or a full disk: carry on without
        log.warning("could not write the frame snapshot %s (%s: %s)", file, type(exc).__name__, exc)
        tmp.unlink(missing_ok=True)
        return
    stem = file.name[: file.name.rindex(".frame-v")]  # the store's file name
    for old in file.parent.glob(f"{glob.escape(stem)}.frame-v*.parquet*"):
        if old == file:
            continue
        try:
            if ".tmp-" in old.name and time.time() - old.stat().st_mtime < 3600:
                continue  # another process may be writing it right now
            old.unlink()
        except OSError:
            pass


def load_frame(path: str, *, snapshot: bool | None = None) -> tuple[pd.DataFrame, int]:
    """The events frame of the store at ``path`` and the data version it reflects.

    From the snapshot beside the store when it matches the store's version and fingerprint,
    else from SQLite (then the snapshot is written for the next process).
    """
    use = snapshot_enabled() if snapshot is None else snapshot
    # One read transaction: the version, the fingerprint and the rows are of the same instant
    # (WAL), so a snapshot is never labelled with a version its rows are not from.
    with reader(path) as store, store.reading():
        version = store.data_version()
        local = use and path != ":memory:" and not str(path).startswith("file:")
        fp = {"version": str(version), **_fingerprint(store, path)} if local else {}
        file = snapshot_path(path, version) if local else None
        if file is not None:
            df = _read_snapshot(file, fp)
            if df is not None:
                return df, version
        raw = _sql_frame(store)
    if file is not None:
        _write_snapshot(raw, file, fp)
    return _with_json_decoded(raw), version


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
        fp = {"version": str(version), **_fingerprint(store, path)}
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
    with reader(path) as store:
        a = store.article(article_id)
    return None if a is None else {"title": a.title, "source": a.source, "url": a.url,
                                    "published": a.published, "language": a.language, "text": a.text}
