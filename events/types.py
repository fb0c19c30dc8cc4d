"""Event types: which happenings a sentence reports, from ``data/lexicons/event_types.yaml``.

A sentence reports a happening only through a trigger word of the lexicon. A trigger is
cancelled when a negation, hypothesis/fear or habit cue precedes it closely in the same clause
(«لم يتم اعتقال», «احتمالية وقوع هجمات», "could attack", «بشكل دوري هجمات»). A cancelled trigger
comes back, as a past happening, after a comparison with one that took place («مخاوف من هجمات
مثلما حدث في موسكو»). "Foiled"/"plot" cues mark the happening as planned; a release cancels an
arrest beside it («أطلق سراح المعتقلين»).

A trigger word is not a happening at all where it is part of a name («حزب المؤتمر», "the Summit
Group"), of an idiom ("strike a deal", "in protest") or of a figurative phrase ("a verbal
attack", «هجوم إعلامي»), or where it only qualifies a thing ("a camp for the displaced",
"arrest warrant"). Some triggers take their type from the words beside them: shelling with
artillery is an attack, from the air an air strike; "captured" a town is a takeover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from events.matcher import Match, PhraseMatcher, Token, build, phrase_words, stems
from events.schema import ACLED_MAPPING, EVENT_TYPES
from geo.arabic import normalize, tokens
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, normalized, read_yaml

LEXICON = lexicon_path("event_types.yaml")
CUE_WINDOW = 4  # tokens before a trigger in which a cue applies
_CLAUSE_BREAK = set(",;.:?!،؛؟()«»\"“”")
# «لا يزال» = still, «لم تتوقف» = never stopped: continuation, not negation
_STILL = {normalize(w) for w in "يزال تزال زال زالت يزالون تنقطع ينقطع تتوقف يتوقف تهدا يهدا stop stopped ceased".split()}
_RESULT = {normalize(w) for w in "يسفر تسفر يسفرا يؤد تسجل يسجل".split()}  # «لم يسفر عن قتلى»: the counts are negated


_DENIALS = {normalize(w) for w in "نفى نفت ينفي تنفي نفوا denied denies".split()}
_SHIFT_WINDOW = 4  # words on each side of a trigger where a `shift` word retypes it
_RELEASE_BACK = 2  # words after an arrest trigger where a release still cancels it ("detainees were released")
_NOT_EVENT_KEYS = ("name_heads", "name_after", "name_tails", "figurative_types", "figurative_before",
                   "figurative_after", "idioms", "modifier_heads", "modifier_links", "modifier_tails",
                   "seized_types", "seized_before")
_SEIZED_WINDOW = 5  # words before a weapon word in which a seizing or defusing verb takes it


@dataclass(frozen=True)
class Trigger:
    """A trigger word found in a text, with what cancels or qualifies it."""

    start: int
    end: int
    text: str
    event_type: str
    priority: int
    weak: bool = False
    cancelled: str | None = None  # "negated" | "hypothetical" | "habitual" | "released"
    planned: bool = False  # a foiled, plotted or intended happening
    echo: bool = False  # reported again after a comparison («مثلما حدث …»)
    token: int = 0
    second: bool = False  # another happening of a type the sentence already reports
    label: str | None = None  # English name of the happening ("Olympic Games", "summit") for headlines


@dataclass(frozen=True)
class Shift:
    """Triggers of one type that name a happening of another type beside some words."""

    to: str
    triggers: frozenset[tuple[str, ...]]  # normalized words of the trigger phrases
    near: PhraseMatcher
    unless: PhraseMatcher | None = None  # words that keep the type («قصفت طائرة بالصواريخ»: from the air)


@dataclass(frozen=True)
class Template:
    """One headline template of a type (event_types.yaml ``headline``)."""

    text: str
    planned_text: str | None = None  # the text when the happening is planned
    planned: str | None = None  # the whole line when it is planned ({headline}: the text)


@dataclass(frozen=True)
class TypeAttributes:
    """What a type is, for extraction (event_types.yaml documents each flag)."""

    violent: bool = False
    strike: bool = False
    claimable: bool = False
    report: bool = False
    needs_speaker: bool = False
    roles: tuple[str, ...] = ("agent",)
    acts_on: bool = False
    past_unless_future: bool = False
    non_state: str | None = None
    replaces_announcement: bool = False
    counts: frozenset[str] = frozenset()
    headline: tuple[Template, ...] = ()

    @property
    def targeted(self) -> bool:
        """Whether a happening of the type may have a second party (a target or a side)."""
        return len(self.roles) > 1

    @property
    def symmetric(self) -> bool:
        """Two sides, neither of them the victim (a clash)."""
        return self.roles == ("side", "side")


@dataclass(frozen=True)
class HeadlineStyle:
    """The phrases every headline shares (event_types.yaml ``headline``)."""

    where: str = ""
    casualties: tuple[str, ...] = ()
    plain: str = "{Headline}"
    planned: str = "{Headline}"
    vague_short_names: frozenset[str] = frozenset()


_FLAGS = ("violent", "strike", "claimable", "report", "needs_speaker", "acts_on", "past_unless_future",
          "replaces_announcement")
_ROLES = (("agent", "target"), ("agent",), ("side", "side"))
_STYLE_KEYS = ("where", "casualties", "plain", "planned", "vague_short_names")


@dataclass
class TypeLexicon:
    triggers: PhraseMatcher
    cues: PhraseMatcher
    priority: dict[str, int]
    absorbs: dict[str, set[str]]
    acled: dict[str, tuple[str, str]]
    # per type: words one of which must be in the text for its `contextual` triggers to count
    context: dict[str, PhraseMatcher] = field(default_factory=dict)
    shifts: dict[str, list[Shift]] = field(default_factory=dict)
    # not_events: a matcher per list (figurative_types and seized_types are sets of type names)
    not_events: dict[str, Any] = field(default_factory=dict)
    # place_lists: joiners and spans, as sets of normalized words
    place_lists: dict[str, frozenset[str]] = field(default_factory=dict)
    # per type: what it is (violent, roles, counts, headline templates)
    attributes: dict[str, TypeAttributes] = field(default_factory=dict)
    headline: HeadlineStyle = field(default_factory=HeadlineStyle)
    # comparison.likeness: after these, places are other happenings' (events/extract)
    likeness: tuple[str, ...] = ()
    # purpose: types whose trigger with a purpose «ل» («للقبض عليهم») is only intended
    purpose_types: frozenset[str] = frozenset()
    purpose_not_after: PhraseMatcher | None = None


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
        for rule in spec.get("shift", []) or []:
            if not (isinstance(rule, dict) and rule.get("to") in EVENT_TYPES and rule.get("triggers") and rule.get("near")):
                raise LexiconError(f"{path}: type {name!r}: each shift needs to: (a type), triggers: and near: (lists of words)")
        labels = spec.get("labels", {})
        if not isinstance(labels, dict) or not all(
                isinstance(k, str) and k.strip() and isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)
                for k, v in labels.items()):
            raise LexiconError(f"{path}: type {name!r}: labels must map an English label to a list of trigger words")
        _check_attributes(name, spec, path)
    _check_style(data.get("headline"), path)
    likeness = (data.get("comparison") or {}).get("likeness", [])
    if not isinstance(likeness, list) or not all(isinstance(w, str) and w.strip() for w in likeness):
        raise LexiconError(f"{path}: comparison: likeness must be a list of words")
    for section in ("release", "not_events", "place_lists", "purpose"):
        if not isinstance(data.get(section) or {}, dict):
            raise LexiconError(f"{path}: {section} must be a mapping")
    for key, words in (data.get("not_events") or {}).items():
        if key not in _NOT_EVENT_KEYS:
            raise LexiconError(f"{path}: not_events: unknown list {key!r} (one of {', '.join(_NOT_EVENT_KEYS)})")
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise LexiconError(f"{path}: not_events: {key} must be a list of words")


def _check_attributes(name: str, spec: dict[str, Any], path: Path) -> None:
    for flag in _FLAGS:
        if not isinstance(spec.get(flag, False), bool):
            raise LexiconError(f"{path}: type {name!r}: {flag} must be true or false")
    if "roles" in spec and tuple(spec["roles"] or ()) not in _ROLES:
        raise LexiconError(f"{path}: type {name!r}: roles must be one of " + ", ".join(str(list(r)) for r in _ROLES))
    if spec.get("non_state") is not None and spec["non_state"] not in EVENT_TYPES:
        raise LexiconError(f"{path}: type {name!r}: non_state must be a type")
    counts = spec.get("counts", [])
    if not isinstance(counts, list) or not all(isinstance(c, str) and c.isidentifier() for c in counts):
        raise LexiconError(f"{path}: type {name!r}: counts must be a list of count keys")
    for t in spec.get("headline", []) or []:
        text = t.get("text") if isinstance(t, dict) else t
        if not isinstance(text, str) or not text.strip() or isinstance(t, dict) and set(t) - {"text", "planned_text", "planned"}:
            raise LexiconError(f"{path}: type {name!r}: each headline is a template, or a mapping of text, planned_text, planned")


def _check_style(style: Any, path: Path) -> None:
    if style is None:
        return
    if not isinstance(style, dict) or set(style) - set(_STYLE_KEYS):
        raise LexiconError(f"{path}: headline must be a mapping of {', '.join(_STYLE_KEYS)}")
    for key in ("casualties", "vague_short_names"):
        v = style.get(key, [])
        if not isinstance(v, list) or not all(isinstance(w, str) for w in v):
            raise LexiconError(f"{path}: headline: {key} must be a list")


def _attributes(spec: dict[str, Any]) -> TypeAttributes:
    heads = tuple(Template(t["text"], t.get("planned_text"), t.get("planned")) if isinstance(t, dict) else Template(t)
                  for t in spec.get("headline", []) or [])
    return TypeAttributes(**{f: bool(spec.get(f, False)) for f in _FLAGS}, roles=tuple(spec.get("roles") or ("agent",)),
                          non_state=spec.get("non_state"), counts=frozenset(spec.get("counts", [])), headline=heads)


def _style(style: dict[str, Any] | None) -> HeadlineStyle:
    if not style:
        return HeadlineStyle()
    d = HeadlineStyle()
    return HeadlineStyle(style.get("where", d.where), tuple(style.get("casualties", ())), style.get("plain", d.plain),
                         style.get("planned", d.planned), frozenset(style.get("vague_short_names", ())))


@cached(LEXICON)
def load_lexicon(p: Path) -> TypeLexicon:
    """The compiled trigger lexicon (cached on the file); ``path`` defaults to ``event_types.yaml``."""
    data = read_yaml(p, "the event-type lexicon")
    _check(data, p)
    triggers = PhraseMatcher(morphology="full")
    context: dict[str, PhraseMatcher] = {}
    priority: dict[str, int] = {}
    absorbs: dict[str, set[str]] = {}
    acled: dict[str, tuple[str, str]] = {}
    for name, spec in data["types"].items():
        priority[name] = int(spec.get("priority", 0))
        absorbs[name] = set(spec.get("absorbs", []))
        acled[name] = tuple(spec["acled"])
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
    shifts = {name: [Shift(r["to"], frozenset(phrase_words(w) for w in r["triggers"]), build((w, r["to"]) for w in r["near"]),
                           build((w, name) for w in r["unless"]) if r.get("unless") else None)
                     for r in spec.get("shift", []) or []]
              for name, spec in data["types"].items() if spec.get("shift")}
    cues = PhraseMatcher()
    for kind in ("negation", "hypothetical", "habitual", "foiled", "comparison", "release"):
        section = data.get(kind) or {}
        for w in section.get("ar", []) + section.get("en", []):
            cues.add(w, kind)
    type_lists = ("figurative_types", "seized_types")
    not_events: dict[str, Any] = {k: build((w, k) for w in v) for k, v in (data.get("not_events") or {}).items()
                                  if k not in type_lists}
    for k in type_lists:
        not_events[k] = set((data.get("not_events") or {}).get(k, []))
    place_lists = {k: normalized((data.get("place_lists") or {}).get(k, [])) for k in ("joiners", "spans")}
    attributes = {name: _attributes(spec) for name, spec in data["types"].items()}
    likeness = tuple((data.get("comparison") or {}).get("likeness", []))
    purpose = data.get("purpose") or {}
    return TypeLexicon(triggers, cues, priority, absorbs, acled, context, shifts, not_events, place_lists,
                       attributes, _style(data.get("headline")), likeness, frozenset(purpose.get("types", [])),
                       build((w, "not_after") for w in purpose.get("not_after", [])))


def acled_of(event_type: str) -> tuple[str, str]:
    """ACLED (event type, sub-event type) for a Marsad type."""
    return load_lexicon().acled.get(event_type) or ACLED_MAPPING.get(event_type, ACLED_MAPPING["other"])


def attributes_of(event_type: str) -> TypeAttributes:
    """What a type is (violent, roles, counts, headline templates); ``other``'s for an unknown type."""
    attrs = load_lexicon().attributes
    return attrs.get(event_type) or attrs.get("other") or TypeAttributes()


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


def _ends_at(matcher: PhraseMatcher | None, toks: list[Token], i: int, span: int = 3) -> bool:
    """Whether a phrase of ``matcher`` ends right before token ``i``."""
    if matcher is None or i <= 0:
        return False
    lo = max(0, i - span)
    return any(m.j + lo == i for m in matcher.find(toks[lo:i]))


def _starts_at(matcher: PhraseMatcher | None, toks: list[Token], j: int, span: int = 3) -> bool:
    """Whether a phrase of ``matcher`` starts at token ``j``."""
    if matcher is None or j >= len(toks):
        return False
    return any(m.i == 0 for m in matcher.find(toks[j:j + span]))


def _capitalised_inside(text: str, toks: list[Token], i: int) -> bool:
    """An English word written with a capital inside a sentence (not its first word, not a
    title-case line), as names are."""
    word = text[toks[i][1]:toks[i][2]]
    if not word[:1].isupper() or not word.isascii() or i == 0 or text[toks[i - 1][2]:toks[i][1]].strip(" \"'“”‘’(") != "":
        return False
    ascii_words = [text[s:e] for _, s, e in toks if text[s:e].isascii() and text[s:e][:1].isalpha()]
    return sum(w[:1].isupper() for w in ascii_words) <= 0.6 * len(ascii_words)


def _not_an_event(lex: TypeLexicon, text: str, toks: list[Token], m: Match, etype: str, idiom_tokens: set[int]) -> bool:
    """A trigger word that is part of a name, an idiom or a figurative phrase, or that only
    qualifies a thing (see the module docstring)."""
    ne = lex.not_events
    if not ne:
        return False
    if any(k in idiom_tokens for k in range(m.i, m.j)):
        return True
    if _ends_at(ne.get("name_heads"), toks, m.i) or _starts_at(ne.get("name_after"), toks, m.j):
        return True
    if _capitalised_inside(text, toks, m.i) and _starts_at(ne.get("name_tails"), toks, m.j, 1):
        return True
    if etype in ne.get("seized_types", ()) and _seized(text, toks, m, ne.get("seized_before")):
        return True
    if etype in ne.get("figurative_types", ()) and (
            _ends_at(ne.get("figurative_before"), toks, m.i, 1) or _starts_at(ne.get("figurative_after"), toks, m.j, 2)):
        return True
    # a camp for the displaced: the head noun before, across link words
    i = m.i
    links = ne.get("modifier_links")
    for _ in range(2):
        if i > 0 and _starts_at(links, toks, i - 1, 1):
            i -= 1
    if _ends_at(ne.get("modifier_heads"), toks, i) and not any(ch in _CLAUSE_BREAK for ch in text[toks[i - 1][2]:toks[m.i][1]]):
        head, word = toks[i - 1][0], toks[m.i][0]
        if head.isascii():
            if i < m.i:  # English: "camps for the displaced", "a warrant for the arrest"
                return True
        # Arabic: the head of a construct has no article («مخيم النازحين», «مذكرة اعتقال»),
        # or the trigger takes «لل» («مخيم للنازحين»); «أرسلت الوزارة تعزيزات» is a verb's subject
        elif not head.startswith("ال") or word.startswith("لل"):
            return True
    return _starts_at(ne.get("modifier_tails"), toks, m.j, 1) and not any(ch in _CLAUSE_BREAK for ch in text[m.end:toks[m.j][1]])


def _seized(text: str, toks: list[Token], m: Match, seizing: PhraseMatcher | None) -> bool:
    """A weapon seized, found or defused («حجز أسلحة وأحزمة ناسفة», «تفكيك 13 لغما», "defused
    an explosive device"): a seizing verb a few words before, in the same clause."""
    if seizing is None or m.i == 0:
        return False
    lo = max(0, m.i - _SEIZED_WINDOW)
    return any(not any(ch in _CLAUSE_BREAK for ch in text[toks[lo + s.j - 1][2]:m.start])
               for s in seizing.find(toks[lo:m.i]))


def _purposed(lex: TypeLexicon, text: str, toks: list[Token], m: Match, etype: str) -> bool:
    """«… والتحري عن هوية المتورطين للقبض عليهم»: a trigger with a purpose «ل» is intended, not
    done — unless a verb of undergoing or result governs it («تعرضوا للاعتقال», «أدى لاعتقال»)."""
    first = phrase_words(m.phrase)[0]
    if etype not in lex.purpose_types or not toks[m.i][0].startswith("ل") or first.startswith("ل"):
        return False  # (no «ل» clitic before the trigger word)
    lo = max(0, m.i - 3)
    return lex.purpose_not_after is None or not lex.purpose_not_after.find(toks[lo:m.i])


def _shifted(lex: TypeLexicon, toks: list[Token], clause: list[int], m: Match, etype: str) -> str:
    """The type a trigger names, once the words beside it are read (`shift` in the lexicon)."""
    rules = lex.shifts.get(etype)
    if not rules:
        return etype
    words = phrase_words(m.phrase)
    for r in rules:
        if words not in r.triggers:
            continue
        lo, hi = max(0, m.i - _SHIFT_WINDOW), min(len(toks), m.j + _SHIFT_WINDOW)

        def beside(matcher: PhraseMatcher) -> bool:
            return any(any(all(clause[off + k] == clause[m.i] for k in range(n.i, n.j)) for n in matcher.find(side))
                       for side, off in ((toks[lo:m.i], lo), (toks[m.j:hi], m.j)))
        if beside(r.near) and not (r.unless is not None and beside(r.unless)):
            return r.to
    return etype


def find_triggers(text: str, toks: list[Token] | None = None, *, lexicon: TypeLexicon | None = None) -> list[Trigger]:
    """Every trigger of ``text`` with its cancellation and planned flags, in text order;
    ``lexicon`` (from :func:`load_lexicon`) defaults to the bundled one."""
    lex = lexicon or load_lexicon()
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
    releases = sorted(i for i, k in cue_at.items() if k == "release")
    idioms = lex.not_events.get("idioms")
    idiom_tokens = {k for mm in idioms.find(toks, text) for k in range(mm.i, mm.j)} if idioms is not None else set()
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
        if _not_an_event(lex, text, toks, m, etype, idiom_tokens):
            continue
        etype = _shifted(lex, toks, clause, m, etype)
        cancelled = None
        planned = False
        # "the detainees were released", «المعتقلين المفرج عنهم»: a release right after an arrest word
        if etype == "arrest" and any(m.j <= k <= m.j + _RELEASE_BACK and clause[k] == clause[m.i]
                                     and not any(toks[x][0] in ("and", "و") for x in range(m.j, k)) for k in releases):
            cancelled = "released"
        for k in range(max(0, m.i - CUE_WINDOW - 4), m.i):
            kind = cue_at.get(k)
            if kind is None or cue_end[k] > m.i:
                continue
            if kind == "release":
                if etype == "arrest" and clause[k] == clause[m.i] and k >= m.i - CUE_WINDOW - 2:
                    cancelled = "released"  # «أطلق سراح خمسة معتقلين اعتقلوا …»: a release, not an arrest
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
        # «تشن هجمات من حين إلى آخر», "attacks regularly": a habit cue right after the trigger
        if cancelled is None and etype != "statement" and any(
                cue_at.get(k) == "habitual" and clause[k] == clause[m.i] for k in range(m.j, min(len(toks), m.j + CUE_WINDOW))):
            cancelled = "habitual"
        if cancelled is None and _purposed(lex, text, toks, m, etype):
            cancelled = "hypothetical"
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


def sentence_types(text: str, triggers: list[Trigger] | None = None, *,
                   lexicon: TypeLexicon | None = None) -> list[Trigger]:
    """The triggers that name happenings of ``text``: one per type, absorbed types removed.

    Cancelled triggers are dropped; weak triggers only count when no strong one is present.
    Returned best first (priority, then position).
    """
    lex = lexicon or load_lexicon()
    trigs = [t for t in (triggers if triggers is not None else find_triggers(text, lexicon=lex)) if t.cancelled is None]
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
        etype = key[0]
        # an entry "type:label" absorbs only that kind of the type («other:ceasefire»)
        kinds = {etype, f"{etype}:{by_type[key].label}"}
        if any(kinds & lex.absorbs.get(o, set()) for o in present if o != etype):
            # a planned attack is its own happening beside an arrest (a foiled plot)
            if etype == "attack" and by_type[key].planned and "arrest" in present:
                continue
            del by_type[key]
    return sorted(by_type.values(), key=lambda t: (-t.priority, t.start))
