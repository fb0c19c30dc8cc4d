"""The words around a place name: the evidence that it is a place (a locative word, a feature
noun), read from ``data/lexicons/places.yaml``.

Shared by :mod:`geo.find`; it works on the normalized words of ``geo.arabic``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.arabic import normalize, strip_clitics

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "places.yaml"
REQUIRED_SECTIONS = ("locative", "locative_clitics", "features")


class LexiconError(ValueError):
    """places.yaml is malformed; the message names the file and the section to fix."""


@dataclass(frozen=True)
class PlaceLexicon:
    """The place words, normalized."""

    locative_ar: frozenset[str]
    locative_en: frozenset[str]
    locative_clitics: frozenset[str]
    features_ar: frozenset[str]
    features_en_before: frozenset[str]
    features_en_after: frozenset[str]


def _words(raw: dict, section: str, key: str, path: Path) -> frozenset[str]:
    v = raw.get(section)
    items = v.get(key) if isinstance(v, dict) else None
    if not isinstance(items, list) or not all(isinstance(w, (str, int)) for w in items):
        raise LexiconError(f"{path}: section {section}: {key} must be a list of words")
    return frozenset(normalize(str(w)) for w in items)


def build_lexicon(path: Path) -> PlaceLexicon:
    """Read and check a places lexicon; a bad file raises :class:`LexiconError` naming it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read the places lexicon: {exc}") from exc
    if not isinstance(raw, dict):
        raise LexiconError(f"{path}: expected a mapping of sections at the top level")
    missing = [s for s in REQUIRED_SECTIONS if s not in raw]
    if missing:
        raise LexiconError(f"{path}: missing section(s) {', '.join(missing)}; see the header comment")
    return PlaceLexicon(
        locative_ar=_words(raw, "locative", "ar", path),
        locative_en=_words(raw, "locative", "en", path),
        locative_clitics=_words(raw, "locative_clitics", "ar", path),
        features_ar=_words(raw, "features", "ar", path),
        features_en_before=_words(raw, "features", "en_before", path),
        features_en_after=_words(raw, "features", "en_after", path),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> PlaceLexicon:
    """The default lexicon, read once."""
    return build_lexicon(LEXICON_PATH)


@functools.lru_cache(maxsize=65536)
def _ar_stems(word: str) -> tuple[str, ...]:
    """A normalized Arabic word and its forms without proclitics («وبمدينه» → «مدينه»)."""
    return tuple(strip_clitics(word))


def ar_in(word: str, words: frozenset[str]) -> bool:
    """Is the normalized Arabic ``word``, with or without its proclitics, in ``words``?"""
    return any(w in words for w in _ar_stems(word))


def evidence(prev: list[str], clitic: str, nxt: list[str], arabic: bool) -> int:
    """How strongly the words around a name say it is a place: 2 a feature noun («مدينة X»,
    "the town of X", "X district"), 1 a locative word or clitic («في X», «بX», "in X"), else 0.

    Args:
        prev: the normalized words before the name, nearest last (two are enough).
        clitic: the proclitic letters glued to the name's first word («ب» of «بتعز»).
        nxt: the normalized words after the name, nearest first.
    """
    lx = lexicon()
    if arabic:
        if prev and ar_in(prev[-1], lx.features_ar):
            return 2
        if any(c in lx.locative_clitics for c in clitic):
            return 1
        if prev and ar_in(prev[-1], lx.locative_ar):
            return 1
        return 0
    if nxt and nxt[0] in lx.features_en_after:
        return 2
    if prev and prev[-1] == "the":
        prev = prev[:-1]  # "in the Mastung area", "near the town of X"
    if prev:
        if prev[-1] == "of" and len(prev) > 1 and prev[-2] in lx.features_en_before:
            return 2
        if prev[-1] == "of" and len(prev) > 1 and prev[-2] in lx.locative_en:
            return 1  # "north of X"
        if prev[-1] in lx.locative_en:
            return 1
    return 0
