"""Which day a date counted from another happening counts from, and the cue words of date choice.

A sentence like «وقبل ذلك بيومين، استهدفت قذائف …» or "This came one day after an attack …"
dates its happening from another one. That one is the happening reported last before it: a
draft event of this sentence or of the two before it, or — when a sentence told of it without
yielding an event — the last day-precise date written there. A date counted from "these
developments" («وتأتي هذه التطورات بعد ثلاثة أيام من …») counts from the story's current happening,
so background sentences («وكان الجيش قد …», «يذكر أن …») are passed over for it.

The words are in ``data/lexicons/date_choice.yaml`` (read by the one loader, geo.lexicon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("date_choice.yaml")
SECTIONS = ("conjunctions", "flashback_openers", "result_openers", "frame_openers")

# sentence k -> whether it is background, and (offset, day) of each of its day-precise dates
EarlierDays = Callable[[int], tuple[bool, Sequence[tuple[int, date]]]]


@dataclass(frozen=True)
class DateChoice:
    """The compiled cue words of date choice."""

    flashback: re.Pattern[str]  # at the start of a sentence: a background sentence
    result: re.Pattern[str]  # at the start of a clause: the outcome of the happening before it
    frame: re.Pattern[str]  # at the start of a clause: the frame of the happening before it


def _alt(words: list[str]) -> str:
    parts = sorted({re.escape(" ".join(str(w).split())).replace(r"\ ", r"\s+") for w in words if str(w).strip()},
                   key=len, reverse=True)
    return "|".join(parts) or r"(?!)"


def _words(data: dict[str, Any], section: str, p: Path) -> tuple[list[str], list[str]]:
    sec = data.get(section)
    if not isinstance(sec, dict):
        raise LexiconError(f"{p}: section {section} needs the lists ar and en")
    return [str(w) for w in sec.get("ar") or []], [str(w) for w in sec.get("en") or []]


@cached(LEXICON)
def load_date_choice(p: Path) -> DateChoice:
    """The compiled cues of a file (``load_date_choice(path=None)``: data/lexicons/date_choice.yaml)."""
    data = read_yaml(p, "the date choice lexicon")
    if not isinstance(data, dict):
        raise LexiconError(f"{p}: expected a mapping of sections")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise LexiconError(f"{p}: unknown section(s) {', '.join(unknown)} (the code reads none of them)")
    conj = rf"(?:{_alt([str(c) for c in data.get('conjunctions') or []])})?"
    fb_ar, fb_en = _words(data, "flashback_openers", p)
    res_ar, res_en = _words(data, "result_openers", p)
    fr_ar, fr_en = _words(data, "frame_openers", p)
    return DateChoice(
        # (an English one may stand among the first words: "Rebels had seized it …")
        flashback=re.compile(rf"^\s*(?:{conj}(?:{_alt(fb_ar)})(?![\w\u0600-\u06FF])|(?:[\w'’-]+,?\s+){{0,4}}(?:{_alt(fb_en)})\b)"),
        result=re.compile(rf"[\s,،]*(?:{conj}(?:{_alt(res_ar)})(?![\w\u0600-\u06FF])|(?:{_alt(res_en)})\b)",
                          re.IGNORECASE),
        frame=re.compile(rf"[\s,،]*(?:{conj}(?:{_alt(fr_ar)})(?![\w\u0600-\u06FF])|(?:{_alt(fr_en)})\b)", re.IGNORECASE),
    )


def date_choice() -> DateChoice:
    """The cues extraction reads."""
    return load_date_choice()


def flashback(stext: str) -> bool:
    """Whether a sentence opens as background («وكان … قد», «يذكر أن», "Earlier, …")."""
    return bool(date_choice().flashback.match(stext))


def anchor_day(drafts: Sequence[Any], si: int, earlier: EarlierDays, *, current: bool, here_flashback: bool) -> date | None:
    """The day of the happening a date counted from another one counts from (see the module doc).

    ``drafts`` are the events read so far (``_Draft``: ``event``, ``sentence_index``);
    ``earlier(k)`` the day-precise dates of sentence k; ``current``: counted from the story's
    current happening ("these developments"), so background sentences are passed over (unless
    the sentence is background itself, ``here_flashback``)."""
    reach = 3 if current else 2
    best: tuple[int, int, int] | None = None
    day: date | None = None
    for d in reversed(drafts):
        k = d.sentence_index
        if k < si - reach:
            break
        ev = d.event
        if k > si or ev.date_precision != "day" or not ev.date_end:
            continue
        if current and not here_flashback and flashback(ev.sentence):
            continue
        key = (k, 1, 0)
        if best is None or key > best:
            try:
                best, day = key, date.fromisoformat(ev.date_end)
            except ValueError:
                continue
    for k in range(si - 1, max(-1, si - reach - 1), -1):
        background, days = earlier(k)
        if current and background and not here_flashback:
            continue
        for pos, d_ in days:
            key = (k, 0, pos)
            if best is None or key > best:
                best, day = key, d_
    return day
