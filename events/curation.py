"""Curation: analysts correct, verify, reject, add and revert events — and every change is logged.

Every write runs inside :meth:`Store.transaction` (``BEGIN IMMEDIATE``) and reads the event row
*inside* that transaction, so two writers changing different fields of one event (two browser
sessions, several ``marsad edit`` processes, ``marsad extract`` running meanwhile) never lose each
other's work. Each changed field is one row of the append-only ``edits`` table: who, when, which
event, field, old and new value as JSON text, the action and, for a revert, the edit it reverts.

Counts are logged per key (field ``counts.killed``), so one count can be reverted on its own.
Nothing is ever erased: deleting an event rejects it (``status='rejected'``), which hides it by
default and keeps re-extraction from bringing it back (see :meth:`Store.replace_extracted`).
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import re
import sqlite3
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from events.schema import COUNT_KEY, FIELDS, STATUSES, Event, ValidationError, date_in_range, validate
from events.atomic import clean_stale_temps, write_backup
from events.store import JSON_FIELDS, Store, now_iso
from geo.errors import MarsadError

# Provenance is not an analyst's to change: the id is the row's key, the method says how the
# event was made (a manual event is created by add_manual_event, not by editing one).
READ_ONLY = ("event_id", "method")
EDITABLE = tuple(f for f in FIELDS if f not in READ_ONLY)
# Fields that hold None when empty (the others hold "" / [] / {}).
NULLABLE = tuple(f.name for f in dataclasses.fields(Event) if f.default is None)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
STATUS_ACTIONS = {"verified": "verify", "rejected": "reject", "auto": "restore", "edited": "restore"}
# Kind of a gazetteer place → the event's geo_precision.
KIND_PRECISION = {"site": "point", "city": "city", "region": "region", "country": "country"}


class CurationError(MarsadError, ValueError):
    """An analyst's request that cannot be done: unknown event, bad value, stale revert.

    ``errors`` maps each offending field to the reason (empty when not about a field).
    """

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


# -- helpers ------------------------------------------------------------------------------

def current_user(user: str | None = None) -> str:
    """The given name, else the OS user (``getpass``), else ``"unknown"``."""
    if user and user.strip():
        return user.strip()[:100]
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers without USER / passwd entry)
        return "unknown"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def field_value(ev: dict[str, Any], field: str) -> Any:
    """The value of ``field`` (dotted for counts: ``counts.killed``) in an event mapping."""
    if field.startswith("counts."):
        return (ev.get("counts") or {}).get(field[len("counts."):])
    return ev.get(field)


def _split_list(value: str) -> list[str]:
    return [p for p in (s.strip() for s in re.split(r"[,،؛;\n]", value)) if p]


def _apply(data: dict[str, Any], changes: dict[str, Any], *, allow: tuple[str, ...] = EDITABLE) -> dict[str, Any]:
    """Return a copy of the event mapping with the changes applied (not yet validated)."""
    d = dict(data)
    d["counts"] = dict(d.get("counts") or {})
    d["actors"] = list(d.get("actors") or [])
    for name, value in changes.items():
        if not isinstance(name, str):
            raise CurationError(f"field names must be text, not {name!r}")
        if name.startswith("counts."):
            key = name[len("counts."):]
            removing = value is None or (isinstance(value, str) and not value.strip())
            if not COUNT_KEY.match(key) and not (removing and key in (data.get("counts") or {})):
                raise CurationError(
                    f"{name}: a count name is a short word of letters, digits and _ (e.g. counts.killed)",
                    {name: "bad count name"})
            if value is None or (isinstance(value, str) and not value.strip()):
                d["counts"].pop(key, None)
            else:
                d["counts"][key] = value
            continue
        if name not in FIELDS:
            raise CurationError(
                f"{name!r} is not an event field; editable: {', '.join(EDITABLE)} (and counts.NAME)",
                {name: "unknown field"})
        if name not in allow:
            raise CurationError(f"{name} cannot be edited", {name: "read-only"})
        if name == "actors":
            if value is None:
                value = []
            elif isinstance(value, str):
                value = _split_list(value)
            elif isinstance(value, (list, tuple)):
                value = [v.strip() if isinstance(v, str) else v for v in value]
                value = [v for v in value if v != ""]
            # keep the first of duplicates, in order
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = list(dict.fromkeys(value))
        elif name == "counts":
            if value is None:
                value = {}
            elif isinstance(value, dict):
                value = {k: v for k, v in value.items() if v is not None and v != ""}
        elif isinstance(value, str):
            value = value.strip() if name not in ("sentence",) else value
            if value == "" and name in NULLABLE:
                value = None
        elif value is None and name not in NULLABLE:
            value = [] if name == "mentions" else "" if name in ("sentence", "headline", "event_id", "article_id") else value
        d[name] = value
    stored = data.get("counts") or {}
    for key in list(d["counts"]):
        # a name already stored (a store from before names were checked) is left to the analyst
        if key not in stored and (not isinstance(key, str) or not COUNT_KEY.match(key)):
            raise CurationError(f"counts.{key}: a count name is a short word of letters, digits and _",
                                {f"counts.{key}": "bad count name"})
    return d


def _stored_bad(old: dict[str, Any] | None, new: dict[str, Any]) -> frozenset[str]:
    """Fields already stored with a value validation now refuses (a date outside the range, a
    count name that is not a word) and left as they are by this change: a store written before
    those checks must still let the analyst edit, verify, reject or fix the event."""
    if old is None:
        return frozenset()
    out = {f"counts.{k}" for k, v in (old.get("counts") or {}).items()
           if not (isinstance(k, str) and COUNT_KEY.match(k)) and (new.get("counts") or {}).get(k) == v}
    for f in ("date_start", "date_end", "published"):
        v = old.get(f)
        if v is None or new.get(f) != v:
            continue
        try:
            if not date_in_range(date.fromisoformat(str(v))):
                out.add(f)
        except ValueError:  # not even a date (year 0, hand-written into the file)
            out.add(f)
    return frozenset(out)


def _validated(d: dict[str, Any], event_id: str, old: dict[str, Any] | None = None) -> Event:
    try:
        return validate(d, tolerate=_stored_bad(old, d))
    except ValidationError as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        raise CurationError(f"event {event_id}: not saved — {detail}", dict(exc.errors)) from exc


def _diff(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every changed field; counts are compared per key."""
    out: list[tuple[str, Any, Any]] = []
    for f in FIELDS:
        if f == "counts":
            oc, nc = old.get("counts") or {}, new.get("counts") or {}
            for k in sorted(set(oc) | set(nc)):
                if _dump(oc.get(k)) != _dump(nc.get(k)):
                    out.append((f"counts.{k}", oc.get(k), nc.get(k)))
        elif _dump(old.get(f)) != _dump(new.get(f)):
            out.append((f, old.get(f), new.get(f)))
    return out


def _write(conn: sqlite3.Connection, ev: Event, changed: set[str]) -> None:
    cols = sorted({c.split(".", 1)[0] for c in changed})
    d = ev.to_dict()
    values = [_dump(d[c]) if c in JSON_FIELDS else d[c] for c in cols]
    sets = ", ".join(f"{c}=?" for c in cols)
    conn.execute(f"UPDATE events SET {sets}, updated_at=? WHERE event_id=?", (*values, now_iso(), ev.event_id))


def _log(conn: sqlite3.Connection, event_id: str, field: str, old: Any, new: Any, user: str,
         action: str, reverts: int | None = None, ts: str | None = None) -> int:
    cur = conn.execute(
        "INSERT INTO edits(event_id, field, old_value, new_value, user, ts, action, reverts) "
        "VALUES (?,?,?,?,?,?,?,?)",
        (event_id, field, _dump(old), _dump(new), user, ts or _ts(), action, reverts),
    )
    assert cur.lastrowid is not None  # an INSERT always sets it
    return int(cur.lastrowid)


def _ts() -> str:
    """UTC timestamp with milliseconds: edits made in the same second still read in order."""
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"


def _require(store: Store, event_id: str) -> Event:
    ev = store.event(event_id)
    if ev is None:
        raise CurationError(f"no event {event_id!r} in {store.path} (see `marsad history` or the table's event_id column)")
    return ev


def resolve_event_id(store: Store, given: str) -> str:
    """The full id for ``given``: itself when it exists, else the one event whose id starts with it."""
    given = given.strip()
    if store.event(given) is not None:
        return given
    if len(given) >= 6:
        rows = store.conn.execute(
            "SELECT event_id FROM events WHERE substr(event_id, 1, ?) = ? LIMIT 3", (len(given), given)
        ).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise CurationError(f"{given!r} matches several events ({', '.join(r[0] for r in rows)}, …); give more of the id")
    raise CurationError(f"no event {given!r} in {store.path}")


# -- the operations -----------------------------------------------------------------------

def _change(store: Store, event_id: str, changes: dict[str, Any], user: str | None, *,
            action: str = "edit", reverts: int | None = None, bump_status: bool = True,
            allow: tuple[str, ...] = EDITABLE) -> list[int]:
    who = current_user(user)
    with store.transaction() as conn:
        # Read inside the write lock: what we diff against is what we overwrite.
        old_ev = _require(store, event_id)
        old = old_ev.to_dict()
        new_ev = _validated(_apply(old, changes, allow=allow), event_id, old)
        new = new_ev.to_dict()
        diffs = _diff(old, new)
        if not diffs:
            return []
        if bump_status and "status" not in changes and old["status"] in ("auto", "verified"):
            # A hand-changed event needs (re-)verification; a rejected one stays rejected.
            new_ev.status = "edited"
            diffs = _diff(old, new_ev.to_dict())
        _write(conn, new_ev, {f for f, _, _ in diffs})
        ts = _ts()
        return [_log(conn, event_id, f, o, n, who, action, reverts, ts) for f, o, n in diffs]


def edit_event(store: Store, event_id: str, changes: dict[str, Any], user: str | None = None) -> list[int]:
    """Change fields of one event; returns the new edit ids (one per changed field, [] if nothing changed).

    Args:
        store: the store to write to.
        event_id: the event.
        changes: field → new value. Counts by dotted name (``{"counts.killed": 3}``, ``None``
            removes the count) or whole (``{"counts": {...}}``); actors as a list (a string is
            split on commas). ``""``/``None`` clears a field.
        user: who edits (the dashboard's "Your name"); defaults to the OS user.

    The resulting event is validated as a whole; a bad value raises :class:`CurationError` naming
    the field, and nothing is written. Unless ``status`` is among the changes, an ``auto`` or
    ``verified`` event becomes ``edited``; a rejected event stays rejected.
    """
    if not isinstance(changes, dict):
        raise CurationError("changes must be a mapping of field to value")
    return _change(store, event_id, changes, user)


def set_status(store: Store, event_id: str, status: str, user: str | None = None) -> list[int]:
    """Mark an event verified, rejected, edited or auto again; logged as verify/reject/restore."""
    if status not in STATUSES:
        raise CurationError(f"status {status!r} is not one of {', '.join(STATUSES)}", {"status": "unknown status"})
    return _change(store, event_id, {"status": status}, user, action=STATUS_ACTIONS[status])


def delete_event(store: Store, event_id: str, user: str | None = None) -> list[int]:
    """Soft delete: the event is rejected — hidden by default, kept, and never re-extracted."""
    return set_status(store, event_id, "rejected", user)


def restore_event(store: Store, event_id: str, user: str | None = None) -> list[int]:
    """Undo a rejection: back to the status the event had before it was rejected."""
    ev = _require(store, event_id)
    if ev.status != "rejected":
        raise CurationError(f"event {event_id} is not rejected (it is {ev.status})")
    before = "auto"
    for h in reversed(history(store, event_id)):
        if h["field"] == "status" and h["new"] == "rejected":
            before = h["old"] if h["old"] in STATUSES and h["old"] != "rejected" else "edited"
            break
    return set_status(store, event_id, before, user)


def add_manual_event(store: Store, fields: dict[str, Any], user: str | None = None) -> str:
    """Create an event by hand (method ``manual``, status ``edited`` unless given); returns its id.

    ``article_id`` may name a stored article (its source, url, published date and language fill
    the empty fields) or be left out (``"manual"``). Logged as one ``create`` row holding the event.
    """
    if not isinstance(fields, dict):
        raise CurationError("fields must be a mapping of field to value")
    bad = [k for k in fields if k in READ_ONLY]
    if bad:
        raise CurationError(f"{', '.join(bad)} cannot be set on a manual event", {k: "read-only" for k in bad})
    who = current_user(user)
    event_id = "ev_" + uuid.uuid4().hex[:16]
    base = Event(event_id=event_id, article_id="manual", method="manual", status="edited",
                 confidence=1.0).to_dict()
    d = _apply(base, fields, allow=EDITABLE)
    if not d.get("article_id"):
        d["article_id"] = "manual"
    if d["article_id"] != "manual":
        art = store.article(d["article_id"])
        if art is None:
            raise CurationError(f"article_id {d['article_id']!r} is not a stored article (leave it empty for none)",
                                {"article_id": "unknown article"})
        for f, v in (("source", art.source), ("url", art.url), ("published", art.published), ("language", art.language)):
            if d.get(f) in (None, ""):
                d[f] = v
    ev = _validated(d, "(new manual event)")
    with store.transaction() as conn:
        placeholders = ",".join("?" * (len(FIELDS) + 1))
        row = ev.to_dict()
        conn.execute(f"INSERT INTO events({', '.join(FIELDS)}, updated_at) VALUES ({placeholders})",
                     tuple(_dump(row[f]) if f in JSON_FIELDS else row[f] for f in FIELDS) + (now_iso(),))
        _log(conn, event_id, "event", None, row, who, "create")
    return event_id


def history(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Every logged change of one event, oldest first; ``old``/``new`` are decoded values."""
    rows = store.conn.execute(
        "SELECT edit_id, event_id, field, old_value, new_value, user, ts, action, reverts "
        "FROM edits WHERE event_id=? ORDER BY edit_id", (event_id,)
    ).fetchall()
    return [_edit_dict(r) for r in rows]


def get_edit(store: Store, edit_id: int) -> dict[str, Any] | None:
    r = store.conn.execute(
        "SELECT edit_id, event_id, field, old_value, new_value, user, ts, action, reverts "
        "FROM edits WHERE edit_id=?", (int(edit_id),)
    ).fetchone()
    return _edit_dict(r) if r else None


def _edit_dict(r: tuple[Any, ...]) -> dict[str, Any]:
    keys = ("edit_id", "event_id", "field", "old_value", "new_value", "user", "ts", "action", "reverts")
    d = dict(zip(keys, r))
    d["old"], d["new"] = _load(d["old_value"]), _load(d["new_value"])
    return d


def revert(store: Store, edit_ids: int | list[int], user: str | None = None) -> list[int]:
    """Put back the old value of one edit (or several of one event at once); returns the new edit ids.

    A revert is itself an edit (action ``revert``, ``reverts`` = the reverted edit id), so it can
    be reverted too. It is refused when the field has changed since (its value is no longer the
    one that edit wrote): revert the later change first, or set the value directly. Reverting a
    ``create`` rejects the manual event (it is never erased). Reverting several edits together
    is needed when they only make sense together (``date_start`` with ``date_end``).
    """
    ids = [edit_ids] if isinstance(edit_ids, int) else list(edit_ids)
    if not ids:
        return []
    who = current_user(user)
    with store.transaction() as conn:
        edits = []
        for i in ids:
            e = get_edit(store, i)
            if e is None:
                raise CurationError(f"no edit #{i} (see `marsad history EVENT_ID`)")
            edits.append(e)
        event_ids = {e["event_id"] for e in edits}
        if len(event_ids) > 1:
            raise CurationError("edits reverted together must belong to one event")
        event_id = event_ids.pop()
        ev = _require(store, event_id)
        old = ev.to_dict()
        changes: dict[str, Any] = {}
        for e in edits:
            if e["action"] == "create":
                if old["status"] == "rejected":
                    raise CurationError(f"edit #{e['edit_id']} created event {event_id}; it is already rejected")
                changes["status"] = "rejected"
                continue
            now = field_value(old, e["field"])
            if _dump(now) != _dump(e["new"]):
                later = [h["edit_id"] for h in history(store, event_id)
                         if h["field"] == e["field"] and h["edit_id"] > e["edit_id"]]
                hint = f"revert {', '.join(f'#{x}' for x in reversed(later))} first, or " if later else ""
                raise CurationError(
                    f"edit #{e['edit_id']}: {e['field']} of {event_id} has changed since "
                    f"(it is {_dump(now)}, that edit set {e['new_value']}); {hint}set the value with an edit",
                    {e["field"]: "changed since"})
            changes[e["field"]] = e["old"]
        new_ev = _validated(_apply(old, changes, allow=EDITABLE), event_id, old)
        diffs = _diff(old, new_ev.to_dict())
        if not diffs:
            return []
        _write(conn, new_ev, {f for f, _, _ in diffs})
        ts = _ts()
        by_field = {e["field"]: e["edit_id"] for e in edits}
        create = next((e["edit_id"] for e in edits if e["action"] == "create"), None)
        return [_log(conn, event_id, f, o, n, who, "revert", by_field.get(f, create), ts) for f, o, n in diffs]


def backup(store: Store, output: str | Path | None = None) -> Path:
    """Copy the whole store with SQLite's online backup (safe while others read and write).

    The default is ``<db>.bak-<UTC timestamp>`` next to the database. An existing file is never
    overwritten. The copy is written under a temporary name and renamed when complete, so a killed
    backup leaves nothing at the target (and a retry with the same name works).
    """
    if output is None:
        if store.path == ":memory:":
            raise CurationError("an in-memory store has no place for a default backup; give --output FILE")
        target = store.new_backup_path()
        clean_stale_temps(target, family=f"{Path(store.path).name}.bak-")  # killed earlier default backups
    else:
        target = Path(output).expanduser()
        if target.exists() or target.is_symlink():
            raise CurationError(f"{target} already exists; a backup never overwrites a file — choose another name")
        if target.suffix in ("-wal", "-shm"):
            raise CurationError(f"{target}: choose a name that is not an SQLite side file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_backup(store.conn, target)  # a temporary name, then linked into place
    except FileExistsError:
        raise CurationError(f"{target} already exists; a backup never overwrites a file — choose another name") from None
    except (OSError, sqlite3.Error) as exc:
        raise CurationError(f"backup to {target} failed: {exc}") from exc
    return target


def printable(text: str, limit: int = 160) -> str:
    """One terminal-safe line: control and bidi-override characters shown as escapes, long text cut."""
    text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_edit(h: dict[str, Any], full: bool = False) -> str:
    """One line for a logged change: id, time, user, field: old → new, and the action."""
    limit = 10**9 if full else 160
    if h["action"] == "create":
        ev = h["new"] or {}
        change = f"created ({ev.get('event_type')}: {printable(ev.get('headline') or ev.get('place_name') or '', limit)})"
    else:
        change = f"{h['field']}: {printable(json.dumps(h['old'], ensure_ascii=False), limit)} → {printable(json.dumps(h['new'], ensure_ascii=False), limit)}"
    tag = f"  [revert of #{h['reverts']}]" if h["action"] == "revert" else (
        f"  [{h['action']}]" if h["action"] not in ("edit", "create") else "")
    return f"#{h['edit_id']}  {h['ts']}  {printable(h['user'] or '?', 60)}  {change}{tag}"


def place_fields(place: Any) -> dict[str, Any]:
    """The event fields for a gazetteer place (``geo.gazetteer.Place``)."""
    return {
        "place_name": place.name,
        "place_name_ar": getattr(place, "name_ar", None) or None,
        "place_id": place.id,
        "country": getattr(place, "country", None) or None,
        "admin1": getattr(place, "admin1", None) or None,
        "lat": place.lat,
        "lon": place.lon,
        "geo_precision": KIND_PRECISION.get(getattr(place, "kind", ""), "city"),
    }
