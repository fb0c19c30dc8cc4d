"""The scope of a happening in its sentence: clauses, the dateline, dates, and whether a trigger
names a new happening, another one or one already reported."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

from events.dates import find_dates, tense_of
from events.extract.cues import cues
from events.schema import Article, Event, date_in_range
from events.types import Trigger, load_lexicon as type_lexicon
_DATELINE_RE = re.compile(r"^\s*([^\n\-–—|]{2,60}?)\s*(?:\([^)\n]{1,60}\))?\s*[-–—|]")


PRECISION_RANK = {"day": 5, "week": 4, "month": 3, "season": 2, "year": 1, "unknown": 0}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _published(article: Article) -> date | None:
    try:
        d = date.fromisoformat(article.published) if article.published else None
    except ValueError:
        return None
    return d if date_in_range(d) else None  # a stored publication date outside the range is unknown


def _dateline_end(text: str) -> int:
    """End offset of a dateline at the start of the body ("دمشق (وكالات) –", "BAGHDAD (Reuters) —"), or 0."""
    first = text.lstrip()[:80].split("\n", 1)[0]
    if len(first.split()) <= 5 and re.search(r"[-–—|]", first):
        return len(text) - len(text.lstrip()) + len(first)  # «شفق نيوز- دمشق» on a line of its own
    m = _DATELINE_RE.match(text[:120])
    if not m or len(m.group(1).split()) > 5:
        return 0
    return m.end()


def _dates(text: str, published: date | None) -> list[Any]:
    if not text:
        return []
    return list(find_dates(text, published))


def _tense(text: str) -> str:
    t = tense_of(text)
    return t if t in ("past", "ongoing", "planned") else "past"


def _clause_of(spans: list[tuple[int, int]], pos: int) -> int:
    for k, (a, b) in enumerate(spans):
        if a <= pos < b:
            return k
    return max(0, len(spans) - 1)


def _prev_words(text: str, pos: int, n: int = 2) -> list[str]:
    words = re.findall(r"[\w\u0600-\u06FF]+", text[max(0, pos - 40):pos])
    return words[-n:]


def _since(stext: str, d: Any) -> bool:
    """«منذ بداية العام», "since January": a date that opens a span (to count in), not a happening's."""
    return bool(cues().since_start.match(d.text) or cues().since_before.search(stext[max(0, d.start - 8):d.start]))


def _adverbial(stext: str, span: tuple[int, int], dates: list[Any]) -> bool:
    """A clause that is little more than a date («ففي عام 2024 وحده», "In 2024 alone")."""
    text = stext[span[0]:span[1]]
    for d in sorted(dates, key=lambda d: -d.start):
        a, b = d.start - span[0], d.end - span[0]
        text = text[:max(0, a)] + " " + text[max(0, b):]
    words = re.findall(r"[\w\u0600-\u06FF]+", text)
    return len(words) <= 3


def _quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation (the speaker is outside it)."""
    before = text[:pos]
    for o, c in (("«", "»"), ("“", "”")):
        if before.count(o) > before.count(c):
            return True
    return before.count('"') % 2 == 1


def _second_happenings(triggers: list[Trigger], live: list[Trigger], spans: list[tuple[int, int]],
                       date_mentions: list[Any]) -> list[Trigger]:
    """Another trigger of a type already reported, in a clause with a date of its own, is another
    happening: "strikes on Friday … for a drone strike … last Sunday"."""
    def dated_clause(pos: int) -> tuple[int, Any]:
        k = _clause_of(spans, pos)
        for d in date_mentions:
            # (a date that runs into the clause counts: "three days | after an attack")
            if getattr(d, "date_start", None) is not None and d.start < spans[k][1] and d.end > spans[k][0]:
                return k, (d.date_start, d.date_end)
        return k, None

    out: list[Trigger] = []
    kept = {(t.event_type, _clause_of(spans, t.start)): dated_clause(t.start)[1] for t in live}
    absorbs = type_lexicon().absorbs
    for t in triggers:
        if t.cancelled or t.echo or t.event_type == "statement" or t in live:
            continue
        # «قتل ثلاثة جنود بانفجار عبوة أمس، بعد ثلاثة أيام من هجوم مماثل»: a trigger of a type the
        # sentence's happening absorbs, in a clause of its own with another date, is another happening
        over = [lt for lt in live if t.event_type in absorbs.get(lt.event_type, ()) and not t.weak]
        if over and not any(lt.event_type == t.event_type for lt in live):
            k, when = dated_clause(t.start)
            elsewhere = [(d.date_start, d.date_end) for d in date_mentions if getattr(d, "date_start", None) is not None
                         and not (d.start < spans[k][1] and d.end > spans[k][0])]
            # («ضربات جوية استهدفته مساء السبت»: the absorbing kind in the same clause names it)
            kinds = {lt.event_type for lt in over}
            if when is not None and elsewhere and when not in elsewhere \
                    and not any(o.event_type in kinds and _clause_of(spans, o.start) == k for o in triggers):
                out.append(dataclasses.replace(t, second=True))
                kept[(t.event_type, k)] = when
            continue
        same = [lt for lt in live if lt.event_type == t.event_type]
        if not same or (t.weak and not all(lt.weak for lt in same)):
            continue
        k, when = dated_clause(t.start)
        if (t.event_type, k) in kept and t.event_type != "statement":
            # «… اعتقال المتهم الثاني بعد اعتقال المتهم الأول مساء أمس»: a date of its own right
            # after the second trigger of a clause dates another happening
            own = [d for d in date_mentions if getattr(d, "date_start", None) is not None
                   and t.end <= d.start <= t.end + 40 and not any(t.end <= o.start < d.start for o in triggers)]
            if own and (own[0].date_start, own[0].date_end) != kept[(t.event_type, k)] and kept[(t.event_type, k)] is not None \
                    and all(lt.start < t.start for lt in same):
                out.append(dataclasses.replace(t, second=True))
            continue
        if when is None:
            continue
        if any(v == when for (ty, _), v in kept.items() if ty == t.event_type):
            continue
        out.append(dataclasses.replace(t, second=True))
        kept[(t.event_type, k)] = when
    return out


def _generic(ev: Event, trig: Trigger) -> bool:
    """A plural trigger with no date, place or count is a trend or a habit («اجتماعات اللجان
    تركز على…», "attacks on bases"), not a happening the text reports."""
    word = trig.text
    c = cues()
    plural = word.endswith(c.plural_ar) or word.lower().endswith(c.plural_en) and word.isascii()
    return plural and ev.date_text is None and ev.place_id is None and not ev.counts and not trig.echo


def _distinct(stext: str, trig: Trigger) -> bool:
    """"In another incident", «هجوم آخر»: explicitly not a happening reported before (a connective
    like «على الجانب الآخر» does not count)."""
    window = cues().connective.sub(" ", stext[max(0, trig.start - 60):trig.end + 12])
    if cues().distinct.search(window):
        return True
    # "had previously deployed", «هاجموا منازل …، في وقت سابق»: an earlier happening, in its
    # clause ("had earlier announced plans for the offensive …": a definite one is the known one)
    if _anaphoric(stext, trig):
        return False
    before = re.split(r"[.;:!?؛؟]", stext[max(0, trig.start - 40):trig.start])[-1]
    after = re.split(r"[.;:!?؛؟]", stext[trig.end:trig.end + 50])[0]
    return bool(cues().earlier.search(before + " " + stext[trig.start:trig.end] + " " + after))


def _anaphoric(stext: str, trig: Trigger) -> bool:
    """A definite singular trigger («الاجتماع», "the meeting") or one followed by «المشار إليه»,
    «المذكور», «نفسه» points back to a happening."""
    if cues().back_reference.match(stext, trig.end):
        return True
    c = cues()
    word = trig.text
    if word.startswith(c.definite_prefixes) and not word.endswith(c.plural_ar):
        return True
    if word.lower().startswith(c.definite_en):
        return True
    before = stext[max(0, trig.start - 6):trig.start].lower()
    return before.endswith(c.definite_before)
