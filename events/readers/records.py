"""``.jsonl`` / ``.ndjson`` / ``.json`` and ``.csv``: records with id, title, published, source,
url, language, text (and the aliases of these columns); one problem per bad line, element or row."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from events.readers.common import IngestProblem, _article, _FileError, parse_published
from events.readers.encoding import MAX_FILE_BYTES
from events.readers.lexicon import ArticleWords, article_words
from events.schema import Article

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


def _record_article(rec: Any, path: str, line: int | None, label: str,
                    w: ArticleWords) -> tuple[Article | None, list[IngestProblem]]:
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
    published, problem = parse_published(values["published"], w)
    if problem:
        errors.append(IngestProblem(path, line, "published", f"{label}: {problem}"))
    where = f"{path}:{line}" if line else path
    art = _article(values["title"] or "", text, published=published, source=values["source"],
                   url=values["url"], language=values["language"], path=where,
                   given_id=str(ident).strip() if ident is not None and str(ident).strip() else None, lexicon=w)
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


def parse_json(text: str, path: str, lexicon: ArticleWords | None = None) -> tuple[list[Article], list[IngestProblem]]:
    """JSON lines, a JSON array of objects, one object, or ``{"articles": [...]}``; ``lexicon``: the
    words of dates and languages (default: data/lexicons/articles.yaml)."""
    w = lexicon or article_words()
    articles: list[Article] = []
    errors: list[IngestProblem] = []
    for line, value, problem in _json_values(text):
        if problem:
            errors.append(IngestProblem(path, line, None, problem))
            continue
        items = value["articles"] if isinstance(value, dict) and isinstance(value.get("articles"), list) else [value]
        for k, item in enumerate(items):
            label = "record" if len(items) == 1 else f"articles[{k}]"
            art, errs = _record_article(item, path, line, label, w)
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


def parse_csv(text: str, path: str, lexicon: ArticleWords | None = None) -> tuple[list[Article], list[IngestProblem]]:
    """CSV with a header row naming the columns (``text`` at least); one error per bad row;
    ``lexicon``: the words of dates and languages (default: data/lexicons/articles.yaml)."""
    w = lexicon or article_words()
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
        art, errs = _record_article(dict(zip(columns, row)), path, start, f"row {row_no}", w)
        errors.extend(errs)
        if art:
            articles.append(art)
    return articles, errors

