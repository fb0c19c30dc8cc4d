"""Reading article files of every supported format and encoding into :class:`Article` records.

Formats (by extension): ``.txt`` (one article, the ``title / published: / source: / url: /
language:`` header format, or scraped news text with Arabic metadata lines, boilerplate and
«إقرأ أيضاً» blocks that start another article), ``.jsonl`` / ``.json`` and ``.csv`` (records with
id, title, published, source, url, language, text), ``.html`` / ``.htm`` (text of ``<article>`` /
``<p>``, title and date from meta tags).

Encodings: UTF-8 with or without BOM, UTF-16/32 with BOM, and Windows-1256 (only when the
decoded text is plausibly Arabic: anything else is refused with a clear error rather than turned
into mojibake).

Nothing is lost silently: every problem becomes an :class:`IngestProblem` naming the file (and the
line or record) and what to do, and the good files and records beside it are still read.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from events.schema import DATE_RANGE_TEXT, Article, date_in_range, make_article_id
from geo.arabic import ARABIC_RE, normalize, script_of
from geo.errors import MarsadError

MAX_FILE_BYTES = 20 * 1024 * 1024  # per file; bigger files are refused with a clear error
TEXT_SUFFIXES = (".txt",)
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv",)
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + JSON_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES
LANGUAGES = ("ar", "en", "other")
MAX_TITLE_CHARS = 200  # a longer first line is a paragraph of the body, not a title


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


# -- public API -------------------------------------------------------------------------------

def read_articles(path: str | os.PathLike[str]) -> list[Article]:
    """Read every article of a file or a directory (recursive).

    Raises :class:`ArticlesError` (with the good articles attached) if anything could not be
    read; use :func:`read_articles_report` to get the good ones and the errors side by side.
    """
    articles, errors = read_articles_report(path)
    if errors:
        raise ArticlesError(errors, articles)
    return articles


def read_articles_report(path: str | os.PathLike[str]) -> tuple[list[Article], list[IngestProblem]]:
    """Read a file or a directory; return ``(articles, errors)``; a bad file never stops the rest."""
    articles: list[Article] = []
    errors: list[IngestProblem] = []
    for got, errs in iter_articles_report(path):
        articles.extend(got)
        errors.extend(errs)
    return articles, errors


def iter_articles_report(path: str | os.PathLike[str]) -> Iterator[tuple[list[Article], list[IngestProblem]]]:
    """``read_articles_report`` one file at a time: ``(articles, errors)`` per file, so memory
    holds one file (at most ``MAX_FILE_BYTES``) whatever the size of the folder."""
    files, errors = list_article_files(path)
    if errors:
        yield [], errors
    seen: dict[str, tuple[bytes, str | None]] = {}  # id -> digest of (title, text) and path of the first
    for f in files:
        got, errs = read_file_report(f)
        keep = []
        for a in got:
            digest = article_digest(a)
            first = seen.get(a.id)
            if first is not None:
                if first[0] != digest:
                    errs.append(IngestProblem(a.path or f, None, "id", f"id {a.id!r} was already used by "
                                              f"{first[1]} for another article; give each article its own id"))
                continue  # the same article twice: keep one
            seen[a.id] = (digest, a.path)
            keep.append(a)
        yield keep, errs


def article_digest(article: Article) -> bytes:
    """16 bytes that tell two articles' title and text apart (kept instead of the text itself)."""
    return hashlib.blake2b(f"{article.title}\0{article.text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()


def list_article_files(path: str | os.PathLike[str]) -> tuple[list[Path], list[IngestProblem]]:
    """The files to read under ``path``: sorted, hidden files and folders skipped.

    In a directory, files of unsupported formats are skipped (a folder may hold a README);
    a file named explicitly with an unsupported extension is an error.
    """
    p = Path(path)
    if p.is_dir():
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                found.append(Path(dirpath) / name)
        return sorted(found, key=lambda f: f.relative_to(p).parts), []
    if not p.exists():
        return [], [IngestProblem(p, None, None, "no such file or folder; check the path")]
    if p.suffix.lower() not in SUPPORTED_SUFFIXES:
        return [], [IngestProblem(p, None, None, f"unsupported file type {p.suffix or '(none)'!r}; "
                                f"supported: {', '.join(SUPPORTED_SUFFIXES)}")]
    return [p], []


def read_file_report(path: str | os.PathLike[str]) -> tuple[list[Article], list[IngestProblem]]:
    """Read one file of a supported format; ``(articles, errors)``.

    Whatever the file holds, the result is articles and one-line errors, never an exception:
    a file must not stop the files after it.
    """
    p = Path(path)
    try:
        text = decode_bytes(read_regular_file(p))
        if not text.strip():
            raise _FileError("file is empty: no article to read")
        suffix = p.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            articles, errors = parse_text(text, str(p))
        elif suffix in JSON_SUFFIXES:
            articles, errors = parse_json(text, str(p))
        elif suffix in CSV_SUFFIXES:
            articles, errors = parse_csv(text, str(p))
        elif suffix in HTML_SUFFIXES:
            articles, errors = parse_html(text, str(p))
        else:
            raise _FileError(f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        return _check_text(articles, errors)
    except _FileError as exc:
        return [], [IngestProblem(p, exc.line, None, exc.message)]
    except OSError as exc:
        return [], [IngestProblem(p, None, None, f"cannot read the file ({exc.strerror or exc})")]
    except RecursionError:
        return [], [IngestProblem(p, None, None, "is nested too deeply to read (thousands of levels); "
                                "flatten the structure")]
    except MemoryError:
        return [], [IngestProblem(p, None, None, "needs more memory to read than is available; split it")]
    except Exception as exc:  # noqa: BLE001 - the promise: one line per problem, the rest still read
        return [], [IngestProblem(p, None, None, f"could not be read ({type(exc).__name__}: {exc}); "
                                "check the file, and report it if it looks fine")]


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


def _check_text(articles: list[Article], errors: list[IngestProblem]) -> tuple[list[Article], list[IngestProblem]]:
    """Refuse an article holding a lone UTF-16 surrogate (``lone_surrogate``), naming the field."""
    keep: list[Article] = []
    for a in articles:
        bad = lone_surrogate({name: getattr(a, name) for name in ("id", "title", "text", "source", "url")})
        if bad is None:
            keep.append(a)
            continue
        path, _, line = (a.path or "").rpartition(":")
        where = (path, int(line)) if line.isdigit() and path else (a.path or "?", None)
        errors.append(IngestProblem(where[0], where[1], bad[0], bad[1]))
    return keep, errors


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


# -- encodings --------------------------------------------------------------------------------

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


# -- shared helpers ---------------------------------------------------------------------------

def _parse_date(value: Any) -> date | None:
    from events.dates import parse_date  # imported on first use

    return parse_date(value)


def parse_published(value: Any) -> tuple[str | None, str | None]:
    """``(iso_date, problem)``: an ISO date, or None when unknown; ``problem`` when unreadable.

    ``unknown`` (also ``unknown (2024-03-01 inferred)``: a guess is not a publication date),
    empty and null give None without a problem; a value we cannot read gives None and a problem.
    """
    if value is None:
        return None, None
    if isinstance(value, date):
        return value.isoformat(), None
    s = str(value).strip()
    if not s or s.lower() in ("null", "none", "nan", "n/a", "-"):
        return None, None
    if re.match(r"(?i)^(unknown|غير معروف|مجهول)\b", s):
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


_LANGUAGE_NAMES = {
    "ar": "ar", "ara": "ar", "arabic": "ar", "عربي": "ar", "العربية": "ar",
    "en": "en", "eng": "en", "english": "en", "إنجليزي": "en", "الإنجليزية": "en",
    "other": "other",
}


def language_of(given: Any, title: str, text: str) -> str:
    """A given language code (``ar``, ``en-US``, ``Arabic``…) when recognisable, else by script."""
    if isinstance(given, str) and given.strip():
        g = given.strip().lower()
        code = _LANGUAGE_NAMES.get(g) or _LANGUAGE_NAMES.get(re.split(r"[-_]", g)[0])
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
             language: Any, path: str, given_id: str | None = None) -> Article:
    title = title.strip() or _title_from_text(text)
    return Article(
        id=given_id or make_article_id(title, text),
        title=title,
        published=published,
        source=(source or "").strip() or None,
        url=(url or "").strip() or None,
        language=language_of(language, title, text),
        text=text,
        path=one_line(path),  # stored and shown: no newline or undecodable byte of a file name
    )


# -- .txt: plain, header format, scraped news ---------------------------------------------------

# Metadata keys of scraped Arabic news (and the header format's English keys), normalized with
# geo.arabic.normalize so hamza/ta-marbuta spellings all match.
_META_KEYS: dict[str, tuple[str, ...]] = {
    "published": ("تاريخ النشر", "نشر في", "تاريخ", "بتاريخ", "نشر بتاريخ", "published", "date",
                  "publication date", "published on"),
    "source": ("المصدر", "الموقع", "source", "outlet"),
    "url": ("الرابط", "رابط الخبر", "رابط المقال", "url", "link"),
    "language": ("اللغة", "language", "lang"),
    "title": ("العنوان", "title"),
    "keywords": ("كلمات دلالية", "الكلمات الدلالية", "كلمات مفتاحية", "الوسوم", "وسوم", "tags", "keywords"),
    "author": ("الكاتب", "كتب", "بقلم", "author", "by"),
}
_KEY_OF = {normalize(k): field for field, keys in _META_KEYS.items() for k in keys}
_META_RE = re.compile(r"^\s*([^:：\n]{2,24}?)\s*[:：]\s*(.*)$")

# Lines a scraper picks up around the article: app/social prompts, share buttons, ads.
# Prefixes are specific on purpose: «اشترك في الهجوم…» ("took part in the attack") is news.
_BOILERPLATE = tuple(normalize(s) for s in (
    "تابع أحدث الأخبار عبر تطبيق", "تابع آخر الأخبار", "تابعوا آخر الأخبار", "تابعوا أخبار", "تابعونا",
    "تابعنا على", "اشترك في قناتنا", "اشترك في النشرة", "اشترك الآن", "للاشتراك في", "حمل تطبيق",
    "شارك هذا", "شارك الخبر", "شارك المقال", "اضغط هنا", "انقر هنا", "الأكثر قراءة", "الأكثر مشاهدة",
    "مواضيع ذات صلة", "أخبار ذات صلة", "أخبار متعلقة", "follow us", "share this", "subscribe to",
    "sign up for", "click here", "related articles", "most read",
))
_BOILERPLATE_EXACT = frozenset(normalize(s) for s in ("إعلان", "advertisement", "شارك", "share", "مشاركة"))
# «Read also»: what follows is another article (when it has a body) or a list of links.
_READ_ALSO = tuple(normalize(s) for s in (
    "إقرأ أيضاً", "اقرأ أيضا", "إقرأ ايضا", "اقرأ كذلك", "اقرأ المزيد", "طالع أيضا", "شاهد أيضا",
    "read also", "read more", "see also",
))
# The outlet credit line that opens a body: «الجديد برس|», «بغداد اليوم |».
_OUTLET_RE = re.compile(r"^\s*([^|｜:\n.،,!?؟]{2,40}?)\s*[|｜]\s*(.*)$")


def _meta(line: str, anywhere: bool) -> tuple[str, str] | None:
    """``(field, value)`` when ``line`` is a metadata line (key: value) we recognise."""
    m = _META_RE.match(line)
    if not m:
        return None
    key = _KEY_OF.get(normalize(m.group(1)))
    if key is None:
        return None
    value = m.group(2).strip()
    if key == "keywords":
        return key, value
    # Only short values are metadata: «المصدر: البوابة نيوز», not a paragraph that starts with
    # «المصدر:». Under the title (the header block) values may be longer than in the body.
    limit = {"url": 2000, "title": 300}.get(key, 150) if not anywhere else (300 if key == "url" else 80)
    if len(value) > limit:
        return None
    if not anywhere:
        return key, value
    if key in ("title", "language", "author"):
        return None
    if not re.search(r"[\u0600-\u06FF]", m.group(1)):
        return None  # English keys only count in the header block under the title
    return key, value


def _boilerplate(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 160:  # a paragraph, not a prompt or a button
        return False
    # Prompts are recognised by how they open: normalizing the head only keeps this cheap.
    whole = len(text) <= 48
    n = normalize(text[:48])
    if whole:
        n = n.rstrip(" :.")
        if n in _BOILERPLATE_EXACT:
            return True
    return any((whole and n == b) or n.startswith(b + " ") or n.startswith(b + ":") for b in _BOILERPLATE)


def _read_also(line: str) -> str | None:
    """The rest of the line after a «read also» marker (maybe empty), or None."""
    text = line.strip()
    if not text or len(text) > 400:
        return None
    n = normalize(text[:40])  # markers open the line: the head is enough
    whole = len(text) <= 40
    for marker in _READ_ALSO:
        if (whole and n in (marker, marker + ":")) or n.startswith(marker + ":") or n.startswith(marker + " :"):
            _, _, rest = line.partition(":")
            return rest.strip() if ":" in line else ""
    return None


# Labels that open a line like an outlet credit but are not outlets: «عاجل | …» is "Breaking".
_NOT_OUTLETS = frozenset(normalize(s) for s in ("عاجل", "خاص", "فيديو", "بالفيديو", "بالصور", "صور",
                                                 "تقرير", "breaking", "exclusive", "video", "update"))


def _outlet(line: str) -> tuple[str, str] | None:
    m = _OUTLET_RE.match(line)
    if not m or len(m.group(1).split()) > 5 or normalize(m.group(1)) in _NOT_OUTLETS:
        return None
    return m.group(1).strip(), m.group(2).strip()


@dataclass
class _Draft:
    title: str = ""
    body: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    tail_meta: bool = False  # a source/keywords line was seen after the body: the article ended


def _header_format(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """``(fields, body_start_line)`` for the header format: a title line, ``key: value`` lines
    (published, source, url, language), one blank line, the body. None for other text."""
    if not lines or not lines[0].strip() or _meta(lines[0], anywhere=False):
        return None
    fields: dict[str, str] = {}
    k = 1
    while k < len(lines) and lines[k].strip():
        meta = _meta(lines[k], anywhere=False)
        if meta is None or not lines[k].split(":", 1)[0].isascii():
            return None  # Arabic keys: scraped text, cleaned line by line instead
        fields.setdefault(*meta)
        k += 1
    if not fields or k >= len(lines) or not ({"published", "source", "url", "language"} & set(fields)):
        return None
    return fields, k + 1


def parse_text(text: str, path: str) -> tuple[list[Article], list[IngestProblem]]:
    """Split a .txt into articles (usually one) and clean each; see the module docstring."""
    lines = text.split("\n")
    header = _header_format(lines)
    if header is not None:
        # A structured file: the body is kept verbatim after the blank line, so character
        # offsets (gold annotations, extracted sentences) count from the start of the body.
        fields, start = header
        body = "\n".join(lines[start:]).rstrip()
        if not body.strip():
            raise _FileError("the header is followed by no article text", start + 1)
        published, problem = parse_published(fields.get("published"))
        at = next((n + 1 for n in range(1, start) if (_meta(lines[n], anywhere=False) or ("",))[0] == "published"), None)
        found = [IngestProblem(path, at, "published", problem)] if problem else []
        return [_article(lines[0].strip(), body, published=published, source=fields.get("source"),
                         url=fields.get("url"), language=fields.get("language"), path=path)], found
    drafts: list[_Draft] = [_Draft()]
    i = 0
    in_header = True  # right under the title: the header block (English keys allowed)
    while i < len(lines):
        line = lines[i]
        d = drafts[-1]
        stripped = line.strip()
        i += 1
        if not d.title:
            if not stripped:
                continue
            meta = _meta(line, anywhere=False)
            if meta and meta[0] != "title":
                d.meta.setdefault(meta[0], meta[1])
                continue
            if _boilerplate(line):
                continue
            if not meta and len(stripped) > MAX_TITLE_CHARS:
                # A paragraph, not a title: keep it in the body (its events count) and name the
                # article after its opening words.
                d.title = _title_from_text(stripped)
                d.body.append(line)
                in_header = False
                continue
            d.title = meta[1] if meta else stripped
            in_header = True
            continue
        if in_header:
            meta = _meta(line, anywhere=False)
            if meta:
                d.meta.setdefault(meta[0], meta[1])
                continue
            if not stripped and not d.body:
                in_header = False  # the blank line that ends the header block
                continue
            in_header = False
        rest = _read_also(line)
        if rest is not None:
            j = i
            headline = rest
            if not headline:
                while j < len(lines) and not lines[j].strip():
                    j += 1
                headline = lines[j].strip() if j < len(lines) else ""
                j += 1
            k = j
            while k < len(lines) and not lines[k].strip():
                k += 1
            following = lines[k] if k < len(lines) else ""
            body_after = any(ln.strip() for ln in lines[k:])
            if headline and body_after and (_outlet(following) or d.tail_meta or not d.body):
                drafts.append(_Draft(title=headline))
                in_header = True
                i = j
            else:
                i = j  # a related-links line: drop the marker and the linked headline
            continue
        if not d.body and stripped:
            outlet = _outlet(line)
            if outlet:
                d.meta.setdefault("source", outlet[0])
                if outlet[1]:
                    d.body.append(outlet[1])
                continue
        meta = _meta(line, anywhere=True)
        if meta:
            if meta[0] in ("source", "keywords") and d.body:
                d.tail_meta = True
            d.meta.setdefault(meta[0], meta[1])
            continue
        if _boilerplate(line):
            continue
        d.body.append(line)

    articles: list[Article] = []
    errors: list[IngestProblem] = []
    single = len(drafts) == 1
    for n, d in enumerate(drafts):
        body = _clean_body(d.body)
        if not d.title and not body:
            continue
        if not body and n > 0:
            continue  # a «read also» headline whose text was only metadata: a link, not an article
        if not body:
            # A one-line file: that line is the article, not a title without a body.
            body, title = d.title, ""
        else:
            title = d.title
        published, problem = parse_published(d.meta.get("published"))
        where = path if single else f"{path}#{n + 1}"
        if problem:
            errors.append(IngestProblem(where, None, "published", problem))
        articles.append(_article(title, body, published=published, source=d.meta.get("source"),
                                 url=d.meta.get("url"), language=d.meta.get("language"), path=where))
    if not articles:
        raise _FileError("no article text found")
    return articles, errors


# -- .jsonl / .json / .csv: records -------------------------------------------------------------

# Column names we accept for each Article field (first is the documented one).
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "publication_date", "pub_date"),
    "source": ("source", "outlet", "site"),
    "url": ("url", "link"),
    "language": ("language", "lang"),
    "text": ("text", "body", "content"),
}


def _record_article(rec: Any, path: str, line: int | None, label: str) -> tuple[Article | None, list[IngestProblem]]:
    """One JSON object / CSV row → an Article, or errors naming the field and what to do."""
    if not isinstance(rec, dict):
        return None, [IngestProblem(path, line, None, f"{label} is a {type(rec).__name__}, expected an object "
                                  "with id, title, published, source, url, language, text")]
    lowered = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}
    values: dict[str, Any] = {}
    for name, aliases in _ALIASES.items():
        values[name] = next((lowered[a] for a in aliases if lowered.get(a) not in (None, "")), None)
    errors: list[IngestProblem] = []
    for name in ("title", "source", "url", "language", "text"):
        v = values[name]
        if v is not None and not isinstance(v, str):
            errors.append(IngestProblem(path, line, name, f"{label}: must be text, not {type(v).__name__}"))
    ident = values["id"]
    if ident is not None and not isinstance(ident, (str, int)) or isinstance(ident, bool):
        errors.append(IngestProblem(path, line, "id", f"{label}: must be a string or a number"))
    text = values["text"]
    if isinstance(text, str):
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text and "text" not in {e.field for e in errors}:
        errors.append(IngestProblem(path, line, "text", f"{label}: is missing or empty; every article needs its text"))
    if errors:
        return None, errors
    published, problem = parse_published(values["published"])
    if problem:
        errors.append(IngestProblem(path, line, "published", f"{label}: {problem}"))
    where = f"{path}:{line}" if line else path
    art = _article(values["title"] or "", text, published=published, source=values["source"],
                   url=values["url"], language=values["language"], path=where,
                   given_id=str(ident).strip() if ident is not None and str(ident).strip() else None)
    return art, errors


def json_problem(exc: ValueError | RecursionError) -> str:
    """Why a JSON value could not be decoded, beyond syntax errors: too deep, a huge number."""
    if isinstance(exc, RecursionError):
        return "is nested too deeply (about a thousand levels or more); flatten it"
    if "digits" in str(exc):
        return f"has a number too long to read ({exc}); write it as a string"
    return f"cannot be decoded ({exc})"


def _json_values(text: str) -> Iterator[tuple[int, Any, str | None]]:
    """Top-level values of a JSON document or of JSON lines: ``(line, value, error)``."""
    dec = json.JSONDecoder()
    stripped = text.lstrip()
    first_line = text[: len(text) - len(stripped)].count("\n") + 1
    if stripped.startswith("{") and "\n" in stripped.strip():
        # A pretty-printed single object (or {"articles": [...]}) rather than JSON lines.
        try:
            yield first_line, json.loads(text), None
            return
        except json.JSONDecodeError:
            pass  # JSON lines (or broken): read line by line below
        except (ValueError, RecursionError) as exc:
            yield first_line, None, f"the JSON document {json_problem(exc)}"
            return
    if stripped.startswith("["):
        # An array: decode element by element so each one keeps its line number.
        pos = text.index("[") + 1
        while True:
            while pos < len(text) and text[pos] in " \t\n,":
                pos += 1
            if pos >= len(text):
                yield text.count("\n") + 1, None, "the JSON array is not closed with ]"
                return
            if text[pos] == "]":
                return
            line = text.count("\n", 0, pos) + 1
            try:
                value, pos = dec.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                yield text.count("\n", 0, exc.pos) + 1, None, f"not valid JSON ({exc.msg}); fix this element"
                return
            except (ValueError, RecursionError) as exc:  # its end is unknown: the rest cannot be read
                yield line, None, f"this element {json_problem(exc)}; the elements after it were not read"
                return
            yield line, value, None
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            value, end = dec.raw_decode(raw.strip())
            if end != len(raw.strip()):
                raise json.JSONDecodeError("extra data after the object", raw.strip(), end)
        except json.JSONDecodeError as exc:
            yield n, None, f"not valid JSON ({exc.msg}); each line must be one JSON object"
            continue
        except (ValueError, RecursionError) as exc:
            yield n, None, f"the JSON line {json_problem(exc)}"
            continue
        yield n, value, None


def parse_json(text: str, path: str) -> tuple[list[Article], list[IngestProblem]]:
    """JSON lines, a JSON array of objects, one object, or ``{"articles": [...]}``."""
    articles: list[Article] = []
    errors: list[IngestProblem] = []
    for line, value, problem in _json_values(text):
        if problem:
            errors.append(IngestProblem(path, line, None, problem))
            continue
        items = value["articles"] if isinstance(value, dict) and isinstance(value.get("articles"), list) else [value]
        for k, item in enumerate(items):
            label = "record" if len(items) == 1 else f"articles[{k}]"
            art, errs = _record_article(item, path, line, label)
            errors.extend(errs)
            if art:
                articles.append(art)
    return articles, errors


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def csv_rows(reader: Any) -> Iterator[tuple[int, Any, csv.Error | None]]:
    """``(line, row, None)`` for each row of a ``csv`` reader, with the line it starts on; a row
    the csv module cannot parse ends them with ``(line, None, error)``: the rest is unreadable."""
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, None, exc
            return
        yield line, row, None


def parse_csv(text: str, path: str) -> tuple[list[Article], list[IngestProblem]]:
    """CSV with a header row naming the columns (``text`` at least); one error per bad row."""
    csv.field_size_limit(MAX_FILE_BYTES)
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header))
    try:
        columns = [c.strip().lower() for c in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise _FileError(f"cannot read the CSV header ({exc})", 1) from None
    if not any(c in columns for c in _ALIASES["text"]):
        raise _FileError(f"the header has no 'text' column (found: {', '.join(columns) or 'nothing'}); "
                         "columns are id,title,published,source,url,language,text", 1)
    articles: list[Article] = []
    errors: list[IngestProblem] = []
    row_no = 0
    for start, row, bad in csv_rows(reader):
        if bad is not None:
            errors.append(IngestProblem(path, start, None, f"row {row_no + 1}: not valid CSV ({bad})"))
            break
        row_no += 1
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(columns):
            errors.append(IngestProblem(path, start, None, f"row {row_no}: has {len(row)} cells, the header has "
                                      f"{len(columns)}; quote cells that contain the delimiter"))
            continue
        art, errs = _record_article(dict(zip(columns, row)), path, start, f"row {row_no}")
        errors.extend(errs)
        if art:
            articles.append(art)
    return articles, errors


# -- .html --------------------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "nav", "footer", "aside",
              "form", "button", "select", "figcaption", "header"}
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "td", "tr",
               "section", "article", "main", "ul", "ol", "table", "pre"}
_VOID_TAGS = {"img", "input", "hr", "meta", "link", "source", "wbr", "area", "base", "col", "embed",
              "param", "track", "br"}
_TITLE_META = ("og:title", "twitter:title", "headline", "title", "dc.title")
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
              "sailthru.date", "parsely-pub-date", "article.published", "published_time")
_SOURCE_META = ("og:site_name", "application-name", "publisher", "dc.publisher")
_URL_META = ("og:url", "twitter:url")


class _ArticleHTML(HTMLParser):
    """Collect meta tags, <title>, the first <time datetime>, JSON-LD and the text blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.time: str | None = None
        self.canonical: str | None = None
        self.lang: str | None = None
        self.jsonld: list[str] = []
        self.blocks: list[tuple[str, bool, bool, str]] = []  # (tag, in_article, in_p, text)
        self._stack: list[str] = []
        self._open: dict[str, int] = {}  # tag -> how many are on _stack: a stray end tag costs O(1)
        self._skip = 0
        self._article = 0
        self._p = 0
        self._buf: list[str] = []
        self._title_buf: list[str] | None = None
        self._h1_buf: list[str] | None = None
        self._jsonld_buf: list[str] | None = None

    def _flush(self, tag: str = "") -> None:
        text = re.sub(r"[ \t\f\v\u00a0]+", " ", "".join(self._buf)).strip()
        text = "\n".join(s.strip() for s in text.split("\n") if s.strip())
        if text:
            self.blocks.append((tag, self._article > 0, self._p > 0, text))
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = self.canonical or a["href"]
            return
        if tag == "time" and a.get("datetime") and self.time is None:
            self.time = a["datetime"]
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._jsonld_buf = []
        if tag == "title" and not self._skip:
            self._title_buf = []
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag in ("br",):
            self._buf.append("\n")
            return
        if tag in _BLOCK_TAGS and tag not in ("li", "td", "tr") and self._stack and self._stack[-1] == "p":
            self._close(self._pop())  # a block start closes an open <p> (HTML's implied end tag)
        if tag in _BLOCK_TAGS and not self._skip:
            self._flush()
        if tag == "h1":
            self._h1_buf = []
        if tag == "article":
            self._article += 1
        if tag == "p":
            self._p += 1
        if tag not in _VOID_TAGS:
            self._stack.append(tag)
            self._open[tag] = self._open.get(tag, 0) + 1

    def _pop(self) -> str:
        tag = self._stack.pop()
        self._open[tag] -= 1
        return tag

    def handle_endtag(self, tag: str) -> None:
        # Each open tag is popped once: linear in the page however its tags are (un)balanced.
        if not self._open.get(tag):
            return  # stray end tag
        while self._stack:
            open_tag = self._pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "script" and self._jsonld_buf is not None:
            self.jsonld.append("".join(self._jsonld_buf))
            self._jsonld_buf = None
        if tag == "title" and self._title_buf is not None:
            self.title = self.title or " ".join("".join(self._title_buf).split())
            self._title_buf = None
        if tag == "h1" and self._h1_buf is not None:
            self.h1 = self.h1 or " ".join("".join(self._h1_buf).split())
            self._h1_buf = None
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK_TAGS and not self._skip:
            self._flush(tag)
        if tag == "article":
            self._article = max(0, self._article - 1)
        if tag == "p":
            self._p = max(0, self._p - 1)

    def handle_data(self, data: str) -> None:
        if self._jsonld_buf is not None:
            self._jsonld_buf.append(data)
        if self._title_buf is not None:
            self._title_buf.append(data)
        if self._h1_buf is not None:
            self._h1_buf.append(data)
        if not self._skip and self._title_buf is None:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        while self._stack:
            self._close(self._pop())
        self._flush()


def _jsonld_fields(chunks: list[str]) -> dict[str, str]:
    """headline / datePublished / publisher name from schema.org JSON-LD, when present.

    A chunk that cannot be decoded (broken, nested too deeply, a huge number) is skipped: the
    page's other metadata and its text are still read."""
    found: dict[str, str] = {}
    for chunk in chunks:
        try:
            todo = [json.loads(chunk)]
        except (ValueError, RecursionError):
            continue
        while todo:  # a loop, not recursion: the nesting depth of a page is not ours to choose
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(reversed(node))
            elif isinstance(node, dict):
                for key in ("headline", "datePublished", "url"):
                    if isinstance(node.get(key), str):
                        found.setdefault(key, node[key])
                pub = node.get("publisher")
                if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                    found.setdefault("publisher", pub["name"])
                todo.append(node.get("@graph"))
    return found


def parse_html(text: str, path: str) -> tuple[list[Article], list[IngestProblem]]:
    """The article of an HTML page: paragraphs of <article> (else all <p>, else all blocks)."""
    parser = _ArticleHTML()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # HTMLParser is lenient; guard anyway
        raise _FileError(f"cannot parse the HTML ({exc})") from None
    ld = _jsonld_fields(parser.jsonld)

    def first(keys: tuple[str, ...]) -> str | None:
        return next((parser.meta[k] for k in keys if parser.meta.get(k)), None)

    blocks = parser.blocks
    chosen = [b for b in blocks if b[1] and b[2]] or [b for b in blocks if b[1]] \
        or [b for b in blocks if b[2]] or blocks
    title = first(_TITLE_META) or ld.get("headline") or parser.h1 or parser.title
    # The page's own headline is often repeated as the first block: do not keep it twice.
    lines = [b[3] for b in chosen if b[3].strip() != (title or "").strip()]
    body = _clean_body(ln for ln in "\n".join(lines).split("\n") if not _boilerplate(ln))
    if not body:
        raise _FileError("no article text found in the HTML (no <article> or <p> text)")
    published, problem = parse_published(first(_DATE_META) or ld.get("datePublished") or parser.time)
    errors = [IngestProblem(path, None, "published", problem)] if problem else []
    return [_article(title or "", body, published=published,
                     source=first(_SOURCE_META) or ld.get("publisher"),
                     url=first(_URL_META) or parser.canonical or ld.get("url"),
                     language=parser.lang, path=path)], errors
