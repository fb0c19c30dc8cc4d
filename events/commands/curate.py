"""`marsad edit | add-event | history | revert | verify | reject | restore | backup`.

Thin: parses ``FIELD=VALUE`` strings into typed values and calls :mod:`events.curation`.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any, Callable

from events import curation
from events.cli import CliError, add_db_argument
from events.curation import CurationError, format_edit as history_line, printable
from events.store import Store, default_db_path

INT_FIELDS = ("sentence_start", "sentence_end")
FLOAT_FIELDS = ("lat", "lon", "confidence")
NULL_WORDS = ("", "null", "none")


def _digits(text: str) -> str:
    # Arabic-Indic and Persian digits are fine for counts typed by an Arabic-speaking analyst.
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))


def parse_value(field: str, raw: str) -> Any:
    """Turn ``--set FIELD=VALUE`` text into the value :func:`curation.edit_event` expects."""
    text = raw.strip()
    empty = text.lower() in NULL_WORDS
    if field.startswith("counts."):
        if empty:
            return None
        try:
            return int(_digits(text))
        except ValueError:
            raise CliError(f"counts: {field}={raw!r} is not a whole number (use e.g. {field}=3, or {field}=null to remove it)")
    if field == "counts":
        if empty:
            return {}
        if text.startswith("{"):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise CliError(f"counts: {raw!r} is not valid JSON ({exc.msg})")
        out: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, val = part.partition("=")
            if not sep:
                raise CliError(f"counts: {part!r} should be NAME=NUMBER (e.g. counts=killed=3,injured=2)")
            out[key.strip()] = parse_value(f"counts.{key.strip()}", val)
        return out
    if field == "actors":
        return [] if empty else text  # curation splits on , and ،
    if field == "mentions":
        if empty:
            return []
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CliError(f"mentions: {raw!r} is not valid JSON ({exc.msg})")
    if field in INT_FIELDS:
        if empty:
            return None
        try:
            return int(_digits(text))
        except ValueError:
            raise CliError(f"{field}: {raw!r} is not a whole number")
    if field in FLOAT_FIELDS:
        if empty:
            return None
        try:
            value = float(_digits(text).replace("٫", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):  # float() reads "nan" and "inf": not coordinates or a confidence
            hint = "from 0 to 1" if field == "confidence" else "in degrees, e.g. 36.5"
            raise CliError(f"{field}: {raw!r} is not a number (write a decimal {hint}, or null to clear it)")
        return value
    if empty:
        return None
    return raw  # text fields keep inner spacing; curation trims the ends


def parse_sets(pairs: list[str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for pair in pairs:
        field, sep, raw = pair.partition("=")
        field = field.strip()
        if not sep or not field:
            raise CliError(f"--set {pair!r}: write FIELD=VALUE (e.g. --set counts.killed=3)")
        if field in changes:
            raise CliError(f"--set {field} is given twice")
        changes[field] = parse_value(field, raw)
    return changes


def _open(args: argparse.Namespace) -> Store:
    path = Path(args.db) if args.db else default_db_path()
    # Curation works on an existing store: a mistyped --db must not create an empty one.
    if not path.exists():
        raise CliError(f"no Marsad store at {path} (check --db / MARSAD_DB, or create it with marsad ingest)")
    return Store(path)


def _utf8(option: str, value: str) -> None:
    """Refuse text that arrived as bytes that are not UTF-8 (Python keeps them as lone surrogates,
    which no store, log or terminal can hold)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        byte = value[exc.start].encode("utf-8", "surrogateescape")[:1]
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise CliError(f"{option} {printable(shown, 60)!r} is not valid UTF-8 text (byte 0x{byte.hex()}); "
                       "type it again in a UTF-8 terminal (check LANG / LC_ALL)") from None


def _guard(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        for option, name in (("--set", "set"), ("--user", "user"), ("EVENT_ID", "event_id")):
            value = getattr(args, name, None)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str):
                    _utf8(option, v)
        try:
            return fn(args)
        except CurationError as exc:
            raise CliError(str(exc)) from exc
    return run


def _report(store: Store, ids: list[int], event_id: str) -> None:
    if not ids:
        print(f"{event_id}: nothing changed")
        return
    print(f"{event_id}: {len(ids)} change{'s' if len(ids) != 1 else ''} saved")
    for edit in filter(None, (curation.get_edit(store, i) for i in ids)):  # just written: all there
        print("  " + history_line(edit))


@_guard
def cmd_edit(args: argparse.Namespace) -> int:
    changes = parse_sets(args.set)
    with _open(args) as store:
        eid = curation.resolve_event_id(store, args.event_id)
        _report(store, curation.edit_event(store, eid, changes, user=args.user), eid)
    return 0


@_guard
def cmd_add(args: argparse.Namespace) -> int:
    fields = parse_sets(args.set or [])
    with _open(args) as store:
        eid = curation.add_manual_event(store, fields, user=args.user)
        print(eid)
    return 0


@_guard
def cmd_history(args: argparse.Namespace) -> int:
    with _open(args) as store:
        eid = curation.resolve_event_id(store, args.event_id)
        rows = curation.history(store, eid)
        if args.json:
            for h in rows:
                print(json.dumps({k: h[k] for k in ("edit_id", "event_id", "ts", "user", "action", "field", "old", "new", "reverts")},
                                 ensure_ascii=False))
            return 0
        event = store.event(eid)
        if not rows and event is not None:  # resolve_event_id found it
            print(f"{eid}: no changes (status {event.status})")
        for h in rows:
            print(history_line(h, full=args.full))
    return 0


@_guard
def cmd_revert(args: argparse.Namespace) -> int:
    with _open(args) as store:
        ids = curation.revert(store, args.edit_id, user=args.user)
        first = curation.get_edit(store, args.edit_id[0])
        assert first is not None  # curation.revert refused an unknown edit id
        _report(store, ids, first["event_id"])
    return 0


def _status_command(status: str | None) -> Callable[[argparse.Namespace], int]:
    @_guard
    def run(args: argparse.Namespace) -> int:
        with _open(args) as store:
            eid = curation.resolve_event_id(store, args.event_id)
            if status is None:
                ids = curation.restore_event(store, eid, user=args.user)
            else:
                ids = curation.set_status(store, eid, status, user=args.user)
            _report(store, ids, eid)
        return 0
    return run


@_guard
def cmd_backup(args: argparse.Namespace) -> int:
    with _open(args) as store:
        path = curation.backup(store, args.output)
    print(path)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    def common(p: argparse.ArgumentParser, user: bool = True) -> None:
        add_db_argument(p)
        if user:
            p.add_argument("--user", help="who makes the change (default: the OS user)")

    p = sub.add_parser("edit", help="change fields of an event (logged; revertible)",
                       description="Change fields of an event. Every changed field is logged "
                       "(see `marsad history`) and can be reverted (`marsad revert`).")
    p.add_argument("event_id", metavar="EVENT_ID", help="the event (a unique prefix of at least 6 characters is enough)")
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE",
                   help="e.g. counts.killed=3, actors='Islamic State,SDF', date_start=2024-04-25, "
                   "place_name=null (null or empty clears)")
    common(p)
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("add-event", help="add an event by hand (method manual)")
    p.add_argument("--set", action="append", metavar="FIELD=VALUE",
                   help="fields of the new event, as for `marsad edit` (article_id=… links it to an article)")
    common(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("history", help="every change of an event, one line each")
    p.add_argument("event_id", metavar="EVENT_ID")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--full", action="store_true", help="do not shorten long values")
    common(p, user=False)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("revert", help="put back the old value of an edit (the revert is logged too)")
    p.add_argument("edit_id", metavar="EDIT_ID", type=int, nargs="+",
                   help="edit id(s) from `marsad history`; several are reverted together")
    common(p)
    p.set_defaults(func=cmd_revert)

    for name, status, text in (("verify", "verified", "mark an event verified"),
                               ("reject", "rejected", "reject an event (soft delete: hidden, kept, never re-extracted)"),
                               ("restore", None, "undo a rejection")):
        p = sub.add_parser(name, help=text)
        p.add_argument("event_id", metavar="EVENT_ID")
        common(p)
        p.set_defaults(func=_status_command(status))

    p = sub.add_parser("backup", help="copy the store safely while it is in use")
    p.add_argument("--output", "-o", metavar="FILE", help="default: <db>.bak-<UTC time> next to the database")
    common(p, user=False)
    p.set_defaults(func=cmd_backup)
