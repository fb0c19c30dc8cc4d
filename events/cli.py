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
    "ingest",    # ingest, export, serve           (issue 2)
    "geo",       # geocode, places                 (issue 3)
    "extract",   # extract, evaluate               (issue 4)
    "dash",      # snapshot, synth                 (issue 5)
    "curate",    # edit, history, revert, backup   (issue 6)
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
        try:
            module = importlib.import_module(f"events.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"events.commands.{name}":
                continue  # not built yet
            raise
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
