"""Phrase matching over normalized tokens, shared by the actor, trigger and count lexicons.

A phrase is a sequence of words written as an analyst would write them; it is normalized with
``geo.arabic.normalize`` so «الأمريكية» and «الامريكيه» are one word. A word ending in ``*`` is a
prefix (``اعتقل*`` matches «اعتقلت», «اعتقلوا»). The first word of a phrase also matches after
the clitics و ف ب ل ك and the article ال (``geo.arabic.strip_clitics``): «وبقوات» finds «قوات».

With ``morphology="full"`` (event triggers) an Arabic word also matches its inflected forms and,
for a verb, its regular verbal noun (``events.morphology``): «اعتقل» finds «اعتقلوهم»,
«يعتقلون», «اعتقال»; a prefix ``اجتماع*`` no longer takes the adjective «الاجتماعي». With
``morphology="names"`` (actor names) only number endings are read («الحوثي» → «الحوثيون»).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import re
from typing import Any, Callable, Iterable

from events.morphology import bases, derived, prefix_ok
from geo.arabic import normalize, strip_clitics, tokens

Token = tuple[str, int, int]  # (normalized word, start, end) as from geo.arabic.tokens


@dataclass(frozen=True)
class Match:
    """A phrase found in a text: token range [i, j), character range [start, end)."""

    i: int
    j: int
    start: int
    end: int
    payload: Any
    phrase: str


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The normalized words of a lexicon phrase (``*`` kept on prefix words)."""
    words = []
    for w in normalize(phrase).replace("'", " ").replace("’", " ").split():
        star = w.endswith("*")
        # tokens() may split "u.s" into "u" "s": keep them as separate words
        parts = [tok for tok, _, _ in tokens(w.rstrip("*"))]
        if not parts:
            continue
        if star:
            parts[-1] += "*"
        words.extend(parts)
    return tuple(words)


@lru_cache(maxsize=512)
def cached_tokens(text: str) -> list[Token]:
    """``geo.arabic.tokens`` of a sentence, cached: several modules read the same sentence.
    Callers must not modify the list."""
    return tokens(text)


# Arabic diacritics and tatweel are part of a word («قُتِلَ» is one word, not three)
_RAW_WORD_RE = re.compile(r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+"
                          r"(?:['’.-](?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+)*")


@lru_cache(maxsize=200_000)
def norm_word(word: str) -> str:
    """``normalize`` of one raw word (cached)."""
    return normalize(word)


def quick_words(text: str) -> list[str]:
    """Normalized words of a raw text, found by one C-level regex (no offsets)."""
    out: list[str] = []
    for w in _RAW_WORD_RE.findall(text):
        n = norm_word(w)
        out.extend(n.replace("'", " ").replace("’", " ").replace(".", " ").replace("-", " ").split() if n else ())
        if "-" in n:
            out.append(n)
    return out


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """``strip_clitics`` for Arabic words (cached: news vocabulary repeats), the word otherwise."""
    if word and "\u0600" <= word[0] <= "\u06ff":
        return tuple(strip_clitics(word))
    return (word,)


class PhraseMatcher:
    """Find lexicon phrases in token lists; the longest match wins, matches do not overlap."""

    def __init__(self, morphology: str | None = None) -> None:
        if morphology not in (None, "full", "names"):
            raise ValueError(f"morphology must be None, 'full' or 'names', not {morphology!r}")
        self.morphology = morphology
        self._exact: dict[str, list[tuple]] = {}
        self._prefix: dict[str, list[tuple]] = {}
        self._prefix_lengths: tuple[int, ...] = ()
        self._cache: dict[str, tuple] = {}

    def _forms(self, word: str) -> frozenset[str]:
        """The base forms a lexicon word stands for: itself and (full morphology) its verbal nouns."""
        if self.morphology == "full" and not word.endswith("*"):
            return frozenset((word,) + derived(word))
        return frozenset((word,))

    def add(self, phrase: str, payload: Any, *, case_sensitive: bool = False) -> None:
        words = phrase_words(phrase)
        if not words:
            return
        forms = tuple(self._forms(w) for w in words)
        entry = (words, payload, phrase, case_sensitive, forms)
        first = words[0]
        if first.endswith("*"):
            # indexed by the whole prefix; lookups try each prefix length in use
            key = first[:-1]
            self._prefix.setdefault(key, []).append(entry)
            self._prefix_lengths = tuple(sorted({len(k) for k in self._prefix}))
        else:
            for f in forms[0]:
                self._exact.setdefault(f, []).append(entry)
        self._cache.clear()

    def _bases(self, word: str) -> tuple[str, ...]:
        if self.morphology is None:
            return (word,)
        return bases(word, self.morphology == "names")

    def _entries(self, word: str) -> tuple:
        """(candidate stem, entries) pairs for a token: every phrase that may start at it (cached)."""
        got = self._cache.get(word)
        if got is None:
            pairs = []
            for cand in stems(word):
                entries: list = []
                seen: set[int] = set()
                for b in self._bases(cand):
                    for e in self._exact.get(b, ()):
                        if id(e) not in seen:
                            seen.add(id(e))
                            entries.append(e)
                for L in self._prefix_lengths:
                    if L <= len(cand):
                        for e in self._prefix.get(cand[:L], ()):
                            if self.morphology is None or prefix_ok(cand[:L], cand):
                                entries.append(e)
                if entries:
                    pairs.append((cand, entries))
            got = tuple(pairs)
            if len(self._cache) > 300_000:
                self._cache.clear()
            self._cache[word] = got
        return got

    def may_match(self, words: Iterable[str]) -> bool:
        """Whether any phrase could start at one of these normalized words (a cheap test that
        lets big inputs skip tokenizing sentences with nothing to find)."""
        return any(self._entries(w) for w in words)

    def _candidates(self, word: str) -> tuple[str, ...]:
        return stems(word)

    def find(self, toks: list[Token], original: str | None = None,
             accept: Callable[[Match], bool] | None = None) -> list[Match]:
        """All non-overlapping matches in ``toks`` (longest first at each position)."""
        out: list[Match] = []
        i = 0
        n = len(toks)
        cache = self._cache
        while i < n:
            word = toks[i][0]
            pairs = cache.get(word)
            if pairs is None:
                pairs = self._entries(word)
            if not pairs:  # most words start no phrase
                i += 1
                continue
            best: Match | None = None
            for cand, entries in pairs:
                for words, payload, phrase, cs, forms in entries:
                    j = i + len(words)
                    if j > n:
                        continue
                    if j - i > 1 and not self._rest_ok(words, forms, toks, i):
                        continue
                    start = toks[i][1] + (len(word) - len(cand) if cand != word else 0)
                    start = min(start, toks[i][2])
                    end = toks[j - 1][2]
                    if cs and original is not None:
                        written = original[toks[i][1]:end]
                        if not any(ch.isupper() for ch in written) or written != written.upper():
                            continue
                    m = Match(i, j, start, end, payload, phrase)
                    if accept is not None and not accept(m):
                        continue
                    if best is None or (m.j - m.i) > (best.j - best.i):
                        best = m
            if best is not None:
                out.append(best)
                i = best.j
            else:
                i += 1
        return out

    def _rest_ok(self, words: tuple[str, ...], forms: tuple, toks: list[Token], i: int) -> bool:
        """Whether the tokens after the first match the phrase's other words."""
        for k in range(1, len(words)):
            p, w = words[k], toks[i + k][0]
            if p == w:
                continue
            if p[-1] == "*":
                if not w.startswith(p[:-1]) or (self.morphology is not None and not prefix_ok(p[:-1], w)):
                    return False
            elif self.morphology is None or not ("\u0600" <= w[:1] <= "\u06ff") \
                    or not any(b in forms[k] for b in self._bases(w)):
                return False
        return True


def build(entries: Iterable[tuple[str, Any]]) -> PhraseMatcher:
    """A matcher from (phrase, payload) pairs."""
    m = PhraseMatcher()
    for phrase, payload in entries:
        m.add(phrase, payload)
    return m
