"""Exports: the events of a store, a frame or a list as CSV, JSONL, GeoJSON or Parquet (and,
through :mod:`events.interop.writers`, TimelineJS, KML, kepler.gl and ACLED).

Every export goes through one list of plain records (DESIGN field names, ISO dates, None for
unknown), so CSV, JSONL, GeoJSON and Parquet say the same thing, and
:func:`events.imports.import_events` reads CSV/JSONL/Parquet/GeoJSON back into equal records.
A store is streamed in chunks (:meth:`events.store.Store.event_rows`): memory stays bounded.
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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from events.atomic import clean_stale_temps, publish, temp_path
from events.schema import FIELDS, Event
from events.store import INT_FIELDS, JSON_FIELDS, REAL_FIELDS, Store

# timelinejs, kml, kepler, acled: written by events.interop.writers (the formats analysts present with).
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
EVENT_DEFAULTS = {f.name: (f.default_factory() if f.default_factory is not dataclasses.MISSING
                           else f.default) for f in dataclasses.fields(Event)}
OPTIONAL_FIELDS = tuple(name for name, default in EVENT_DEFAULTS.items() if default is None)


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
        rows = [row for batch in source.event_rows(EXPORT_CHUNK) for row in batch]
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
            default = EVENT_DEFAULTS[name]
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
    for rows in store.event_rows(size or EXPORT_CHUNK):
        cols = {name: list(values) for name, values in zip(FIELDS, zip(*rows))}
        for name in JSON_FIELDS:
            cols[name] = [_json_value(name, v) for v in cols[name]]
        yield cols


class EventBatches:
    """Events that arrive in batches (a streaming extraction): exported batch by batch, so the
    whole run is never held in memory."""

    def __init__(self, batches: Iterable[list[Event]]):
        self.batches = batches


def _chunks(source: "Store | pd.DataFrame | Iterable[Event] | EventBatches") -> Iterator[Columns]:
    if isinstance(source, Store):
        yield from _store_chunks(source)
    elif isinstance(source, EventBatches):
        for batch in source.batches:
            yield event_columns(batch)
    else:
        yield event_columns(source)


def _write(chunks: Iterable[Columns], fmt: str, fh: BinaryIO, kept_conn: sqlite3.Connection | None = None) -> Any:
    """Encode column chunks in ``fmt`` straight into the binary stream ``fh``."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    from events.interop import writers

    if fmt in writers.INTEROP_FORMATS:
        return writers.write(chunks, fmt, fh, kept_conn=kept_conn)
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
