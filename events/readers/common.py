"""What every reader shares: the one-line problem of a file (:class:`IngestProblem`), the errors
(:class:`ArticlesError`, ``_FileError``), safe one-line text, publication dates, languages, and
the making of an :class:`Article` from what a reader found."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from events.readers.lexicon import ArticleWords, article_words
from events.schema import DATE_RANGE_TEXT, Article, date_in_range, make_article_id
from geo.arabic import script_of
from geo.errors import MarsadError

_UNSAFE_CHARS_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` safe to print as one line: control, line-separator and bidi-override characters
    and undecodable file-name bytes become visible escapes (``\\n``, ``\\u202e``, ``\\xff``),
    so a file name cannot forge extra lines or reorder a message."""

    def esc(m: re.Match[str]) -> str:
        ch = m.group(0)
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
            f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return _UNSAFE_CHARS_RE.sub(esc, text)


class IngestProblem(str):
    """One problem with one input file: a string ``path[:line]: [field: ]message``.

    A message, not an exception: it is never raised (a bad file is reported and the others are
    still read; :class:`ArticlesError` is the error that carries these). It is a ``str`` (print
    it, join it, search it) that also keeps its parts as attributes.
    The whole string is one line: a file name's newlines or odd bytes are escaped (one_line).
    """

    path: str
    line: int | None
    field: str | None
    message: str

    def __new__(cls, path: str | os.PathLike[str], line: int | None = None,
                field: str | None = None, message: str = "") -> "IngestProblem":
        path = one_line(os.fspath(path))
        where = f"{path}:{line}" if line else path
        text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
        self = super().__new__(cls, one_line(text))
        self.path, self.line, self.field, self.message = path, line, field, message
        return self

    def __getnewargs__(self) -> tuple[Any, ...]:  # keeps pickling (multiprocessing) working
        return (self.path, self.line, self.field, self.message)


class ArticlesError(MarsadError, ValueError):
    """Raised by :func:`read_articles` when some input could not be read.

    ``errors`` lists every problem; ``articles`` holds what was read fine.
    """

    def __init__(self, errors: list[IngestProblem], articles: list[Article]):
        self.errors = errors
        self.articles = articles
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


class _FileError(MarsadError, ValueError):
    """The whole file is unusable (one error for it); ``message`` says why and what to do."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _parse_date(value: Any) -> date | None:
    from events.dates import parse_date  # imported on first use

    return parse_date(value)


def parse_published(value: Any, lexicon: ArticleWords | None = None) -> tuple[str | None, str | None]:
    """``(iso_date, problem)``: an ISO date, or None when unknown; ``problem`` when unreadable.

    ``unknown`` (also ``unknown (2024-03-01 inferred)``: a guess is not a publication date),
    empty and null give None without a problem; a value we cannot read gives None and a problem.
    The words for unknown and null are those of ``lexicon`` (default: data/lexicons/articles.yaml).
    """
    if value is None:
        return None, None
    if isinstance(value, date):
        return value.isoformat(), None
    s = str(value).strip()
    w = lexicon or article_words()
    if not s or s.lower() in w.no_value:
        return None, None
    if w.unknown_date.match(s):
        return None, None
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", s)
    if m:
        try:
            d = date.fromisoformat(m.group(1))
        except ValueError:
            return None, f"{s!r} is not a valid date"
        if not date_in_range(d):
            return None, f"{s!r} is outside the dates Marsad accepts ({DATE_RANGE_TEXT}); stored as unknown"
        return d.isoformat(), None
    try:
        parsed = _parse_date(s)
    except (ValueError, TypeError):
        parsed = None
    if parsed is None:
        return None, f"{s!r} is not a date Marsad can read (e.g. 2024-04-26, 26 أبريل 2024); stored as unknown"
    return parsed.isoformat(), None


def language_of(given: Any, title: str, text: str, lexicon: ArticleWords | None = None) -> str:
    """A given language code (``ar``, ``en-US``, ``Arabic``…) when recognisable, else by script.
    The names are those of ``lexicon`` (default: data/lexicons/articles.yaml)."""
    if isinstance(given, str) and given.strip():
        names = (lexicon or article_words()).language_of
        g = given.strip().lower()
        code = names.get(g) or names.get(re.split(r"[-_]", g)[0])
        if code:
            return code
    return script_of(title + "\n" + text)


def _title_from_text(text: str) -> str:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return first if len(first) <= 120 else first[:119].rstrip() + "…"


def _clean_body(lines: Iterable[str]) -> str:
    """Join kept lines; runs of blank lines become one; no leading/trailing blank lines."""
    out: list[str] = []
    for ln in lines:
        ln = ln.rstrip()
        if not ln.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _article(title: str, text: str, *, published: str | None, source: str | None, url: str | None,
             language: Any, path: str, given_id: str | None = None, lexicon: ArticleWords | None = None) -> Article:
    title = title.strip() or _title_from_text(text)
    return Article(
        id=given_id or make_article_id(title, text),
        title=title,
        published=published,
        source=(source or "").strip() or None,
        url=(url or "").strip() or None,
        language=language_of(language, title, text, lexicon),
        text=text,
        path=one_line(path),  # stored and shown: no newline or undecodable byte of a file name
    )

