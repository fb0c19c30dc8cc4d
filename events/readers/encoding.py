"""Bytes to text: the size limit, regular files only, BOMs, UTF-8, Windows-1256 (only when the
result reads as Arabic), lone surrogates; a file that cannot be decoded is refused, never guessed."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import Any

from events.readers.common import _FileError
from geo.arabic import ARABIC_RE

MAX_FILE_BYTES = 20 * 1024 * 1024  # per file; bigger files are refused with a clear error

def read_regular_file(p: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``_FileError`` otherwise.

    A device (a symlink to /dev/zero), a FIFO or a socket is refused before reading: it has no
    size to check and may never end. A file over the limit on disk is refused unread, and the
    limit is enforced while reading too (a file that grows meanwhile cannot slip past it)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if isinstance(exc, IsADirectoryError):
            raise _FileError("is a folder, not a file") from None
        raise
    with os.fdopen(fd, "rb", buffering=0) as f:
        info = os.fstat(fd)  # of what was opened: no swap between a check and the read
        mode = info.st_mode
        if not stat.S_ISREG(mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
                    or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
            raise _FileError(f"is {kind}, not a regular file; only regular files are read (copy the "
                             "articles into a file)")
        if info.st_size > limit:  # refused without reading a byte of it
            raise _FileError(f"file is {info.st_size / 1e6:.1f} MB, over the {limit // (1024 * 1024)} MB limit per file; "
                             "split it into smaller files")
        chunks: list[bytes] = []
        size = 0
        while chunk := f.read(min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise _FileError(f"file is over the {limit // (1024 * 1024)} MB limit per file; "
                                 "split it into smaller files")
    return b"".join(chunks)


def lone_surrogate(value: Any) -> tuple[str | None, str] | None:
    """``(field, problem)`` for the first string in ``value`` (a record, nested lists/dicts) that
    holds a lone UTF-16 surrogate (a JSON ``\\ud800`` escape): it cannot be stored or shown."""
    todo: list[tuple[str | None, Any]] = [(None, value)]
    while todo:
        name, v = todo.pop()
        if isinstance(v, str):
            if m := _SURROGATE_RE.search(v):
                return name, (f"has an invalid character (a lone UTF-16 surrogate \\u{ord(m.group(0)):04x} "
                              f"at character {m.start()}); fix that escape")
        elif isinstance(v, dict):
            todo.extend((name or str(k), x) for k, x in v.items())
        elif isinstance(v, (list, tuple)):
            todo.extend((name, x) for x in v)
    return None


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes; newlines become ``\\n``. Raises ``_FileError`` rather than guess."""
    text: str | None = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                name = {"utf-8-sig": "UTF-8"}.get(enc, enc.upper())
                raise _FileError(f"starts with a {name} byte-order mark but is not valid {name} "
                                 f"({exc.reason}); re-save it as UTF-8") from None
            break
    if text is None:
        if b"\x00" in data[:8192]:
            raise _FileError("looks binary (NUL bytes) — not a text article; if it is UTF-16 text, "
                             "save it with a byte-order mark or as UTF-8")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            _refuse_broken_utf8(data, exc)
            text = _decode_cp1256(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL_RE.findall(text[:20000]))
    if controls > max(3, len(text[:20000]) // 200):
        raise _FileError("looks binary (many control characters) — not a text article")
    return text


_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _refuse_broken_utf8(data: bytes, exc: UnicodeDecodeError) -> None:
    """UTF-8 with a few bad bytes (a cut download) is not Windows-1256: UTF-8 Arabic read as
    Windows-1256 looks like Arabic letters («ط§ظ„»), so guessing would be silent mojibake."""
    valid = len(_UTF8_SEQ.findall(data))
    non_ascii = sum(1 for b in data if b > 127)
    if valid and 2 * valid >= 0.8 * non_ascii:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _FileError(f"is UTF-8 but has invalid bytes (first at byte {exc.start}); fix that spot "
                         "or re-save the file as UTF-8", line)


def _decode_cp1256(data: bytes) -> str:
    """Windows-1256, accepted only when the result reads as Arabic (never silent mojibake)."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausibly_arabic(text):
        return text
    raise _FileError("is neither UTF-8 nor Windows-1256 Arabic text; re-save it as UTF-8")


def _plausibly_arabic(text: str) -> bool:
    """Most non-ASCII letters are Arabic ones, and there are enough of them."""
    non_ascii = [ch for ch in text if ord(ch) > 127 and _LETTER_RE.match(ch)]
    if not non_ascii:
        return False
    arabic = sum(1 for ch in non_ascii if ARABIC_RE.match(ch))
    return arabic >= 0.9 * len(non_ascii) and arabic >= 3

