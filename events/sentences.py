"""Arabic and English sentence splitting with character offsets.

A sentence ends at a line break, or at ``. ! ? ؟ ؛ …`` followed by space (a closing quote or
bracket right after the mark stays with the sentence), or at ``. ! ? ؟`` glued to the next
sentence's first word as scraped pages often have it («إصابات.وقال», "operations.In") — between
two words of letters, the next one Arabic or a capitalised word, and not inside a URL or an
e-mail address. It does not end

- inside « » or “ ” quotes that close on the same line (quoted speech is part of the sentence
  that reports it),
- after an abbreviation ("U.S.", "Mr.", "Jan.", single capitals as in "J. Smith"),
- inside a number ("3.5", "1.000").

The Arabic comma ، separates clauses, not sentences; :func:`clauses` splits on it.
Fragments too short to report anything («فى السياق ذاته؛») are joined to the next sentence so
that its words (a date, a place) are not lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


# Candidate ends: runs of terminators, then closing quotes/brackets, then space or end of text.
_END_RE = re.compile(r"[.!?؟؛…]+[\"'”’»)\]]*(?=\s|$)|\n|(?<=[^\W\d_]{2})[.!?؟](?=[^\W\d_])")
_OPEN_CLOSE = {"«": "»", "“": "”"}
# Words that end with a period without ending the sentence (lower-cased, without the period).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt st jr sr no nos vs etc inc ltd co corp dept gov sen rep "
    "jan feb mar apr jun jul aug sep sept oct nov dec approx est fig al e.g i.e u.s u.k u.n a.m p.m "
    "d.c st brig adm cmdr".split()
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_MIN_TOKENS = 5  # shorter fragments ending in ; or : are joined to the next sentence
_MAX_QUOTE = 1500  # a quote still open after this many characters is treated as unbalanced


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation rather than a sentence."""
    m = _WORD_BEFORE_RE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    if len(word) == 1 and m.group(1).isupper():  # initials: "J. Smith", "U."
        return True
    if "." in word:  # "U.S", "e.g"
        return True
    return word in _ABBREVIATIONS


def _arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _glued_end(text: str, dot: int) -> bool:
    """Whether a mark at ``dot`` with a letter right after it ends a sentence glued to the next
    («إصابات.وقال», "operations.In"): an Arabic word or a capitalised word follows, and the run
    of text around it is no URL, e-mail address or file name ("news.com", "x@y.org")."""
    nxt = text[dot + 1]
    lo = dot
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = dot + 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    run = text[lo:hi].lower()
    if "/" in run or "@" in run or run.startswith(("www", "http")):
        return False
    if _arabic(nxt):
        return True
    # a capitalised word (not an acronym or initials: "U.S.Army", "ISIS.IS")
    return nxt.isupper() and dot + 2 < len(text) and text[dot + 2].islower()


def _quote_closes(text: str, pos: int, close: str) -> bool:
    """Whether a quote opened before ``pos`` closes later on the same line (within bounds)."""
    limit = min(len(text), pos + _MAX_QUOTE)
    nl = text.find("\n", pos, limit)
    stop = nl if nl != -1 else limit
    return text.find(close, pos, stop) != -1


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets index into ``text`` and whitespace is trimmed."""
    if not text:
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    # Track open « » / “ ” quotes incrementally: only quote characters between the last
    # boundary candidate and this one matter, so the scan stays linear on big inputs.
    depth: list[str] = []
    scanned = 0
    quote_re = re.compile(r"[«»“”\n]")
    for m in _END_RE.finditer(text):
        if m.group(0) != "\n":
            for q in quote_re.finditer(text, scanned, m.start()):
                ch = q.group(0)
                if ch == "\n":
                    depth.clear()
                elif ch in _OPEN_CLOSE:
                    depth.append(_OPEN_CLOSE[ch])
                elif depth and depth[-1] == ch:
                    depth.pop()
            scanned = m.start()
            mark = m.group(0)
            if depth and not any(c in mark for c in "»”") and _quote_closes(text, m.end(), depth[-1]):
                continue
            if mark.startswith(".") and len(mark.rstrip("\"'”’»)]")) == 1 and _is_abbreviation(text, m.start()):
                continue
            if m.end() < len(text) and not text[m.end()].isspace() and not _glued_end(text, m.start()):
                continue
        else:
            depth.clear()
            scanned = m.end()
        end = m.end() if m.group(0) != "\n" else m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))

    out: list[Sentence] = []
    pending: tuple[int, int] | None = None
    for s, e in spans:
        # trim whitespace
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if pending is not None:
            # only join within one line: a short line (a title, a byline) stays on its own
            if "\n" not in text[pending[0]:s]:
                s = pending[0]
            else:
                out.append(Sentence(pending[0], pending[1], text[pending[0]:pending[1]]))
            pending = None
        frag = text[s:e]
        if len(frag.split()) < _MIN_TOKENS and frag[-1:] in ";؛:" :
            pending = (s, e)
            continue
        out.append(Sentence(s, e, frag))
    if pending is not None:
        out.append(Sentence(pending[0], pending[1], text[pending[0]:pending[1]]))
    return out


_CLAUSE_RE = re.compile(
    r"[،,;؛:(]\s*|\s+(?=(?:حيث|بينما|فيما|في حين|و?بعد أن|قبل أن|خاصة أن|خصوصا أن|لا سيما|إذ|لأن|مثلما|كما حدث|كما جرى"
    r"|where|while|after|before|because|as happened|like the one)\s)")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """[start, end) spans of the clauses of a sentence (split at commas and linking words)."""
    spans = []
    start = 0
    for m in _CLAUSE_RE.finditer(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans or [(0, len(sentence))]
