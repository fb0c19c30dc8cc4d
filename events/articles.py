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

This module is the public face: folders, files and duplicates here; one parser per format in
:mod:`events.readers` (``READERS``: suffix → parser), whose names other modules use are
re-exported below.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from events.readers import READERS, SUPPORTED_SUFFIXES, read_file_report
from events.readers.common import ArticlesError, IngestProblem, _FileError, language_of, one_line, parse_published
from events.readers.encoding import MAX_FILE_BYTES, decode_bytes, lone_surrogate, read_regular_file
from events.readers.html import _ArticleHTML, parse_html
from events.readers.lexicon import LANGUAGES, ArticleWords, article_words, load_article_words
from events.readers.records import csv_rows, json_problem, parse_csv, parse_json
from events.readers.text import parse_text
from events.schema import Article

__all__ = [
    "LANGUAGES", "MAX_FILE_BYTES", "READERS", "SUPPORTED_SUFFIXES", "ArticleWords", "ArticlesError", "IngestProblem",
    "_ArticleHTML", "article_words", "load_article_words",
    "_FileError", "article_digest", "csv_rows", "decode_bytes", "iter_articles_report", "json_problem",
    "language_of", "list_article_files", "lone_surrogate", "one_line", "parse_csv", "parse_html", "parse_json",
    "parse_published", "parse_text", "read_articles", "read_articles_report", "read_file_report",
    "read_regular_file",
]


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
