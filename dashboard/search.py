"""Free-text search over the events — pure: Arabic and English words, normalized like extraction.

Words are normalized with ``geo.arabic.normalize`` (one translate pass); ``word_regex``
turns a normalized word into an RE2 pattern that matches the *raw* text with the same folding,
so a million sentences are searched with Arrow without normalizing them first.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

import numpy as np

from geo.arabic import normalize, script_of, strip_clitics

if TYPE_CHECKING:
    from dashboard.event_index import EventIndex

SEARCH_TEXT_COLUMNS = ("sentence", "headline", "date_text", "place_text")


_FOLD: dict[int, str] | None = None
_FOLD_LOCK = threading.Lock()
_SPACES = re.compile(r"\s+")


def _fold_table() -> dict[int, str]:
    """``str.translate`` table equal to ``normalize`` character by character (built once).

    ``normalize`` folds one character at a time and then collapses whitespace, so a table over
    the Basic Multilingual Plane plus the same whitespace collapse gives identical output at
    C speed; the search reads it backwards (every character folding to a letter) to build RE2 classes.
    """
    global _FOLD
    if _FOLD is None:
        with _FOLD_LOCK:
            if _FOLD is None:
                table: dict[int, str] = {}
                for cp in range(0x10000):
                    if 0xD800 <= cp <= 0xDFFF:
                        continue
                    ch = chr(cp)
                    if ch.isspace() or _SPACES.match(ch):
                        continue
                    folded = normalize(ch)
                    if folded != ch:
                        table[cp] = folded
                _FOLD = table
    return _FOLD


_INVERSE: tuple[dict[str, str], str] | None = None


def _inverse_fold() -> tuple[dict[str, str], str]:
    """For each normalized character, every character folding to it; and the dropped ones."""
    global _INVERSE
    if _INVERSE is None:
        inv: dict[str, list[str]] = {}
        drops: list[str] = []
        for cp, v in _fold_table().items():
            if v == "":
                drops.append(chr(cp))
            elif len(v) == 1:  # a ligature (ﻻ → لا) folds to two letters: not a class of one
                inv.setdefault(v, []).append(chr(cp))
        esc = lambda c: "\\x{%x}" % ord(c)  # noqa: E731 - RE2 escapes, safe for any character
        classes = {k: "[" + esc(k) + "".join(esc(c) for c in v) + "]" for k, v in inv.items()}
        _INVERSE = (classes, "[" + "".join(esc(c) for c in drops) + "]*")
    return _INVERSE


def word_regex(word: str) -> str:
    """An RE2 pattern matching, in the *original* text, what normalizes to contain ``word``.

    Each character becomes the class of characters that fold to it («ه» → [هةھۀە], «a» →
    [aAàáâā…]) and dropped characters (diacritics, tatweel, marks) may sit between them — so a
    raw column is searched with exactly ``normalize``'s semantics, without normalizing a million
    sentences first. ``word`` must be normalized and contain no space.
    """
    classes, drop = _inverse_fold()
    return drop.join(classes.get(c, "\\x{%x}" % ord(c)) for c in word)


def text_mask(idx: "EventIndex", words: list[list[str]]) -> np.ndarray:
    import pyarrow.compute as pc

    m = np.ones(idx.n, dtype=bool)
    for alternatives in words:
        hit = np.zeros(idx.n, dtype=bool)
        for w in alternatives:
            rx = word_regex(w)
            for col in SEARCH_TEXT_COLUMNS:
                if col in idx.frame:
                    found = pc.match_substring_regex(idx.arrow(col), rx)
                    hit |= found.fill_null(False).to_numpy(zero_copy_only=False)
            # Names through their codes: a regex over the distinct values, then a take.
            c = idx.codes["place"]
            names = np.array([w in normalize(v) or w in normalize(idx.place_ar.get(v, "")) for v in c.values] + [False])
            hit |= names[c.codes]
            c = idx.codes["event_type"]
            types = np.array([w in normalize(v.replace("_", " ")) for v in c.values] + [False])
            hit |= types[c.codes]
            actors = np.array([w in normalize(a) for a in idx.actor_names], dtype=bool)
            if actors.any():
                hit[idx.actor_rows[actors[idx.actor_codes]]] = True
        m &= hit
    return m


def search_words(query: str) -> list[list[str]]:
    """Normalized query words; an Arabic word also matches without its clitics (و ب ل ال…)."""
    out: list[list[str]] = []
    for word in normalize(query or "").split():
        word = word.strip("\"'«»،,.;:()[]")
        if not word:
            continue
        if script_of(word) == "ar":
            # Every candidate is a suffix of the word, so matching the shortest stem matches
            # them all; stems under four letters («زير» of «وزير») would match too much.
            stems = [w for w in strip_clitics(word) if len(w) >= 4]
            out.append([min(stems, key=len) if stems else word])
        else:
            out.append([word])
    return out
