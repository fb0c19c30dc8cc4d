"""One reader per article file format, chosen by the file's suffix.

``READERS`` maps a suffix to its parser ``(text, path) -> (articles, problems)``:

- ``.txt`` — :mod:`events.readers.text` (the header format, scraped news);
- ``.jsonl`` / ``.ndjson`` / ``.json`` and ``.csv`` — :mod:`events.readers.records`;
- ``.html`` / ``.htm`` — :mod:`events.readers.html`.

:func:`read_file_report` reads the bytes (:mod:`events.readers.encoding`), decodes them and
hands the text to the parser of the suffix; what every reader shares is in
:mod:`events.readers.common`; the words they recognise (metadata keys, boilerplate, «read also»
markers, language names) are data, ``data/lexicons/articles.yaml`` read by
:mod:`events.readers.lexicon`, and every parser takes ``lexicon=`` to read with another copy.
A new format is one parser and one line of ``READERS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from events.readers.common import IngestProblem, _FileError
from events.readers.encoding import decode_bytes, lone_surrogate, read_regular_file
from events.readers.html import parse_html
from events.readers.records import parse_csv, parse_json
from events.readers.text import parse_text
from events.schema import Article

Parser = Callable[[str, str], tuple[list[Article], list[IngestProblem]]]

READERS: dict[str, Parser] = {
    ".txt": parse_text,
    ".jsonl": parse_json,
    ".ndjson": parse_json,
    ".json": parse_json,
    ".csv": parse_csv,
    ".html": parse_html,
    ".htm": parse_html,
}
SUPPORTED_SUFFIXES = tuple(READERS)


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
        parse = READERS.get(suffix)
        if parse is None:
            raise _FileError(f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        return _check_text(*parse(text, str(p)))
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

