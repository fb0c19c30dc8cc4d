"""What the ACLED and GDELT readers share: a parsed row, and opening a (zipped) text file."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from geo.errors import MarsadError


@dataclass
class Row:
    """One data row of a foreign file: its line, and a record with kept attributes, or errors
    (field → why), or the reason it is skipped (not an event of Marsad's kinds)."""

    line: int
    record: dict[str, Any] | None = None
    attrs: dict[str, str] | None = None
    errors: dict[str, str] | None = None
    skip: str | None = None


class OpenError(MarsadError, ValueError):
    """The file cannot be opened as text (not a zip with one data file, not UTF-8/16)."""


def open_binary(path: Path) -> tuple[BinaryIO, int]:
    """The file's bytes as a stream (the first member of a ``.zip``) and their total size."""
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise OpenError(f"not a readable zip file ({exc})") from exc
        members = [i for i in zf.infolist() if not i.is_dir()]
        if not members:
            raise OpenError("the zip file holds no file")
        if len(members) > 1:
            raise OpenError(f"the zip file holds {len(members)} files; zip one export per file")
        return zf.open(members[0]), members[0].file_size  # type: ignore[return-value]
    return open(path, "rb"), path.stat().st_size


def text_stream(raw: BinaryIO) -> io.TextIOWrapper:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; ``newline=""`` for the csv module."""
    head = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def parse_number(value: str, name: str, errors: dict[str, str], *, empty: str | None = None) -> float | None:
    """A cell read as a float; a bad value (or an empty one, when ``empty`` says why) goes to ``errors``."""
    v = value.strip()
    if not v:
        if empty:
            errors[name] = empty
        return None
    try:
        return float(v)
    except ValueError:
        errors[name] = f"{v!r} is not a number"
        return None
