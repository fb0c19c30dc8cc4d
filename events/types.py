"""Event types: which happenings a sentence reports, from ``data/lexicons/event_types.yaml``.

A sentence reports a happening only through a trigger word of the lexicon. A trigger is
cancelled when a negation, hypothesis/fear or habit cue precedes it closely in the same clause
(«لم يتم اعتقال», «احتمالية وقوع هجمات», "could attack", «بشكل دوري هجمات»). A cancelled trigger
comes back, as a past happening, after a comparison with one that took place («مخاوف من هجمات
مثلما حدث في موسكو»). "Foiled"/"plot" cues mark the happening as planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from events.matcher import PhraseMatcher, Token, stems
from events.schema import ACLED_MAPPING, EVENT_TYPES
from geo.arabic import normalize, tokens

LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "event_types.yaml"
CUE_WINDOW = 4  # tokens before a trigger in which a cue applies
_CLAUSE_BREAK = set(",;.:?!،؛؟()«»\"“”")
# «لا يزال» = still, «لم تتوقف» = never stopped: continuation, not negation
_STILL = {normalize(w) for w in "يزال تزال زال زالت يزالون تنقطع ينقطع تتوقف يتوقف تهدا يهدا stop stopped ceased".split()}
_RESULT = {normalize(w) for w in "يسفر تسفر يسفرا يؤد تسجل يسجل".split()}  # «لم يسفر عن قتلى»: the counts are negated


_DENIALS = {normalize(w) for w in "نفى نفت ينفي تنفي نفوا denied denies".split()}


class LexiconError(ValueError):
    """A malformed event-type lexicon."""


@dataclass(frozen=True)
class Trigger:
    """A trigger word found in a text, with what cancels or qualifies it."""

    start: int
    end: int
    text: str
    event_type: str
    priority: int
    weak: bool = False
    cancelled: str | None = None  # "negated" | "hypothetical" | "habitual"
    planned: bool = False  # a foiled, plotted or intended happening
    echo: bool = False  # reported again after a comparison («مثلما حدث …»)
    token: int = 0
    second: bool = False  # another happening of a type the sentence already reports
    label: str | None = None  # English name of the happening ("Olympic Games", "summit") for headlines


@dataclass
class TypeLexicon:
    triggers: PhraseMatcher
    cues: PhraseMatcher
    priority: dict[str, int]
    absorbs: dict[str, set[str]]
    acled: dict[str, tuple[str, str]]
    # per type: words one of which must be in the text for its `contextual` triggers to count
    context: dict[str, PhraseMatcher] = field(default_factory=dict)


def _check(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise LexiconError(f"{path}: expected a mapping with a 'types' section")
    for name, spec in data["types"].items():
        if name not in EVENT_TYPES:
            raise LexiconError(f"{path}: type {name!r} is not one of {', '.join(EVENT_TYPES)}")
        if not isinstance(spec, dict) or not (spec.get("ar") or spec.get("en") or spec.get("labels")):
            raise LexiconError(f"{path}: type {name!r} needs Arabic or English triggers (ar:, en: or labels:)")
        acled = spec.get("acled")
        if not (isinstance(acled, list) and len(acled) == 2):
            raise LexiconError(f"{path}: type {name!r} needs acled: [event type, sub-event type]")
        for key in ("ar", "en", "weak", "absorbs", "contextual", "context"):
            v = spec.get(key, [])
            if not isinstance(v, list) or not all(isinstance(w, str) and w.strip() for w in v):
                raise LexiconError(f"{path}: type {name!r}: {key} must be a list of words")
        labels = spec.get("labels", {})
        if not isinstance(labels, dict) or not all(
                isinstance(k, str) and k.strip() and isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)
                for k, v in labels.items()):
            raise LexiconError(f"{path}: type {name!r}: labels must map an English label to a list of trigger words")


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> TypeLexicon:
    """The compiled trigger lexicon (cached)."""
    p = Path(path) if path else LEXICON
    with open(p, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    _check(data, p)
    triggers = PhraseMatcher(morphology="full")
    context: dict[str, PhraseMatcher] = {}
    priority: dict[str, int] = {}
    absorbs: dict[str, set[str]] = {}
    acled: dict[str, tuple[str, str]] = {}
    for name, spec in data["types"].items():
        priority[name] = int(spec.get("priority", 0))
        absorbs[name] = set(spec.get("absorbs", []))
        acled[name] = tuple(spec["acled"])  # type: ignore[assignment]
        # labelled triggers first: of two equally long matches the first added wins
        for label, words in (spec.get("labels") or {}).items():
            for w in words:
                cs = w.isascii() and w.isupper() and len(w) <= 5
                triggers.add(w, (name, False, label), case_sensitive=cs)
        for w in spec.get("ar", []):
            triggers.add(w, (name, False))
        for w in spec.get("en", []):
            cs = w.isupper() and len(w) <= 5
            triggers.add(w, (name, False), case_sensitive=cs)
        for w in spec.get("weak", []):
            triggers.add(w, (name, True))
        if spec.get("contextual"):
            if not spec.get("context"):
                raise LexiconError(f"{p}: type {name!r}: contextual triggers need context words (context:)")
            ctx = PhraseMatcher()
            for w in spec["context"]:
                ctx.add(w, name)
            context[name] = ctx
            for w in spec["contextual"]:
                triggers.add(w, (name, False, None, True))
    cues = PhraseMatcher()
    for kind in ("negation", "hypothetical", "habitual", "foiled", "comparison"):
        section = data.get(kind) or {}
        for w in section.get("ar", []) + section.get("en", []):
            cues.add(w, kind)
    return TypeLexicon(triggers, cues, priority, absorbs, acled, context)


def acled_of(event_type: str) -> tuple[str, str]:
    """ACLED (event type, sub-event type) for a Marsad type."""
    return load_lexicon().acled.get(event_type) or ACLED_MAPPING.get(event_type, ACLED_MAPPING["other"])


def _clause_ids(text: str, toks: list[Token]) -> list[int]:
    """A clause number per token: punctuation between two tokens starts a new clause."""
    ids = []
    cid = 0
    prev_end = 0
    for _, s, e in toks:
        if any(ch in _CLAUSE_BREAK for ch in text[prev_end:s]):
            cid += 1
        ids.append(cid)
        prev_end = e
    return ids


def find_triggers(text: str, toks: list[Token] | None = None) -> list[Trigger]:
    """Every trigger of ``text`` with its cancellation and planned flags, in text order."""
    lex = load_lexicon()
    if toks is None:
        toks = tokens(text)
    if not toks:
        return []
    clause = _clause_ids(text, toks)
    cue_at: dict[int, str] = {}
    cue_end: dict[int, int] = {}
    for m in lex.cues.find(toks, text):
        kind = m.payload
        if kind == "negation":
            nxt = toks[m.j][0] if m.j < len(toks) else ""
            if nxt in _STILL or nxt in _RESULT:
                continue
        cue_at[m.i] = kind
        cue_end[m.i] = m.j
    comparisons = sorted(i for i, k in cue_at.items() if k == "comparison")
    out: list[Trigger] = []
    has_context: dict[str, bool] = {}
    # a denial verb («نفت», "denied") is a negation cue for what follows and a statement itself
    for m in lex.triggers.find(toks, text, accept=lambda mm: mm.i not in cue_at or cue_at[mm.i] != "negation"
                               or mm.payload[0] == "statement"):
        etype, weak = m.payload[0], m.payload[1]
        label = m.payload[2] if len(m.payload) > 2 else None
        if len(m.payload) > 3 and m.payload[3]:
            # «لاذوا بالفرار», "fled the scene": an escape is a prison break only about a prison
            if etype not in has_context:
                has_context[etype] = bool(lex.context[etype].find(toks, text))
            if not has_context[etype]:
                continue
        cancelled = None
        planned = False
        for k in range(max(0, m.i - CUE_WINDOW - 4), m.i):
            kind = cue_at.get(k)
            if kind is None or cue_end[k] > m.i:
                continue
            # a denial («نفت … هزيمة») reaches over a dateline in brackets; other cues stay close
            denial = kind == "negation" and any(w in _DENIALS for w in stems(toks[k][0]))
            if not denial and (clause[k] != clause[m.i] or k < m.i - CUE_WINDOW):
                continue
            if kind in ("negation", "hypothetical", "habitual"):
                if etype == "statement" and kind != "negation":
                    continue  # «حذر من هجمات»: the warning itself took place
                # a comparison between the cue and the trigger ends the cue's scope
                if any(k < c < m.i for c in comparisons):
                    continue
                cancelled = {"negation": "negated"}.get(kind, kind)
            elif kind == "foiled":
                planned = True
        # «أحبطت … عملية … كان يتم التخطيط لها»: a foiling verb earlier in the sentence
        if not planned and any(kind == "foiled" and k < m.i for k, kind in cue_at.items()):
            planned = etype in ("attack", "bombing", "airstrike", "prison_break", "other")
        t = Trigger(m.start, m.end, text[m.start:m.end], etype, lex.priority.get(etype, 0), weak, cancelled, planned,
                    token=m.i, label=label)
        out.append(t)
        if cancelled == "hypothetical" and etype != "statement":
            later = [c for c in comparisons if c > m.i]
            if later:
                c = later[0]
                s, e = toks[c][1], toks[cue_end[c] - 1][2]
                out.append(Trigger(s, e, text[s:e], etype, t.priority, weak, None, False, echo=True, token=c, label=label))
    return out


def sentence_types(text: str, triggers: list[Trigger] | None = None) -> list[Trigger]:
    """The triggers that name happenings of ``text``: one per type, absorbed types removed.

    Cancelled triggers are dropped; weak triggers only count when no strong one is present.
    Returned best first (priority, then position).
    """
    lex = load_lexicon()
    trigs = [t for t in (triggers if triggers is not None else find_triggers(text)) if t.cancelled is None]
    strong = [t for t in trigs if not t.weak]
    # a statement and a weak trigger («أعلنت … مقتل زعيم التنظيم»): the killing is the happening
    if strong and all(t.event_type == "statement" for t in strong) and any(t.weak for t in trigs):
        strong = trigs
    pool = strong or trigs
    # one happening per type; a happening recalled by a comparison («مثلما حدث …») is its own
    by_type: dict[tuple[str, bool], Trigger] = {}
    for t in pool:
        by_type.setdefault((t.event_type, t.echo), t)
    present = {k[0] for k in by_type}
    for key in list(by_type):
        t = key[0]
        if any(t in lex.absorbs.get(o, set()) for o in present if o != t):
            # a planned attack is its own happening beside an arrest (a foiled plot)
            if t == "attack" and by_type[key].planned and "arrest" in present:
                continue
            del by_type[key]
    return sorted(by_type.values(), key=lambda t: (-t.priority, t.start))
