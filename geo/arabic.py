"""Arabic-aware text normalization, shared by place finding, extraction and search.

Everything here keeps a map back to the original characters, so that a match found in the
normalized text can be reported with offsets into the text the user gave.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel are
# dropped; they vary freely between outlets and carry no identity for names.
_DROP = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_DROP |= {chr(c) for c in range(0x06D6, 0x06EE)}
_DROP |= {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"}

# One letter for the forms that outlets use interchangeably.
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ئ": "ي",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "گ": "ك",  # Persian gaf, used for /g/ in transliterated names (e.g. كراسنوگورسك)
    "ڤ": "ف", "پ": "ب", "چ": "ج", "ژ": "ز",
    "٪": "%", "،": ",", "؛": ";", "؟": "?",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian (Extended Arabic-Indic) digits

_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)})

ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_RE = re.compile(r"[A-Za-z]")

# Proclitics: conjunctions و ف, prepositions ب ل ك, in the orders Arabic allows, before an
# optional article ال. «وبالحسكة» → «الحسكة», «لموسكو» → «موسكو».
_PREFIXES = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال", "لل", "ال",
             "وب", "فب", "ول", "فل", "وك", "فك", "و", "ف", "ب", "ل", "ك")


def _presentation(ch: str) -> bool:
    """An Arabic presentation form: a ligature (ﻻ ﷲ) or a contextual letter form, as in text
    copied from a PDF."""
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe"


def _mark(ch: str) -> bool:
    """A character that carries no letter: diacritics, tatweel, invisible joiners and marks."""
    return ch in _DROP or ("\u0600" <= ch <= "\u08ff" and unicodedata.category(ch) == "Mn")


@functools.lru_cache(maxsize=8192)
def _plain(ch: str) -> str:
    """``ch`` as plain Arabic letters: marks dropped, presentation forms decomposed (NFKC:
    ﻻ → لا, ﷲ → الله, ﺑ → ب); a form that is only a mark («ﹰ») gives ""."""
    if _mark(ch):
        return ""
    if not _presentation(ch):
        return ch
    out = "".join(c for c in unicodedata.normalize("NFKC", ch) if not _mark(c))
    return out if out.strip() else ""


@functools.lru_cache(maxsize=8192)  # a text has few distinct characters: fold each once
def _fold_char(ch: str) -> str:
    if _mark(ch):
        return ""
    if _presentation(ch) and (plain := _plain(ch)) != ch:  # ﴾ and ﷽ have no plainer form
        return "".join(_fold_char(c) for c in plain)
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch.lower()
    # Latin letters with accents: keep the base letter ("Raqqa", "Raqqā" match).
    if "LATIN" in unicodedata.name(ch, ""):
        base = unicodedata.normalize("NFKD", ch)[0]
        return base.lower()
    return ch


@dataclass(frozen=True)
class Normalized:
    """A normalized text and, for every character of it, the index in the original text."""

    text: str
    index: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalized text back to the original text; the
        diacritics on its last letter («الرقةِ») belong to it."""
        if start >= len(self.index):
            return len(self.original), len(self.original)
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1 if end > start else o_start
        while end > start and o_end < len(self.original) and unicodedata.category(self.original[o_end]) == "Mn":
            o_end += 1
        return o_start, o_end


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_char`, filled as characters are met (a text
    has few distinct characters), so folding a sentence is one C-speed pass."""

    def __missing__(self, cp: int) -> str:
        folded = _fold_char(chr(cp))
        self[cp] = folded
        return folded


_FOLD = _FoldTable()
# The characters that fold to no letter or to several (marks, presentation forms): a text
# without them folds one character to one, so its index map is the identity.
_UNEVEN_RE = re.compile("[" + "".join(sorted(re.escape(c) for c in _DROP | {
    chr(c) for c in range(0x0600, 0x0900) if _mark(chr(c))})) + "\ufb50-\ufdff\ufe70-\ufefe]")
_SPACE_RUN = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Normalize for matching: hamza/ta marbuta/alef maqsura/Persian letters, no diacritics,
    no tatweel, ASCII digits, lower-case Latin, collapsed spaces."""
    return _SPACE_RUN.sub(" ", text.translate(_FOLD)).strip()


def normalize_with_index(text: str) -> Normalized:
    """Like :func:`normalize` but one-to-one with an index map (spaces are not collapsed)."""
    uneven = [m.start() for m in _UNEVEN_RE.finditer(text)]
    if not uneven:
        folded = text.translate(_FOLD)
        if len(folded) == len(text):
            return Normalized(folded, tuple(range(len(text))), text)
        return _normalize_with_index_by_char(text)
    # one to one between the uneven characters: fold those runs in one pass each
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for i in [*uneven, len(text)]:
        run = text[pos:i].translate(_FOLD)
        if len(run) != i - pos:
            return _normalize_with_index_by_char(text)
        pieces.append(run)
        index.extend(range(pos, i))
        if i < len(text):
            f = _FOLD[ord(text[i])]
            pieces.append(f)
            index.extend([i] * len(f))
        pos = i + 1
    return Normalized("".join(pieces), tuple(index), text)


def _normalize_with_index_by_char(text: str) -> Normalized:
    """:func:`normalize_with_index` one character at a time (for texts with marks or ligatures)."""
    chars: list[str] = []
    index: list[int] = []
    fold = _FOLD
    for i, ch in enumerate(text):
        for f in fold[ord(ch)]:
            chars.append(f)
            index.append(i)
    return Normalized("".join(chars), tuple(index), text)


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII; nothing else changes (same length)."""
    return text.translate(_DIGITS)


def strip_clitics(word: str) -> list[str]:
    """Candidate stems of a normalized Arabic word, longest first, the word itself included.

    «وبالحسكه» → ["وبالحسكه", "الحسكه", "حسكه"]; each candidate is a suffix of the word.
    """
    out = [word]
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p):]
            if p.endswith("ال") or p == "لل":
                # the stem with and without the article
                out.append("ال" + rest)
                out.append(rest)
            else:
                out.append(rest)
                if rest.startswith("ال") and len(rest) > 3:
                    out.append(rest[2:])
    seen: set[str] = set()
    uniq = []
    for w in out:
        if w not in seen:
            seen.add(w)
            uniq.append(w)
    return uniq


def script_of(text: str) -> str:
    """'ar' when Arabic letters dominate, 'en' when Latin letters do, else 'other'."""
    ar = len(ARABIC_RE.findall(text))
    la = len(LATIN_RE.findall(text))
    if ar == 0 and la == 0:
        return "other"
    return "ar" if ar >= la else "en"


_TOKEN_RE = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF'’\-]+")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Normalized word tokens with their [start, end) offsets in ``text``."""
    norm = normalize_with_index(text)
    out = []
    for m in _TOKEN_RE.finditer(norm.text):
        word = m.group(0).strip("'’-")
        if not word:
            continue
        lead = len(m.group(0)) - len(m.group(0).lstrip("'’-"))
        s, e = norm.span(m.start() + lead, m.start() + lead + len(word))
        out.append((word, s, e))
    return out
