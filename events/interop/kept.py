"""Source attributes kept beside imported events: what an ACLED/GDELT row says that the event
record has no field for (admin2, admin3, sub-event type, interaction codes, tags, weights…).

They live in the store's ``source_attrs`` table (one JSON object per event id), so that nothing
of the analyst's file is lost and an ACLED export gives back the codes it was imported with.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

DDL = ("CREATE TABLE IF NOT EXISTS source_attrs "
       "(event_id TEXT PRIMARY KEY, format TEXT NOT NULL, attrs TEXT NOT NULL)")


def has_table(conn: sqlite3.Connection) -> bool:
    """Whether the store holds kept source attributes at all."""
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='source_attrs'").fetchone() is not None


def write(conn: sqlite3.Connection, fmt: str, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """Store (replace) the attributes of each ``(event_id, attrs)``; call inside a transaction."""
    conn.execute(DDL)
    conn.executemany("INSERT OR REPLACE INTO source_attrs VALUES (?, ?, ?)",
                     [(eid, fmt, json.dumps(dict(a), ensure_ascii=False)) for eid, a in rows])


def read(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The kept attributes of these events (those that have any)."""
    if not event_ids or not has_table(conn):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(event_ids), 900):  # SQLite's bound-parameter limit
        part = event_ids[i:i + 900]
        for eid, attrs in conn.execute(
                f"SELECT event_id, attrs FROM source_attrs WHERE event_id IN ({','.join('?' * len(part))})", part):
            out[eid] = json.loads(attrs)
    return out
