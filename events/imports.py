"""Imports of exported events: JSONL (or a JSON array), CSV, Parquet and GeoJSON files written by
:mod:`events.exports` (or by hand in their shape), every record validated.

Each problem is one line naming ``file:line`` (or row/item), the bad field and why; the good
records beside a bad one are still returned. A file over :data:`MAX_IMPORT_BYTES` is refused
before it is read. ACLED and GDELT files are :mod:`events.interop`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from events.articles import IngestProblem, csv_rows, decode_bytes, json_problem, lone_surrogate
from events.exports import CSV_LIST_SEPARATOR, EVENT_DEFAULTS, OPTIONAL_FIELDS, csv_unescape, event_records
from events.schema import FIELDS, Event, ValidationError, validate
from events.store import INT_FIELDS, JSON_FIELDS, REAL_FIELDS

MAX_IMPORT_BYTES = 256 * 1024 * 1024  # per import file, checked before it is read


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
            if name in OPTIONAL_FIELDS:
                rec[name] = None
            elif isinstance(EVENT_DEFAULTS[name], str):
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


class _Import:
    """The events and problems of one file, record by record."""

    def __init__(self, path: Path):
        self.path = path
        self.events: list[Event] = []
        self.errors: list[str] = []
        self.first_seen: dict[str, str] = {}  # event_id → where in this file it was first given

    def problem(self, line: int | None, field: str | None, message: str) -> None:
        self.errors.append(str(IngestProblem(self.path, line, field, message)))

    def take(self, rec: Any, line: int | None, label: str = "") -> None:
        """Validate one record; a bad one becomes one problem line, a good one an event."""
        p = self.path
        where = f"{p}:{line}" if line else str(p)
        if not isinstance(rec, dict):
            self.problem(line, None, f"{label}expected an event object, got {type(rec).__name__}")
            return
        rec = dict(rec)
        rec.setdefault("method", "import")
        if (bad := lone_surrogate(rec)) is not None:  # SQLite cannot store it: refuse this record only
            self.problem(line, bad[0], f"{label}{bad[1]}")
            return
        try:
            ev = validate(rec, where=where)
        except ValidationError as exc:
            self.errors.append(str(exc))
            return
        here = f"line {line}" if line else label.rstrip(": ") or "an earlier record"
        if ev.event_id in self.first_seen:
            self.problem(line, "event_id", f"{label}{ev.event_id} is already given at "
                         f"{self.first_seen[ev.event_id]} of this file; give each event once (the first is kept)")
            return
        self.first_seen[ev.event_id] = here
        self.events.append(ev)

    def csv(self, text: str) -> None:
        csv.field_size_limit(64 * 1024 * 1024)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "article_id" not in reader.fieldnames:
            self.problem(1, None, "the header has no article_id column; "
                         f"expected the columns of a Marsad export: {','.join(FIELDS)}")
            return
        for line, row, bad in csv_rows(reader):
            if bad is not None:
                self.problem(line, None, f"not valid CSV ({bad})")
                break
            try:
                rec = _csv_record(row)
            except ValueError as exc:
                self.problem(line, None, f"a counts/mentions cell is not valid JSON ({exc})")
                continue
            self.take(rec, line)

    def json_document(self, text: str) -> None:
        """A JSON array of events, or a GeoJSON FeatureCollection: one problem for a bad document."""
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            self.problem(exc.lineno, None, f"not valid JSON ({exc.msg})")
            return
        except (ValueError, RecursionError) as exc:  # too deep, a number of thousands of digits
            self.problem(None, None, f"the JSON document {json_problem(exc)}")
            return
        if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
            doc = [_feature_record(f) for f in doc.get("features") or []]
        if not isinstance(doc, list):
            self.problem(1, None, "expected a list of events or a GeoJSON FeatureCollection")
            return
        for n, item in enumerate(doc, start=1):
            self.take(item, None, f"item {n}: ")

    def json_lines(self, text: str) -> None:
        for n, raw in enumerate(text.split("\n"), start=1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError as exc:
                self.problem(n, None, f"not valid JSON ({exc.msg}); each line must be one event object")
                continue
            except (ValueError, RecursionError) as exc:
                self.problem(n, None, f"the JSON line {json_problem(exc)}")
                continue
            self.take(rec, n)


def import_events(path: str | os.PathLike[str]) -> tuple[list[Event], list[str]]:
    """Read events exported as JSONL (or a JSON array), CSV, Parquet or GeoJSON; validate each record.

    Returns ``(events, errors)``; each error names ``file:line`` (or row), the bad fields and
    why, and the good records beside a bad one are still returned. Records without ``method``
    are marked ``import``.
    """
    p = Path(path)
    got = _Import(p)
    try:
        size = p.stat().st_size
    except OSError as exc:
        return [], [str(IngestProblem(p, None, None, f"cannot be read ({exc.strerror or exc})"))]
    too_big = str(IngestProblem(p, None, None, f"{size / 1e6:,.0f} MB is over the import limit of "
                                f"{MAX_IMPORT_BYTES // 2**20} MB; split the file, or import a Parquet export"))
    if size > MAX_IMPORT_BYTES:
        return [], [too_big]
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(p)
        except Exception as exc:  # pyarrow raises several types for a bad file
            return [], [str(IngestProblem(p, None, None, f"not a readable Parquet file ({exc})"))]
        for n, rec in enumerate(event_records(frame), start=1):
            got.take(rec, None, f"row {n}: ")
        return got.events, got.errors
    with open(p, "rb") as fh:
        data = fh.read(MAX_IMPORT_BYTES + 1)  # bounded even when the size was not known beforehand
    if len(data) > MAX_IMPORT_BYTES:
        return [], [too_big]
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        return [], [str(IngestProblem(p, None, None, str(exc)))]
    stripped = text.lstrip()
    if suffix == ".csv":
        got.csv(text)
    elif stripped.startswith("[") or suffix == ".geojson" or (stripped.startswith("{") and '"FeatureCollection"' in text[:200]):
        got.json_document(text)
    else:
        got.json_lines(text)
    return got.events, got.errors
