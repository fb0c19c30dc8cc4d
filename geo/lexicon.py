"""The one lexicon loader: where the data files are, how they are read, how they are cached.

Every module that reads ``data/lexicons/*.yaml`` (or another YAML table under ``data/``) goes
through here:

- :func:`lexicon_path` — the bundled file of a name (paths from this file, never the working
  directory);
- :func:`read_yaml` — the parsed YAML, an unreadable or invalid file raised as one
  :class:`~geo.errors.LexiconError` line naming it;
- :func:`cached` — turns a builder ``Path → compiled lexicon`` into ``load(path=None)``, cached on
  the file (its path, modification time and size): a lexicon passed in by path is the one used,
  and an edited file is read again;
- :func:`normalized` — a word list folded like the text (``geo.arabic.normalize``);
- :func:`actor_entries` — ``actors.yaml``, read here only (``events.actors`` checks and compiles
  it; ``geo.find`` takes its aliases as known non-places; the dashboard and ``marsad synth`` its
  names).
"""

from __future__ import annotations

import functools
import os
import threading
import time
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, TypeVar

import yaml

from geo.arabic import normalize
from geo.errors import LexiconError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicons"

T = TypeVar("T")


def lexicon_path(name: str) -> Path:
    """The bundled lexicon ``data/lexicons/NAME``."""
    return LEXICON_DIR / name


def load_yaml(path: Path) -> Any:
    """The YAML of ``path`` as parsed; OSError and yaml.YAMLError propagate (see :func:`read_yaml`)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in one line: what is wrong and where (PyYAML's own text spans lines)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())


def read_yaml(path: Path, what: str = "the lexicon", error: type[Exception] = LexiconError) -> Any:
    """The YAML of ``path``; a missing, unreadable or invalid file raises ``error``, one line naming it."""
    try:
        return load_yaml(path)
    except yaml.YAMLError as exc:
        raise error(f"{path}: cannot read {what}: {yaml_problem(exc)}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what}: {exc}") from exc


def read_sections(path: Path, what: str, required: Iterable[str]) -> dict[str, Any]:
    """The YAML mapping of ``path`` with every ``required`` section present, else one
    :class:`~geo.errors.LexiconError` line naming the file and what is missing."""
    raw = read_yaml(path, what)
    if not isinstance(raw, dict):
        raise LexiconError(f"{path}: expected a mapping of sections at the top level")
    missing = [s for s in required if s not in raw]
    if missing:
        raise LexiconError(f"{path}: missing section(s) {', '.join(missing)}; see the header comment")
    return raw


def normalized(words: Iterable[object], norm: Callable[[str], str] = normalize) -> frozenset[str]:
    """The words folded like the text they are matched against."""
    return frozenset(norm(str(w)) for w in words)


class Cached(Generic[T]):
    """``load(path=None)``: the builder's result for that file, rebuilt when the file changes.

    The file is looked at (``stat``) at most every ``recheck`` seconds per argument: the
    extractor asks for its lexicons thousands of times per article, and a ``stat`` each time
    cost a tenth of the extraction time.
    """

    def __init__(self, build: Callable[[Path], T], default: Path, size: int = 8, recheck: float = 1.0):
        self.build, self.default, self.size, self.recheck = build, default, size, recheck
        self._cache: dict[tuple[str, int, int], T] = {}
        self._seen: dict[object, tuple[float, T]] = {}  # argument → (when its file was looked at, result)
        self._lock = threading.Lock()
        functools.update_wrapper(self, build)

    def __call__(self, path: str | os.PathLike[str] | None = None) -> T:
        seen = self._seen.get(path)
        now = time.monotonic()
        if seen is not None and now - seen[0] < self.recheck:
            return seen[1]
        p = Path(path) if path else self.default
        try:
            st = p.stat()
        except OSError:
            return self.build(p)  # the builder reports the missing file in its own words
        key = (os.path.abspath(p), st.st_mtime_ns, st.st_size)
        with self._lock:
            got = self._cache.get(key)
            if got is None:
                got = self.build(p)
                if len(self._cache) >= self.size:
                    self._cache.clear()
                    self._seen.clear()
                self._cache[key] = got
            self._seen[path] = (now, got)
        return got

    def cache_clear(self) -> None:
        """Forget every compiled lexicon (the next call reads the file again)."""
        with self._lock:
            self._cache.clear()
            self._seen.clear()


def cached(default: Path, size: int = 8, recheck: float = 1.0) -> Callable[[Callable[[Path], T]], Cached[T]]:
    """Decorator: a builder of ``Path`` → compiled lexicon becomes ``load(path=None)`` (see :class:`Cached`)."""
    return lambda build: Cached(build, default, size, recheck)


ACTORS_PATH = lexicon_path("actors.yaml")


@cached(ACTORS_PATH)
def actor_entries(path: Path) -> list[dict[str, Any]]:
    """The entries of an actors lexicon as written (a list of mappings; checked by ``events.actors``)."""
    data = read_yaml(path, "the actors lexicon")
    if not isinstance(data, list):
        raise LexiconError(f"{path}: expected a YAML list of actors")
    return data
