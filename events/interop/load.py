"""Streaming an ACLED or GDELT file into the store: batches, progress, one line per bad row.

The file is read row by row (a 100 MB export never sits in memory), events are written a batch
at a time with their kept source attributes, and an event an analyst edited, verified or
rejected is never overwritten by a re-import of the same id.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from events.interop import acled, gdelt, kept
from events.interop.base import OpenError, Row, open_binary, text_stream
from events.schema import Event, ValidationError, validate

if TYPE_CHECKING:
    from events.store import Store

FORMATS = ("acled", "gdelt")
BATCH = 5000


@dataclass
class ImportReport:
    """What an import of one file did."""

    path: str
    format: str
    rows: int = 0          # data rows read
    stored: int = 0        # events written (new or updated)
    curated: int = 0       # left as the analyst made them
    problems: int = 0      # rows reported as bad
    skipped: Counter = field(default_factory=Counter)  # not events of Marsad's kinds, by reason

    def message(self) -> str:
        text = (f"{self.path}: {self.rows:,} {self.format.upper()} row{'s' if self.rows != 1 else ''}, "
                f"stored {self.stored:,} event{'s' if self.stored != 1 else ''}")
        if self.curated:
            text += f", kept {self.curated:,} an analyst edited, verified or rejected"
        if self.skipped:
            n = sum(self.skipped.values())
            top = ", ".join(f"{reason}: {c:,}" for reason, c in self.skipped.most_common(5))
            text += f"; {n:,} not imported (CAMEO codes that are not events of Marsad's kinds — {top})"
        if self.problems:
            text += f"; {self.problems:,} bad row{'s' if self.problems != 1 else ''} reported above"
        return text


def detect(path: str | Path) -> str | None:
    """``acled`` or ``gdelt`` when the file is one (from its header or name and shape), else None."""
    p = Path(path)
    try:
        raw, _ = open_binary(p)
    except (OpenError, OSError):
        return None
    with raw:
        try:
            first = text_stream(raw).readline(1 << 20)
        except UnicodeDecodeError:
            return None
    if gdelt.is_gdelt(p, first):
        return "gdelt"
    import csv

    header = next(csv.reader([first]), [])
    return "acled" if acled.is_acled_header(header) else None


def _rows(path: Path, fmt: str) -> Iterator[tuple[Row, int, int]]:
    """``(row, bytes read, total bytes)`` for each row of the file."""
    raw, total = open_binary(path)
    with raw:
        reader = (acled if fmt == "acled" else gdelt).read_rows(text_stream(raw), path)
        for row in reader:
            yield row, raw.tell(), total


def _curated(store: "Store", ids: list[str]) -> set[str]:
    """Which of these ids are events an analyst curated (the store's own rule)."""
    from events.store import CURATED

    out: set[str] = set()
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        out.update(r[0] for r in store.conn.execute(
            f"SELECT event_id FROM events e WHERE event_id IN ({','.join('?' * len(part))}) AND {CURATED}", part))
    return out


def _flush(store: "Store", fmt: str, batch: list[tuple[Event, dict[str, Any]]], report: ImportReport) -> None:
    if not batch:
        return
    curated = _curated(store, [e.event_id for e, _ in batch])
    fresh = [(e, a) for e, a in batch if e.event_id not in curated]
    report.curated += len(batch) - len(fresh)
    report.stored += store.put_events([e for e, _ in fresh], keep_curated=True)
    with store.transaction() as conn:
        kept.write(conn, fmt, [(e.event_id, a) for e, a in fresh])
    batch.clear()


def import_file(store: "Store", path: str | Path, fmt: str, *, say: Callable[[str], None],
                progress: Callable[[int, int, int], None] | None = None, batch_size: int = BATCH) -> ImportReport:
    """Read an ACLED or GDELT file into ``store``; each bad row goes to ``say`` as
    ``file:line: field: why``; ``progress(rows, bytes read, total bytes)`` is called per batch."""
    p = Path(path)
    report = ImportReport(str(p), fmt)
    batch: list[tuple[Event, dict[str, Any]]] = []
    first_line: dict[str, int] = {}
    try:
        for row, done, total in _rows(p, fmt):
            report.rows += 1
            if row.skip:
                report.skipped[row.skip] += 1
                continue
            if row.errors or row.record is None:
                report.problems += 1
                say(f"{p}:{row.line}: " + "; ".join(f"{k}: {v}" for k, v in (row.errors or {}).items()))
                continue
            try:
                ev = validate(row.record, where=f"{p}:{row.line}")
            except ValidationError as exc:
                report.problems += 1
                say(str(exc))
                continue
            seen = first_line.setdefault(ev.event_id, row.line)
            if seen != row.line:
                report.problems += 1
                say(f"{p}:{row.line}: id: {ev.event_id} is also on line {seen}; this later row replaces it")
            batch.append((ev, row.attrs or {}))
            if len(batch) >= batch_size:
                _flush(store, fmt, batch, report)
                if progress:
                    progress(report.rows, done, total)
    except (OpenError, UnicodeDecodeError) as exc:
        report.problems += 1
        why = (f"not UTF-8 text ({exc.reason} at byte {exc.start} of a block); re-save the file as UTF-8"
               if isinstance(exc, UnicodeDecodeError) else str(exc))
        say(f"{p}: {why}" + ("; the rows before it were imported" if report.rows else ""))
    _flush(store, fmt, batch, report)
    return report


def stderr_progress(name: str, every: float = 2.0) -> Callable[[int, int, int], None]:
    """A progress callback printing ``name: N rows (P%)`` on stderr at most every ``every`` seconds."""
    import sys

    last = [0.0]

    def show(rows: int, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            pct = f" ({100 * done / total:.0f}%)" if total else ""
            print(f"marsad import: {name}: {rows:,} rows{pct}", file=sys.stderr, flush=True)

    return show
