"""The events frame of a store, fast: each distinct JSON value parsed once, and a columnar
snapshot (Parquet) beside the store that a restarted process reads back in seconds.

:func:`load_frame` is what the dashboard loads (``dashboard.data`` caches it per store version);
:func:`events_frame` gives the columns and types of ``Store.events_frame()``.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from events.schema import FIELDS
from events.store import JSON_FIELDS, Store

log = logging.getLogger(__name__)


def decode_json(col: str, codes: np.ndarray, uniques: Iterable[str | None]) -> np.ndarray:
    """Rows of a JSON column from its distinct values: each distinct value is parsed once.

    Actor lists, counts and mentions repeat a lot (a few thousand distinct values in a million
    events), so this turns millions of parses into thousands. The parsed lists/dicts are shared
    between rows: callers only read them. Code -1 (NULL) gives the empty value.
    """
    empty = "{}" if col == "counts" else "[]"
    parsed = [json.loads(u) if u else json.loads(empty) for u in uniques] + [json.loads(empty)]
    values = np.empty(len(parsed), dtype=object)
    values[:] = parsed  # element-wise: a list of lists must not become a 2-D array
    return values[codes]


def _sql_frame(store: Store) -> pd.DataFrame:
    """The events as stored, typed (dates, floats, categories) but JSON columns still text."""
    return store.events_frame(json_text=True)


def with_json_decoded(df: pd.DataFrame) -> pd.DataFrame:
    for col in JSON_FIELDS:
        if col in df and len(df):
            codes, uniques = pd.factorize(df[col].astype(object), use_na_sentinel=True)
            df[col] = decode_json(col, codes, uniques)
    return df


def events_frame(store: Store) -> pd.DataFrame:
    """``Store.events_frame()`` (same columns and types), parsing each distinct JSON value once."""
    return with_json_decoded(_sql_frame(store))


# -- the frame snapshot ---------------------------------------------------------------------------
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


def fingerprint(store: Store, path: str) -> dict[str, str]:
    count, last = store.events_extent()
    try:
        inode = os.stat(path).st_ino
    except OSError:
        inode = 0
    return {"format": str(SNAPSHOT_FORMAT), "inode": str(inode), "events": str(count),
            "max_rowid": str(last)}


def read_snapshot(file: Path, expect: dict[str, str]) -> pd.DataFrame | None:
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
            decoded[col] = decode_json(col, codes, arr.dictionary.to_pylist())
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


def write_snapshot(df: pd.DataFrame, file: Path, fp: dict[str, str]) -> None:
    """Write atomically (temporary file + rename) and remove the store's older snapshots."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = file.with_name(f"{file.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        table = pa.Table.from_pandas(df, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta.update({f"marsad.{k}".encode(): v.encode() for k, v in fp.items()})
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
    with Store.read_only(path) as store, store.reading():
        version = store.data_version()
        local = use and path != ":memory:" and not str(path).startswith("file:")
        fp = {"version": str(version), **fingerprint(store, path)} if local else {}
        file = snapshot_path(path, version) if local else None
        if file is not None:
            df = read_snapshot(file, fp)
            if df is not None:
                return df, version
        raw = _sql_frame(store)
    if file is not None:
        write_snapshot(raw, file, fp)
    return with_json_decoded(raw), version
