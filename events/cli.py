"""`marsad …` — thin: parses arguments, calls library functions.

Each group of commands lives in ``events/commands/<name>.py`` and exposes
``register(subparsers)``; add a new module's name to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from events.store import StoreError
from geo.errors import MarsadError

COMMANDS = (
    "ingest",    # ingest, import, export, serve
    "geo",       # geocode, places
    "extract",   # extract, evaluate
    "dash",      # snapshot, synth
    "curate",    # edit, add-event, history, revert, verify, reject, restore, backup
)


class CliError(MarsadError):
    """A user's mistake: printed as one line on stderr, exit status 2."""


def add_db_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite store (default: $MARSAD_DB or data/marsad.db)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Marsad (مرصد): news articles → dated, located events → timeline, map and tables.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"events.commands.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (CliError, StoreError, FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        from events.articles import one_line  # a path in the message must not forge more lines

        print(f"marsad {args.command}: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"marsad {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    # `python -m events.cli`: this file runs as __main__, while the commands raise events.cli's
    # CliError; run that module's main so a user's mistake stays one line, not a traceback.
    from events.cli import main as _main
    sys.exit(_main())
