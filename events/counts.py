"""Counts: numbers bound to what they count («ألقت القبض على ٢٥ عنصرا» → arrested 25).

A number (digits in any script, or number words with compounds: «خمسة عشر», «ثلاثة وعشرين»,
«9 آلاف», "twenty-five") becomes a count only when a word next to it says what it counts:

- a noun right after it («٢٥ قتيلا», "294 attacks", «ثلاثة من عناصر» → generic, see below);
- a verb or verbal noun right before it («مقتل ثلاثة», "killed three", «القبض على 25»);
- a generic noun for people («عنصرا», "people") takes its key from a verb after it ("four people
  were killed") or from the event type (people in an arrest are arrested).

Years, ages, article numbers, hours, percentages, distances and numbers inside a date are not
counts; a dual noun is a count of two («عنصرين»). Counts in a negated result («لم يسفر عن قتلى»)
are dropped. Vague words (عشرات، مئات، "dozens") give ACLED's lowest estimate only when asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from events.matcher import PhraseMatcher, Token, cached_tokens, stems
from geo.arabic import normalize
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("counts.yaml")
# What people in an event of each type are, when nothing else says.
DEFAULT_KEY = {"arrest": "arrested", "deployment": "troops", "prison_break": "escaped", "displacement": "repatriated"}
_LINK = {normalize(w) for w in "من of آخرين آخرون اخرين other others additional more قرابة نحو about".split()}
_NEG_RESULT = re.compile(r"(?:لم|ولم|دون|بدون|without|no)\s+(?:\S+\s+){0,2}?(?:يسفر|تسفر|يسفرا|تسجيل|يؤد|casualties|injuries)")


@dataclass(frozen=True)
class Count:
    """A number bound to a key, with the words that gave it."""

    key: str
    value: int
    start: int
    end: int
    text: str
    vague: bool = False


@dataclass
class _Lexicon:
    numbers: dict[str, int]
    multipliers: dict[str, int]
    vague: PhraseMatcher
    duals: dict[str, str | None]
    nouns: PhraseMatcher
    verbs: PhraseMatcher
    generic: PhraseMatcher
    not_before: set[str]
    not_after: set[str]
    teens: set[str]
    joiners: set[str]
    bounds: PhraseMatcher
    values: dict[str, int | None] = field(default_factory=dict)  # number words read so far


@cached(LEXICON)
def load_lexicon(p: Path) -> _Lexicon:
    """The compiled counts lexicon (cached on the file); ``path`` defaults to ``counts.yaml``."""
    data = read_yaml(p, "the counts lexicon")
    numbers = {normalize(str(k)): int(v) for lang in ("ar", "en") for k, v in data["numbers"][lang].items()}
    multipliers = {normalize(str(k)): int(v) for k, v in data["multipliers"].items()}
    vague = PhraseMatcher()
    for k, v in data["vague"].items():
        vague.add(str(k), int(v))
    duals = {normalize(str(k)): v for k, v in data["duals"].items()}
    nouns, verbs, generic = PhraseMatcher(), PhraseMatcher(), PhraseMatcher()
    for key, spec in data["keys"].items():
        for w in spec.get("nouns", []):
            nouns.add(str(w), key)
        for w in spec.get("verbs", []):
            verbs.add(str(w), key)
    for w in data["generic"]:
        generic.add(str(w), None)
    nc = data["not_counts"]
    bounds = PhraseMatcher()
    for w in data["bounds"]:
        bounds.add(str(w), None)
    return _Lexicon(numbers, multipliers, vague, duals, nouns, verbs, generic,
                    {normalize(str(w)) for w in nc["before"]}, {normalize(str(w)) for w in nc["after"]},
                    {normalize(str(w)) for w in data["compounds"]["teens"]},
                    {normalize(str(w)) for w in data["compounds"]["joiners"]}, bounds)


def _stems(word: str) -> tuple[str, ...]:
    return stems(word)


def _word_value(word: str, lex: _Lexicon) -> int | None:
    """The value of one number word (clitics stripped, "twenty-five" joined), or None (cached:
    every token of a sentence is asked)."""
    try:
        return lex.values[word]
    except KeyError:
        v = lex.values[word] = _read_value(word, lex)
        return v


def _read_value(word: str, lex: _Lexicon) -> int | None:
    parts = word.split("-")
    if len(parts) == 2 and all(p in lex.numbers for p in parts):  # twenty-five
        return lex.numbers[parts[0]] + lex.numbers[parts[1]]
    for cand in _stems(word):
        if cand in lex.numbers:
            return lex.numbers[cand]
        if cand.isdigit():  # «و10», «بـ121»
            return int(cand)
    if word[-1:].isdigit():
        rest = word.lstrip("وفبلك")
        if rest.isdigit() and len(word) - len(rest) <= 2:  # «و5»: one digit is too short for strip_clitics
            return int(rest)
    return None


def _joined(toks: list[Token], j: int, lex: _Lexicon) -> tuple[int, int] | None:
    """(value, tokens used) of a number word that continues a compound at token ``j``:
    «وخمسمائة», "and fifty", or a bare English word after a scale ("thousand five")."""
    w = toks[j][0]
    if w.startswith("و") and w[1:] in lex.numbers:
        return lex.numbers[w[1:]], 1
    if w in lex.joiners and j + 1 < len(toks):
        v = _word_value(toks[j + 1][0], lex) if not toks[j + 1][0].isdigit() else None
        return (v, 2) if v is not None else None
    if w.isascii() and not w.isdigit():
        v = _word_value(w, lex)
        return (v, 1) if v is not None else None
    return None


def _number_at(toks: list[Token], i: int, lex: _Lexicon) -> tuple[int, int] | None:
    """(value, next token index) of a number starting at token ``i``, or None.

    Number words are read as a compound, the way they are said: units and tens («ثلاثة
    وعشرين»), teens («خمسة عشر»), scales that multiply what came before («ثلاثة آلاف»,
    "two hundred") and smaller parts joined after a larger one («ألف وخمسمائة» = 1500,
    «مئة وخمسين» = 150, "two hundred and fifty" = 250). Two numbers side by side that do not
    form a compound («اثنين وثلاثة») stay apart.
    """
    word = toks[i][0]
    n = len(toks)
    j = i + 1
    if word.isdigit():
        value = int(word)
        # digit groups written with separators: "2,000", «١٬٠٠٠» (tokens split at the comma)
        while j < n and toks[j][0].isdigit() and len(toks[j][0]) == 3 and toks[j][1] - toks[j - 1][2] == 1:
            value = value * 1000 + int(toks[j][0])
            j += 1
        if j < n and toks[j][0] in lex.multipliers and value < lex.multipliers[toks[j][0]]:
            value *= lex.multipliers[toks[j][0]]  # «9 آلاف», "2 million"
            j += 1
        return value, j
    first = _word_value(word, lex)
    if first is None:
        return None
    if word[-1:].isdigit():
        return first, j
    total, current, last = 0, first, first  # last: the size of the part read last
    while j < n:
        w = toks[j][0]
        if last < 10 and w in lex.teens:  # «خمسة عشر»
            current += 10
            last = current
            j += 1
            continue
        mult = lex.multipliers.get(w)
        if mult and 0 < current < mult:  # «ثلاثة آلاف», "two hundred", «مئة ألف»
            if mult >= 1000:
                total, current = total + current * mult, 0
            else:
                current *= mult
            last = mult
            j += 1
            continue
        got = _joined(toks, j, lex)
        if got is None:
            break
        v, used = got
        if not ((last >= 100 and v < last) or (last < 10 and v in range(20, 100, 10))):
            break  # «اثنين وثلاثة», "three and five": two numbers, not one
        current += v
        last = v
        j += used
    return total + current, j


@lru_cache(maxsize=64)
def _index(text: str) -> tuple[list[Token], dict, dict, dict, list[tuple[int, int]]]:
    """Tokens and where count nouns and verbs are, for a sentence (cached: several events of one
    sentence read its counts)."""
    lex = load_lexicon()
    toks = cached_tokens(text)  # normalization turns Arabic-Indic and Persian digits into ASCII
    noun_at = {m.i: m for m in lex.nouns.find(toks, text)}
    verb_at = {m.j: m for m in lex.verbs.find(toks, text)}  # keyed by the token after the verb
    verb_tokens = {m.i: m for m in verb_at.values()}
    # a bound between the verb and the number is transparent: «قتل ما لا يقل عن 19», "killed at least 19"
    for b in lex.bounds.find(toks, text):
        if b.i in verb_at:
            verb_at.setdefault(b.j, verb_at[b.i])
    neg_zones = [(m.start(), m.end() + 40) for m in _NEG_RESULT.finditer(text)]
    return toks, noun_at, verb_at, verb_tokens, neg_zones


def find_counts(text: str, *, event_type: str | None = None, exclude: Iterable[tuple[int, int]] = (),
                vague: bool = False) -> list[Count]:
    """Counts in ``text`` (a sentence). ``exclude``: spans that hold dates."""
    lex = load_lexicon()
    toks, noun_at, verb_at, verb_tokens, neg_zones = _index(text)
    spans = list(exclude)
    out: list[Count] = []
    i = 0
    n = len(toks)
    while i < n:
        word = toks[i][0]
        dual = next((c for c in _stems(word) if c in lex.duals), None)
        if dual is not None:
            key = lex.duals[dual] or _key_from_context(toks, i, i + 1, verb_at, noun_at, verb_tokens, event_type)
            if key and not any(a <= toks[i][1] <= b for a, b in neg_zones):
                out.append(Count(key, 2, toks[i][1], toks[i][2], text[toks[i][1]:toks[i][2]]))
            i += 1
            continue
        got = _number_at(toks, i, lex)
        if got is None:
            i += 1
            continue
        value, j = got
        s, e = toks[i][1], toks[j - 1][2]
        if not word[:1].isdigit() and word[-1:].isdigit():  # «و١٢»: leave the clitic out
            s = e - len(word.lstrip("وفبلك")) if j == i + 1 else s
        i_next = j
        prev = toks[i - 1][0] if i > 0 else ""
        nxt = toks[j][0] if j < n else ""
        if any(s < b and a < e for a, b in spans) or value <= 0:
            i = i_next
            continue
        if prev in lex.not_before or _stems(prev)[-1] in lex.not_before or nxt in lex.not_after \
                or _stems(nxt)[-1] in lex.not_after or text[e:e + 1] in ("%", "٪"):
            i = i_next
            continue
        key = _key_from_context(toks, i, j, verb_at, noun_at, verb_tokens, event_type)
        if key is None:
            i = i_next
            continue
        if 1900 <= value <= 2100 and word.isdigit() and j not in noun_at and not (j + 1 < n and toks[j][0] in _LINK):
            i = i_next  # a year, unless a noun says otherwise
            continue
        if any(a <= s <= b for a, b in neg_zones):
            i = i_next
            continue
        out.append(Count(key, value, s, e, text[s:e]))
        i = i_next
    if vague:
        for m in lex.vague.find(toks, text):
            if any(m.start < b and a < m.end for a, b in spans) or any(c.start == m.start for c in out):
                continue
            key = _key_from_context(toks, m.i, m.j, verb_at, noun_at, verb_tokens, event_type)
            if key:
                out.append(Count(key, m.payload, m.start, m.end, text[m.start:m.end], vague=True))
    return out


def _key_from_context(toks: list[Token], i: int, j: int, verb_at: dict, noun_at: dict, verb_tokens: dict,
                      event_type: str | None) -> str | None:
    """What the number spanning tokens [i, j) counts."""
    n = len(toks)
    # a verb right before the number: «مقتل ثلاثة», "killed three", «القبض على ٢٥»
    if i in verb_at:
        return verb_at[i].payload
    k = j
    hops = 0
    # skip linking words and (in English) modifiers: «ثلاثة من عناصر», "350 U.S. Army personnel"
    while k < n and hops < 8 and k not in noun_at and (toks[k][0] in _LINK or (toks[k][0].isascii() and hops < 7
                                                          and not toks[k][0].isdigit() and not _is_generic(toks[k][0])
                                                          and k not in verb_tokens)):
        k += 1
        hops += 1
    if k in noun_at:
        key = noun_at[k].payload
        if key == "troops":  # "two soldiers were killed": what happened to them
            for q in range(noun_at[k].j, min(n, noun_at[k].j + 3)):
                if q in verb_tokens and verb_tokens[q].payload in ("killed", "injured", "arrested"):
                    return verb_tokens[q].payload
        return key
    # a verb a little before, in the same stretch: «قتلت قوات الأمن ثلاثة»
    for back in range(i - 1, max(-1, i - 4), -1):
        if toks[back][0].isdigit():
            break
        if back in verb_at:
            return verb_at[back].payload
    k = j
    while k < n and toks[k][0] in _LINK and k - j < 2:
        k += 1
    if k < n and _is_generic(toks[k][0]):
        # "four people were killed", «٢٥ عنصرا … اعتقلوا»: a verb shortly after the noun
        for q in range(k + 1, min(n, k + 4)):
            if q in verb_tokens:
                return verb_tokens[q].payload
            if q in noun_at:
                return noun_at[q].payload
        return DEFAULT_KEY.get(event_type or "")
    return None


def _is_generic(word: str) -> bool:
    return bool(load_lexicon().generic._entries(word))


def counts_of(text: str, *, event_type: str | None = None, exclude: Iterable[tuple[int, int]] = (),
              vague: bool = False) -> dict[str, int]:
    """{key: value} for a sentence; the first number wins when a key is counted twice ("294 attacks, against 121 the year before")."""
    out: dict[str, int] = {}
    for c in find_counts(text, event_type=event_type, exclude=exclude, vague=vague):
        out.setdefault(c.key, c.value)
    return out
