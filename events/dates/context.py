"""What every resolver shares: the candidate record, the text being read and its word context."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import overload

from events.dates.lexicon import Lexicon

PAST, ONGOING, PLANNED = "past", "ongoing", "planned"

_WS = re.compile(r"\s+")
_WORDS_BEFORE = re.compile(r"[\w\-\.]+")
_WORDS_AFTER = re.compile(r"\w+")


@dataclass
class Cand:
    """A date expression found in normalized text, before selection and merging."""

    start: int  # offsets in normalized text
    end: int
    ds: date | None
    de: date | None
    precision: str
    tense: str | None
    kind: str  # abs | rel | weekday | relday | vague | year | hijri | anaphor
    calendar: str = "gregorian"
    weekday: int | None = None  # the weekday named in the expression, if any
    first_weekday: int | None = None  # of a list of consecutive weekdays
    offset: int | None = None  # an anaphor's day offset from the date it counts from
    counts_from: str = "previous"  # or "named": see DateMention


@overload
def sub(s: str) -> str: ...
@overload
def sub(s: None) -> None: ...
def sub(s: str | None) -> str | None:
    """Collapse the spaces of a matched group («كانون   الثاني» → «كانون الثاني»)."""
    if not s or (" " not in s and "\t" not in s and "\n" not in s):
        return s
    return _WS.sub(" ", s)


def word_before(text: str, pos: int, n: int = 1) -> list[str]:
    """The n normalized words before pos (nearest last), punctuation skipped."""
    words = _WORDS_BEFORE.findall(text, max(0, pos - 60), pos)
    return words[-n:]


def words_after(text: str, pos: int, n: int = 1) -> list[str]:
    """The n normalized words after pos."""
    return _WORDS_AFTER.findall(text, pos, pos + 60)[:n]


def stems(lx: Lexicon, word: str) -> list[str]:
    """The word and the word without the proclitics of `clitics` (و/ف/ب/ل/ك, for context checks)."""
    out = [word]
    for p in lx.proclitics:
        if word.startswith(p) and len(word) > len(p) + 1:
            out.append(word[len(p):])
    return out


def dir_word(lx: Lexicon, w: str | None) -> str | None:
    """past / future / current for a direction word (الماضي, المقبل, الجاري), else None."""
    if not w:
        return None
    return lx.direction_of.get(re.sub(r"\s+", " ", w))


def dir_tense(d: str | None) -> str | None:
    """The tense hint of a direction."""
    return {"past": PAST, "future": PLANNED}.get(d or "")


def tense_norm(lx: Lexicon, norm_sentence: str) -> str:
    """The tense of a normalized sentence: planned, else ongoing, else past."""
    if lx.patterns["planned"].search(norm_sentence):
        return PLANNED
    if lx.patterns["ongoing"].search(norm_sentence):
        return ONGOING
    return PAST


class Context:
    """One pass of find_dates over a normalized text: the text, the lexicon, publication."""

    def __init__(self, lx: Lexicon, norm: str, original: str, index: tuple[int, ...], published: date | None):
        self.lx = lx
        self.t = norm
        self.orig = original
        self.index = index
        self.pub = published
        self._tense_cache: dict[int, str] = {}
        self._ends: list[int] | None = None
        self.week_of_month: tuple[int, int] | None = None  # set by the Arabic-date resolver for «الأسبوع الأول من …»

    def clause_tense(self, pos: int) -> str:
        """Tense of the sentence around pos (sentence ends found once, cached by sentence)."""
        if self._ends is None:
            self._ends = [m.start() for m in self.lx.patterns["clause_end"].finditer(self.t)]
        k = bisect.bisect_left(self._ends, pos)
        i = self._ends[k - 1] + 1 if k > 0 else 0
        if i in self._tense_cache:
            return self._tense_cache[i]
        j = self._ends[k] if k < len(self._ends) else len(self.t)
        tense = tense_norm(self.lx, self.t[i:j])
        self._tense_cache[i] = tense
        return tense

    def planned(self, pos: int, d: str | None) -> bool:
        """A future direction word, or no direction word in a planned sentence."""
        return d == "future" or (d is None and self.clause_tense(pos) == PLANNED)

    def orig_is_capital(self, npos: int) -> bool:
        """The original letter at normalized offset npos is upper-case ("May", not "may")."""
        o = self.index[npos] if npos < len(self.index) else None
        return o is not None and self.orig[o].isupper()

    def blocked_name(self, pos: int) -> bool:
        """A date inside a name: «صالة السابع من نيسان», «ساحة 14 آذار»."""
        before = word_before(self.t, pos, 1)
        return bool(before) and any(c in self.lx.sets["name_heads"] for c in stems(self.lx, before[-1]))

    def before_in(self, pos: int, section: str) -> bool:
        """The word before pos, or its stem without clitics, is one of a lexicon set."""
        before = word_before(self.t, pos, 1)
        return bool(before) and any(s in self.lx.sets[section] for s in stems(self.lx, before[-1]))
