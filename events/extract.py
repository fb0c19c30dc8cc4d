"""Assembly: an article → dated, located events with actors, counts and provenance.

For each sentence with a trigger (events.types), one event per happening it reports:

- **date**: the date mention (events.dates) in the trigger's clause; else one in another clause
  of the sentence that reports no other happening (a leading «ففي عام 2024 وحده،»); else,
  when the sentence clearly continues the previous event's story (it opens with «وأضاف»,
  «وأوضح», "He added" …), that event's date with a lower confidence; else unknown.
- **place**: a place mention (geo.find) in the same scope, preferring one after a locative
  preposition (في، داخل، قرب، ب, "in", "near") and the most specific kind; never a place that
  stands for an actor (metonymy), a place inside an actor's name, or the dateline. A sentence
  with none inherits the article's main place when it continues the story (lower confidence).
- **tense**: planned when the happening was foiled/plotted or the date is after publication,
  else the dates module's reading of the clause.
- **actors**, **counts**, an English **headline**, a **confidence** and a stable **event_id**.

The same happening reported in several sentences becomes one event: the most specific date and
place win and the other sentences are kept in ``mentions``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable, Iterable

from events.actors import ActorMention, find_actors, load_lexicon as actor_lexicon
from events.counts import counts_of, find_counts
from events.dates import find_dates, tense_of
from events.schema import Article, Event, date_in_range, make_event_id, validate
from events.matcher import cached_tokens, quick_words
from events.sentences import Sentence, clauses, split_sentences
from events.types import Trigger, find_triggers, load_lexicon as type_lexicon, sentence_types
from geo.arabic import normalize, script_of
from geo.find import find_places, unresolved_places

# What each type of event may count (a strength estimate in a statement is not a count).
COUNT_KEYS = {
    "arrest": {"arrested", "killed", "injured"},
    "attack": {"killed", "injured", "attacks"},
    "bombing": {"killed", "injured", "attacks"},
    "airstrike": {"killed", "injured", "attacks"},
    "armed_clash": {"killed", "injured", "arrested"},
    "prison_break": {"escaped", "killed", "injured"},
    "deployment": {"troops"},
    "displacement": {"repatriated", "families"},
    "protest": {"killed", "injured", "arrested"},
    "claim": {"attacks", "killed", "injured"},
    "statement": {"killed", "injured", "arrested", "attacks"},
    "meeting": set(),
    "other": {"killed", "injured", "arrested", "attacks"},
}
PRECISION_RANK = {"day": 5, "week": 4, "month": 3, "season": 2, "year": 1, "unknown": 0}
GEO_RANK = {"point": 4, "city": 3, "region": 2, "country": 1, None: 0}
KIND_TO_GEO = {"site": "point", "city": "city", "region": "region", "country": "country"}
MAX_ARTICLE = 2_000_000  # characters read for places (a bigger "article" is a dump: its tail holds no story place)
MAX_SENTENCE = 2000  # characters; a longer "sentence" (a markup dump) is cut: the event keeps its first part, offsets match

# Words before a place that make it the location of the happening.
_LOCATIVE_AR = ("في", "فى", "ب", "وب", "داخل", "قرب", "بالقرب", "شمال", "جنوب", "شرق", "غرب", "ريف", "محيط", "اطراف", "أطراف", "وسط")
_LOCATIVE_EN = ("in", "inside", "near", "at", "outside", "across", "around", "of")
# Places after these are origins, destinations or subjects, not where it happened.
_NOT_LOCATIVE = ("ل", "الى", "إلى", "نحو", "تجاه", "ضد", "حول", "بشأن", "عن", "to", "towards", "against", "about", "over", "from")
# Openings of a sentence that continues the story of the one before.
_CONTINUES_RE = re.compile(
    r"^\s*(?:و|ف)?(?:أضاف|اضاف|أوضح|اوضح|تابع|أشار|اشار|أكد|اكد|بين|بيّن|لفت|ذكر|قال|قالت|أفاد|افاد|كما|وكان|وكانت|وأسفر|أسفر|"
    r"تضيف|يضيف|تابعت|أوضحت|أضافت|أشارت|أكدت|لفتت|بحسب|وبحسب|وفق|وحسب|ونقل|ونقلت)"
    r"|^\s*(?:He|She|They|It|The (?:attack|strike|blast|group|ministry|statement|official|operation)|"
    r"According to|Officials|Police|Authorities)\b"
)
_ARABIC_LEAD_RE = re.compile(r"^\s*[وف]")
_DATELINE_RE = re.compile(r"^\s*([^\n\-–—|]{2,60}?)\s*(?:\([^)\n]{1,60}\))?\s*[-–—|]")


@dataclass
class _Scope:
    """The part of a sentence that belongs to one happening."""

    clause: tuple[int, int]
    others: list[tuple[int, int]] = field(default_factory=list)  # clauses free of other happenings


_COMPARISON_RE = re.compile(r"similar to|like those|such as those|على غرار|مثل تلك|مثل التي|شبيهة ب|مماثلة ل")
_DISTINCT_RE = re.compile(r"\b(?:another|a second|a separate|separately|new)\b|(?:آخر|أخرى|اخرى|ثان|ثانية|جديد|جديدة|منفصل)(?:\s|$|[.,،])")
# Discourse connectives that contain "other" without meaning another happening («على الجانب
# الآخر», «من جهة أخرى», "on the other hand").
_CONNECTIVE_RE = re.compile(r"(?:على|من|في)\s+(?:ال)?(?:جانب|جهة|ناحية|صعيد|الجهة)\s+(?:ال)?(?:آخر|أخرى|اخر|اخرى)|on the other hand", re.IGNORECASE)
# Words after a trigger that point back to a happening already reported («الاجتماع المشار
# إليه», «الهجوم المذكور», «الهجوم نفسه», "the attack itself", "the meeting in question").
_BACKREF_RE = re.compile(r"^\s*(?:[\w\u0600-\u06FF]+\s+){0,2}?(?:المشار إليه|المشار اليه|المشار إليها|المشار اليها|المذكور|المذكورة|"
                         r"نفسه|نفسها|ذاته|ذاتها|السالف الذكر|الآنف الذكر|سالف الذكر|itself|in question|mentioned above|aforementioned)(?=\s|$|[.,،؛])",
                         re.IGNORECASE)
_HOSTED_RE = re.compile(r"(?:استضاف\w*|تستضيف\w*|يستضيف\w*|hosted by|hosted in)\s*$")
_FUTURE_RE = re.compile(r"(?:\bwill\b|\bto be\b|سي|ستـ?|سوف|من المقرر|يعتزم|تعتزم)")
_HOST_RE = re.compile(r"\s*(?:تشهد|يشهد|شهدت|شهد|تستضيف|يستضيف|استضافت|ستستضيف|will host|hosts|hosted|is hosting)\b")


def _hosts(text: str, end: int, start: int | None = None) -> bool:
    """«باريس تشهد …», «استضافتها عمّان», "Paris hosts …", "hosted by Amman": a city that hosts
    something is a place, not an actor."""
    if _HOST_RE.match(text, end):
        return True
    return start is not None and bool(_HOSTED_RE.search(text[max(0, start - 20):start]))


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


def _places(text: str, mask: list[tuple[int, int]], language: str | None, countries: Iterable[str] = ()) -> list[Any]:
    if not text:
        return []
    return list(find_places(text, mask=mask, language=language, countries=countries))


def _in_sentence(doc_places: list[Any], start: int, length: int, mask: list[tuple[int, int]]) -> list[Any]:
    """The place mentions of the whole text that lie in one sentence, with offsets into it; a
    mention overlapping an actor's name is dropped unless it strictly contains it (a longer
    place name wins over an actor name within it, as in geo.find)."""
    out = []
    for p in doc_places:
        s, e = p.start - start, p.end - start
        if s < 0 or e > length:
            continue
        if any(ms < e and s < me and not (s <= ms and me <= e and me - ms < e - s) for ms, me in mask):
            continue
        off = getattr(p, "offset", None)
        if off is not None:  # its phrase too, into the sentence («على بعد 60 كيلومترا جنوب X»)
            off = dataclasses.replace(off, start=off.start - start) if off.start >= start else None
        out.append(dataclasses.replace(p, start=s, end=e, offset=off))
    return out


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


def _locative(text: str, start: int) -> int:
    """+1 when a place at ``start`` follows a locative word, -1 after an origin/target word."""
    prev = _prev_words(text, start, 2)
    if prev:
        last = prev[-1].lower()
        if last in _NOT_LOCATIVE or last.lstrip("و") in _NOT_LOCATIVE:
            return -1
        if last in _LOCATIVE_AR or last.lstrip("و") in _LOCATIVE_AR or last in _LOCATIVE_EN:
            return 1
        if len(prev) > 1 and prev[-2].lstrip("و") in ("في", "فى", "in") and last.startswith(("مخيم", "سجن", "مدينة", "محافظة", "بلدة", "قرية", "منطقة", "ناحية", "قضاء", "ساحة")):
            return 1
    return 0


@dataclass
class _Draft:
    event: Event
    trigger: Trigger
    info: int  # how informative the sentence is (for choosing the main sentence)
    anaphoric: bool
    sentence_index: int
    inherit_place: bool = False  # no place of its own: takes the article's main place
    distinct: bool = False  # "in another incident", «هجوم آخر»: explicitly not one reported before
    report_dated: bool = False  # dated only by its report ("X said on Sunday that …"): a later bound


def extract_article(article: Article, *, vague_counts: bool = False) -> list[Event]:
    """Events reported by one article (see the module docstring for the rules).

    Args:
        article: the article; ``published`` resolves relative dates (None: they stay unknown).
        vague_counts: also record vague quantities (عشرات → 12, "hundreds" → 100).
    """
    text = article.text or ""
    if not text.strip():
        return []
    published = _published(article)
    language = article.language if article.language in ("ar", "en") else script_of(text[:2000])
    sentences = split_sentences(text)
    dateline = _dateline_end(text)

    drafts: list[_Draft] = []
    known_actors: set[str] = set()
    # actors named in the title count as already named («التنظيم» in the first sentence)
    if article.title:
        known_actors |= {a.actor.name for a in find_actors(article.title)}
    place_votes: dict[str, list[Any]] = {}
    place_weight: dict[str, float] = {}
    if article.title:
        tmask = [(a.start, a.end) for a in find_actors(article.title)]
        for p in _places(article.title[:MAX_SENTENCE], tmask, language):
            if not getattr(p, "metonymy", False) and not getattr(p, "role", None):
                place_votes.setdefault(p.place.id, []).append(p)
                place_weight[p.place.id] = place_weight.get(p.place.id, 0.0) + 2.0  # the title names the story's place
    armed_votes: dict[str, int] = {}
    prev_event: Event | None = None
    prev_index = -10

    may_find = _prefilter()
    # places are found once in the whole text: the article's countries are the context that
    # lets a small town of theirs be read on the evidence around its name
    doc_places = _places(text[:MAX_ARTICLE], [], language)
    country = _article_country(article, language, doc_places)
    for si, sent in enumerate(sentences):
        stext = sent.text[:MAX_SENTENCE]
        if not may_find(quick_words(stext)):
            continue  # nothing to find: skip tokenizing (big inputs are mostly such lines)
        toks = cached_tokens(stext)
        triggers = find_triggers(stext, toks)
        actor_mentions = find_actors(stext, known=known_actors, toks=toks, persons=bool(triggers), country=country)
        if triggers and actor_mentions:
            # "Popular Mobilization Forces": a trigger inside an actor's name is not one
            triggers = [t for t in triggers if not any(a.start <= t.start < a.end for a in actor_mentions)]
        live = sentence_types(stext, triggers) if triggers else []
        if not live:
            known_actors |= {a.actor.name for a in actor_mentions}
            for a in actor_mentions:
                if a.actor.type == "non_state_armed_group":
                    armed_votes[a.actor.name] = armed_votes.get(a.actor.name, 0) + 1
            continue
        mask = [(a.start, a.end) for a in actor_mentions]
        places = _in_sentence(doc_places, sent.start, len(stext), mask)
        # «قرية X» where the gazetteer lacks X: the words are kept, the clause's known place used
        unresolved = unresolved_places(stext, [(p.start, p.end) for p in _in_sentence(doc_places, sent.start, len(stext), [])])
        # the place finder's metonymy flag decides whether a capital is an actor
        if any(a.how == "capital" for a in actor_mentions) or any(getattr(p, "metonymy", False) for p in places):
            actor_mentions = find_actors(stext, known=known_actors, toks=toks, places=places, country=country)
        actor_mentions = [a for a in actor_mentions if not (a.how == "capital" and _hosts(stext, a.end, a.start))]
        known_actors |= {a.actor.name for a in actor_mentions}
        # a name in a non-place role ("Iran-backed", «الحدود مع العراق», "Mali's army") is not
        # where anything happened
        places = [p for p in places if (not getattr(p, "metonymy", False) or _hosts(stext, p.end, p.start))
                  and not getattr(p, "role", None)
                  and not (sent.start + p.start < dateline)
                  and not any(a.start <= p.start < a.end for a in actor_mentions)]
        for p in places:
            place_votes.setdefault(p.place.id, []).append(p)
            place_weight[p.place.id] = place_weight.get(p.place.id, 0.0) + (1.5 if si == 0 else 1.0) - si * 1e-4
        date_mentions = _dates(stext, published)
        spans = clauses(stext)
        strong_pos = [t.start for t in triggers if t.cancelled is None and not t.weak and t.event_type != "statement"
                      and (not t.echo or t in live)]
        continues = bool(_CONTINUES_RE.match(stext)) or (language == "ar" and bool(_ARABIC_LEAD_RE.match(stext)))
        live = live + _second_happenings(triggers, live, spans, date_mentions)
        has_claim = any(t.event_type == "claim" for t in live)
        built: dict[int, Event | None] = {}
        listed: dict[int, list[Any]] = {}
        for trig in live:
            built[id(trig)] = _assemble(article, sent, stext, si, trig, live, spans, strong_pos, date_mentions, places,
                                        actor_mentions, published, vague_counts, listed.setdefault(id(trig), []),
                                        unresolved)
        # «أعلنت القيادة استنفار قواتها»: announcing a deployment under way is the deployment; a
        # deployment announced for later («موعدا لانطلاق الخطة الأمنية») leaves the announcement
        if any(t.event_type == "deployment" and built[id(t)] is not None and built[id(t)].tense != "planned" for t in live):
            live = [t for t in live if t.event_type != "statement"]
        for trig in live:
            ev = built[id(trig)]
            if ev is None:
                continue
            if has_claim and not any(a.actor.type == "non_state_armed_group" for a in actor_mentions) and armed_votes:
                # «أعلن مسؤوليته عن …»: the unnamed subject is the article's main armed group
                group = max(armed_votes, key=lambda g: armed_votes[g])
                ev.actors.insert(0, group)
                ev.actor1 = group
            if _generic(ev, trig):
                continue
            inherited_date = inherited_place = False
            if ev.date_precision == "unknown" and prev_event is not None and si - prev_index == 1 \
                    and _CONTINUES_RE.match(stext) and prev_event.date_start:
                ev.date_start, ev.date_end = prev_event.date_start, prev_event.date_end
                ev.date_precision, ev.date_text = prev_event.date_precision, prev_event.date_text
                ev.tense = prev_event.tense
                inherited_date = True
            if ev.date_precision == "unknown" and not trig.planned:
                _count_from_another(ev, stext, trig, triggers, spans, date_mentions, drafts, si)
            if ev.place_id is None and ev.country is None and continues and ev.event_type not in ("claim", "statement"):
                inherited_place = True  # filled in after the main place is known
                if not _fallback(ev):
                    ev.place_text = None
            ev.confidence = _confidence(ev, trig, inherited_date)
            drafts.append(_Draft(ev, trig, _info(ev), _anaphoric(stext, trig), si, inherited_place,
                                 _distinct(stext, trig), not inherited_date and _report_dated(stext, ev, trig)))
            for other in _per_place(ev, listed.get(id(trig), [])):
                drafts.append(dataclasses.replace(drafts[-1], event=other, info=_info(other)))
            if not trig.second or prev_index != si:  # the story goes on from the sentence's main happening
                prev_event, prev_index = ev, si
        for a in actor_mentions:
            if a.actor.type == "non_state_armed_group":
                armed_votes[a.actor.name] = armed_votes.get(a.actor.name, 0) + 1

    main = _main_place(place_votes, place_weight)
    for d in drafts:
        if d.inherit_place and main is not None and not d.anaphoric:
            words = d.event.place_text if _fallback(d.event) else None  # «قرية X» kept
            _fill_place(d.event, main, words)
            if words and d.event.geo_precision in ("point", "city"):
                d.event.geo_precision = "region"
            d.event.confidence = round(max(0.1, d.event.confidence - 0.15), 2)
    labels: dict[int, str | None] = {}
    events = _merge([d for d in drafts], labels)
    for ev in events:
        ev.headline = headline(ev, labels.get(id(ev)))
        validate(ev)
    return events


def _article_country(article: Article, language: str | None, doc_places: list[Any]) -> str | None:
    """The country the story is about: the places of its title, dateline and first lines."""
    votes: dict[str, float] = {}
    lead = [p for p in doc_places if p.end <= 400]
    for places, weight in ((_places((article.title or "")[:MAX_SENTENCE], [], language), 2.0), (lead, 1.0)):
        for p in places:
            if p.place.country:
                votes[p.place.country] = votes.get(p.place.country, 0.0) + weight
    return max(votes, key=lambda c: votes[c]) if votes else None


@lru_cache(maxsize=1)
def _prefilter() -> Callable[[list[str]], bool]:
    """A test on a sentence's words: could it hold a trigger or an actor?"""
    from events.actors import load_lexicon as actor_lexicon
    from events.types import load_lexicon as type_lexicon
    alex = actor_lexicon()
    matchers = (type_lexicon().triggers, alex.aliases, alex.anaphora, alex.adjectives, alex.capitals)

    @lru_cache(maxsize=200_000)
    def word_may(word: str) -> bool:
        return any(m.may_match((word,)) for m in matchers)

    return lambda words: any(word_may(w) for w in words)


def _assemble(article: Article, sent: Sentence, stext: str, si: int, trig: Trigger, live: list[Trigger],
              spans: list[tuple[int, int]], strong_pos: list[int], date_mentions: list[Any], places: list[Any],
              actor_mentions: list[ActorMention], published: date | None, vague_counts: bool,
              listed: list[Any] | None = None, unresolved: list[tuple[int, int]] = ()) -> Event | None:
    """One event for one trigger of a sentence, or None when the rules say it is not one.
    ``listed`` receives the other places of a list the event's place belongs to."""
    etype = trig.event_type
    k = _clause_of(spans, trig.start)
    clause = spans[k]
    # clauses that report no other happening may lend their date and place
    free = [s for j, s in enumerate(spans) if j != k and not any(s[0] <= p < s[1] for p in strong_pos)]
    if trig.echo:  # «… مثلما حدث في موسكو قبل شهر»: only what follows the comparison
        clause = (trig.start, spans[k][1])
        free = [s for s in free if s[0] >= trig.start]
    in_clause = lambda a, b: clause[0] <= a < clause[1]  # noqa: E731
    in_free = lambda a, b: any(s[0] <= a < s[1] for s in free)  # noqa: E731

    # a clause of its own proposition («فيما قدرت لجنة الأمم المتحدة …», «حيث تشرف قسد …»,
    # "while …", "where …") lends its date and place, not its actors
    own_free = [f for f in free if not _SUBORDINATE_RE.match(stext, f[0])]
    scoped = [a for a in actor_mentions if (in_clause(a.start, a.end) or any(f[0] <= a.start < f[1] for f in own_free))
              and not _area_of(stext, a)]
    if not scoped and k > 0 and not trig.echo:
        # the subject carries over from the clause just before ("… as the army pushed the
        # group out of the town, which was retaken …")
        prev = spans[k - 1]
        scoped = [a for a in actor_mentions if prev[0] <= a.start < prev[1]]
    if etype in ("attack", "bombing", "airstrike") and _REFERENCE_POINT_RE.search(stext[max(0, trig.start - 30):trig.start]):
        # «كشف عنها ماكرون عقب الهجوم الأخير في روسيا»: Macron acts in the revealing, not in the attack
        scoped = [a for a in scoped if a.start >= trig.end and in_clause(a.start, a.end)]
    actors = _actors_for(scoped, trig)
    speaker = _speaker(stext, scoped, trig, clause) if etype == "statement" else None
    if etype == "statement" and speaker is None:
        return None  # a statement needs a speaker: «تشير تقارير الأمم المتحدة», "the ministry said"
    if speaker is not None:
        # what was said («إن التنظيم …», "said a group of ISIS fighters …") is not where or by
        # whom it was said: the statement's actors and place come before its content
        comp = _COMPLEMENTIZER_RE.search(stext, trig.end)
        content = trig.end if speaker.start < trig.start else (comp.start() if comp else len(stext))
        content = max(content, speaker.end)
        actors = [n for n in actors if any(a.actor.name == n and a.start < content for a in scoped)]
        places = [p for p in places if p.start < content]
    else:
        # the one who tells of an arrest or an attack does not take part in it
        actors = [n for n in actors if not any(a.actor.name == n and a.how == "title" and _is_speaker(stext, a) for a in scoped)]
        if etype in ("attack", "airstrike", "bombing", "armed_clash", "prison_break"):
            # «قال جهاز مكافحة الإرهاب إن ضربة …», "a source from the security forces told …":
            # who reports a violent happening is not one of its parties (unless named in it too)
            rep = _reporters(stext, scoped, trig)
            actors = [n for n in actors if not any(a.actor.name == n for a in rep)
                      or any(a.actor.name == n and a not in rep for a in scoped)]
    if trig.weak and not actors and not counts_of(stext, event_type=etype):
        return None

    # date
    dm = [d for d in date_mentions if getattr(d, "date_start", None) is not None and in_clause(d.start, d.end)]
    if etype == "claim":
        # «تبنى داعش الهجوم على الكنيسة صباح الأحد»: a date after the claimed attack is the attack's
        claimed = [p for p in strong_pos if p > trig.start]
        if claimed:
            dm = [d for d in dm if d.start < min(claimed)]
    elif etype in ("attack", "bombing", "airstrike", "armed_clash"):
        # "The Houthis on Wednesday claimed an attack": a date before the claim is the claim's
        claims = [t.start for t in live if t.event_type == "claim" and t.start < trig.start and _clause_of(spans, t.start) == k]
        if claims:
            dm = [d for d in dm if d.start > max(claims)]
    if not dm and not trig.planned and etype != "claim":  # a foiled plot is not dated by its announcement
        dm = [d for d in date_mentions if getattr(d, "date_start", None) is not None and in_free(d.start, d.end)]
    if not dm and etype in ("claim", "statement"):
        # «أعلن تنظيم داعش، اليوم الأربعاء، مسؤوليته عن …»: a date between the speaker and the
        # claim or statement is the report's, and the report is the claim
        dm = [d for d in date_mentions if getattr(d, "date_start", None) is not None and in_free(d.start, d.end)
              and d.end <= trig.start and not any(d.end <= p < trig.start for p in strong_pos)]
    if len(dm) > 1 and etype not in ("claim", "statement"):
        # «قال الوزير اليوم إن القوات اعتقلت … أمس»: the date of the report frame is not the happening's
        comp = _COMPLEMENTIZER_RE.search(stext, 0, trig.start)
        if comp is not None and _SPEECH_RE.search(stext, 0, comp.start()):
            inside = [d for d in dm if d.start >= comp.end()]
            dm = inside or dm
    if k > 0 and spans[0] in free and not trig.planned and not trig.echo:
        # «ففي عام 2024 وحده، أعلن مسؤوليته عن …», «وفي شهر تموز الماضي، غادرت الدفعة العاشرة منذ
        # بداية العام»: a sentence-initial adverbial date governs the clauses that follow it — a
        # claim's too — over a date of its own clause that only opens a span
        lead = [d for d in date_mentions if getattr(d, "date_start", None) is not None
                and spans[0][0] <= d.start < spans[0][1]]
        if lead and _adverbial(stext, spans[0], lead):
            # («منذ بداية العام» / "since January" only frames a count)
            if not dm and etype == "claim" or dm and all(_since(stext, d) for d in dm):
                dm = lead
    dm.sort(key=lambda d: abs(d.start - trig.start))
    vague_dm = [d for d in date_mentions if getattr(d, "date_start", None) is None and in_clause(d.start, d.end)]
    date_m = dm[0] if dm else None

    # place: a claim is placed only where it was made (its own clause, after a locative word);
    # the place of the attack it claims belongs to the attack
    compared = _COMPARISON_RE.search(stext)
    if compared:  # "similar to those used … in Ukraine": not where this happened
        places = [p for p in places if p.start < compared.start()]
    if etype == "claim":
        cand = [p for p in places if in_clause(p.start, p.end) and _locative(stext, p.start) > 0 and p.start < trig.start]
    else:
        cand = [p for p in places if in_clause(p.start, p.end)] or [p for p in places if in_free(p.start, p.end)]
    place_m = None
    if cand:
        def score(p: Any) -> tuple:
            off = getattr(p, "offset", None)
            loc = 2 if _hosts(stext, p.end, p.start) else 1 if off else _locative(stext, p.start)
            # a position off a place is more specific than the named area around it
            rank = GEO_RANK.get(_offset_precision(off), 0) + 0.5 if off else GEO_RANK.get(KIND_TO_GEO.get(p.place.kind), 0)
            return (loc >= 0, loc, rank, getattr(p, "score", 0.0), -abs(p.start - trig.start))
        cand = [p for p in cand if _locative(stext, p.start) >= 0] or cand
        place_m = max(cand, key=score)
        if listed is not None and etype not in ("claim", "statement"):
            listed.extend(_listed_places(stext, place_m, cand))

    ev = Event(
        article_id=article.id, source=article.source, url=article.url, published=_iso(published),
        language=article.language if article.language in ("ar", "en") else script_of(stext),
        event_type=etype, sentence=stext, sentence_start=sent.start, sentence_end=sent.start + len(stext), method="rules",
    )
    if date_m is not None:
        ev.date_start, ev.date_end = _iso(date_m.date_start), _iso(date_m.date_end or date_m.date_start)
        ev.date_precision = date_m.precision if date_m.precision in PRECISION_RANK and date_m.precision != "unknown" else "day"
        ev.date_text = date_m.text
    elif vague_dm:
        ev.date_text = vague_dm[0].text
    if place_m is not None:
        off = getattr(place_m, "offset", None)
        _fill_place(ev, place_m.place, place_m.text, off, stext[off.start:place_m.end] if off else None)
    _unresolved_place(ev, stext, place_m, [u for u in unresolved if in_clause(u[0], u[1])], trig)

    # tense
    clause_text = stext[clause[0]:clause[1]]
    if trig.planned:
        ev.tense = "planned"
    elif trig.echo:
        ev.tense = "past"
    else:
        t = getattr(date_m, "tense", None) if date_m is not None else None
        ev.tense = t if t in ("past", "ongoing", "planned") else _tense(clause_text)
    if published and ev.date_start and date.fromisoformat(ev.date_start) > published:
        ev.tense = "planned"
    elif etype in ("arrest", "claim") and ev.tense == "planned" and not trig.planned and \
            not _FUTURE_RE.search(stext[max(0, trig.start - 25):trig.start]):
        ev.tense = "past"  # "arrested in Austria was planning an attack": the plan is planned, not the arrest

    ev.actors = [a for a in dict.fromkeys(actors)]
    before = [a for a in scoped if a.start < trig.start]
    if etype == "airstrike" and _non_state_only(before or scoped):
        # a drone attack by a militia is an attack (ACLED: air/drone strikes are by states)
        ev.event_type = etype = "attack"
    ev.actor1, ev.actor2 = _roles(scoped, trig, ev.actors, stext, clause)
    if speaker is not None:
        ev.actor1 = speaker.actor.name
    # counts in the same scope as the date and place: two convoys of one sentence keep their own
    exclude = [(d.start, d.end) for d in date_mentions]
    keys = COUNT_KEYS.get(etype, COUNT_KEYS["other"])
    ev.counts = {}
    for c in find_counts(stext, event_type=etype, exclude=exclude, vague=vague_counts):
        if c.key in keys and (in_clause(c.start, c.end) or in_free(c.start, c.end)):
            ev.counts.setdefault(c.key, c.value)
    extra = f"{trig.start}" if trig.echo or trig.second else ""
    ev.event_id = make_event_id(article.id, sent.start, etype, extra)
    return ev


_SPEECH_RE = re.compile(
    r"(?:^|\s)[وف]?(?:قال|قالت|أعلن|أعلنت|اعلن|اعلنت|أكد|أكدت|اكد|اكدت|ذكر|ذكرت|أفاد|أفادت|افاد|افادت|أوضح|أوضحت|اوضح|اوضحت|"
    r"صرح|صرحت|said|says|announced|told|reported|stated|added)(?=\s|$|[,،])", re.IGNORECASE)


def _count_from_another(ev: Event, stext: str, trig: Trigger, triggers: list[Trigger], spans: list[tuple[int, int]],
                        date_mentions: list[Any], drafts: list["_Draft"], si: int) -> None:
    """Date an event by a date counted from another happening («وقبل ذلك بيومين», "a day
    earlier", «بعد ثلاثة أيام من هجوم», "This came one day after an attack"), from the day of the
    happening reported last before it. The mention is in the trigger's clause or in a clause that
    opens the sentence; a "named" mention dates the happening named right after it, and the
    other happenings of its sentence the other way round («وبعد 24 ساعة من الهجوم، اعتقلت …»)."""
    k = _clause_of(spans, trig.start)
    rel = [d for d in date_mentions if getattr(d, "offset", None) is not None and getattr(d, "date_start", None) is None
           and (spans[k][0] <= d.start < spans[k][1] or spans[0][0] <= d.start < spans[0][1] and d.end <= trig.start)]
    # the happening reported last, in this sentence or the one or two before: what "that" is
    last = drafts[-1] if drafts and drafts[-1].sentence_index >= si - 2 else None
    anchor = last.event if last is not None and last.event.date_precision == "day" and last.event.date_end else None
    if not rel:
        return
    d = min(rel, key=lambda d: abs(d.start - trig.start))
    ev.date_text = ev.date_text or d.text  # the words stay, even when nothing dated comes before
    if anchor is None:
        return
    off = d.offset
    if d.counts_from == "named":
        named = min((t for t in triggers if t.start >= d.end), key=lambda t: t.start, default=None)
        if named is not None and named.start == trig.start:
            if _anaphoric(stext, trig):
                return  # «بعد يومين من الهجوم»: the attack already reported is the reference itself
        else:
            off = -off  # «وبعد 24 ساعة من الهجوم، اعتقلت …»: counted from the named happening
    try:
        day = date.fromisoformat(anchor.date_end) + timedelta(days=off)
    except (ValueError, OverflowError):
        return
    ev.date_start = ev.date_end = day.isoformat()
    ev.date_precision, ev.date_text = "day", d.text
    ev.tense = "past" if ev.tense == "planned" and day <= date.fromisoformat(anchor.date_end) else ev.tense


def _report_dated(stext: str, ev: Event, trig: Trigger) -> bool:
    """Whether the event's only date is the date of the report that tells it: «قالت القيادة،
    الأحد، إن الجيش شن غارة», "…, the agency said on Thursday". Such a date bounds the happening
    from above; a date of the happening itself, elsewhere in the article, is better."""
    if not ev.date_text or ev.event_type == "statement":
        return False
    i = stext.find(ev.date_text)
    if i < 0:
        return False
    speech = [m for m in _SPEECH_RE.finditer(stext[:i]) if i - m.end() <= 80]
    if not speech:
        return False
    if speech[-1].start() > trig.start:
        return True  # the trigger is in the reported content before "… said on Thursday"
    comp = _COMPLEMENTIZER_RE.search(stext, i + len(ev.date_text))
    return comp is not None and comp.end() <= trig.start


_SOURCE_BEFORE_RE = re.compile(
    r"(?:مصدر|مصادر|المصدر|source|sources|according to|بحسب|وبحسب|حسب|وفق|وفقا ل|نقلا عن|told)\s+(?:[\w\u0600-\u06FF.\-]+\s+){0,2}$",
    re.IGNORECASE)


_AREA_BEFORE_RE = re.compile(
    r"(?:under(?: the)?(?: control of)?|held by|controlled by|run by|تحت سيطرة|الخاضعة ل?سيطرة|الخاضعة ل|مناطق سيطرة|مناطق نفوذ|"
    r"الواقعة تحت سيطرة|الواقعة تحت نفوذ|تحت نفوذ|التي تسيطر عليها)\s*(?:the\s+)?(?:[\w\-]+\s+)?$", re.IGNORECASE)
_AREA_AFTER_RE = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:control|-held|-controlled|-run)\b", re.IGNORECASE)


def _area_of(stext: str, a: ActorMention) -> bool:
    """"areas under SDF control", «المناطق الخاضعة لسيطرة قسد»: the actor names a territory there."""
    before = stext[max(0, a.start - 40):a.start]
    if _AREA_AFTER_RE.match(stext, a.end) and re.search(r"(?:under|areas?|regions?)\s+(?:the\s+)?$", before, re.IGNORECASE):
        return True
    return bool(_AREA_BEFORE_RE.search(before))


def _reporters(stext: str, mentions: list[ActorMention], trig: Trigger) -> list[ActorMention]:
    """Actors that only report the happening: the speaker before «إن/أن/that» that opens the
    content holding the trigger, an actor followed by "said/told" after it, a «مصدر في X» /
    "a source from X" / "according to X"."""
    out = []
    comps = [m for m in _COMPLEMENTIZER_RE.finditer(stext[:trig.start])]
    frame_end = None
    if comps:
        c = comps[0]
        if _SPEECH_RE.search(stext[:c.start()]):
            frame_end = c.start()
    for a in mentions:
        if frame_end is not None and a.start < frame_end:
            out.append(a)
        elif a.start >= trig.end and re.match(r"\s*(?:\([^()]{1,40}\))?\s*,?\s*(?:said|says|told|announced|reported|stated)\b",
                                              stext[a.end:a.end + 60]):
            out.append(a)
        elif _SOURCE_BEFORE_RE.search(stext[max(0, a.start - 40):a.start]):
            out.append(a)
    return out


def _is_speaker(stext: str, a: ActorMention) -> bool:
    """A person named right before "said" ("…, Franz Ruf, said") or right after «قال» (VSO)."""
    after = stext[a.end:a.end + 20]
    if re.match(r"\s*,?\s*(?:said|says|told|announced|added|warned|stated|explained|noted)\b", after):
        return True
    before = stext[max(0, a.start - 60):a.start]
    m = list(_SPEECH_RE.finditer(before))
    return bool(m) and len(re.findall(r"[\w\u0600-\u06FF]+", before[m[-1].end():])) <= 4


def _since(stext: str, d: Any) -> bool:
    """«منذ بداية العام», "since January": a date that opens a span (to count in), not a happening's."""
    return bool(re.match(r"\s*(?:منذ|since)", d.text, re.IGNORECASE)
                or re.search(r"(?:منذ|since)\s*$", stext[max(0, d.start - 8):d.start], re.IGNORECASE))


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


def _non_state_only(mentions: list[ActorMention]) -> bool:
    """Only militias (no state) in the sentence: a drone strike is then their attack."""
    kinds = {a.actor.type for a in mentions}
    return "militia" in kinds and not kinds & {"state_forces", "coalition"}


def _speaker(stext: str, mentions: list[ActorMention], trig: Trigger, clause: tuple[int, int]) -> ActorMention | None:
    """Whether a statement has a speaker: an actor before the verb in its clause, or right after
    it («تشير تقارير الأمم المتحدة»), not inside the reported content («… من أن التنظيم»)."""
    mentions = [a for a in mentions if not _quoted(stext, a.start)]
    before = [a for a in mentions if clause[0] <= a.start < trig.start]
    if before:
        return before[0]
    # the subject right before the verb, across a comma: «وكانت قسد، نفت …», "…, Hawar Sindi, said"
    for a in reversed([a for a in mentions if a.end <= trig.start]):
        lead = re.split(r"[,،؛;:\n]", stext[:a.start])[-1]
        if re.fullmatch(r"[\s,،\"”»]*(?:\([^()]{0,40}\)[\s,،]*)?(?:قد\s*)?", stext[a.end:trig.start]) and \
                len(re.findall(r"[\w\u0600-\u06FF]+", lead)) <= 1:  # it opens its clause: a subject, not a genitive
            return a
        break
    for a in mentions:
        if trig.end <= a.start <= trig.end + 40:
            between = stext[trig.end:a.start]
            if re.search(r"(?:^|\s)(?:ب?أن|إن|ان|that|من|on|about|against)(?:\s|$)", between):
                continue
            # VSO: the subject follows the verb closely («قال مسؤول في وزارة الداخلية»); past a
            # date and an object («نفت الخميس (21 آذار) هزيمة داعش») it is what was said
            if len(re.findall(r"[\w\u0600-\u06FF]+", between)) > 2:
                continue
            if trig.text.isascii() and not re.search(r"[,\"”’']\s*$", stext[max(0, trig.start - 3):trig.start]):
                continue  # English is SVO: after "said" comes what was said, unless '"…," said the ministry'
            return a
    # the subject named at the head of the sentence («وكانت الوزارة، نفت …»)
    head = [a for a in mentions if a.start < trig.start and trig.start - a.end <= 60]
    if head:
        return head[0]
    return None


def _second_happenings(triggers: list[Trigger], live: list[Trigger], spans: list[tuple[int, int]],
                       date_mentions: list[Any]) -> list[Trigger]:
    """Another trigger of a type already reported, in a clause with a date of its own, is another
    happening: "strikes on Friday … for a drone strike … last Sunday"."""
    def dated_clause(pos: int) -> tuple[int, Any] | None:
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


def _joined(between: str, joiners: frozenset[str]) -> bool:
    """Whether the text between two place names joins them in a list: commas, a joiner («و»,
    "and"), and at most one word naming the kind of place («وميناء», "and the port of")."""
    words = [normalize(w) for w in re.findall(r"[\w\u0600-\u06FF'’-]+", between)]
    if re.sub(r"[\s,،]", "", between) == "":
        return True
    if not words:
        return False
    if words[0] in joiners:
        words = words[1:]
    elif any(len(j) == 1 and words[0].startswith(j) for j in joiners):
        words[0] = words[0][1:]  # a clitic joiner: «وميناء», «و»
        words = [w for w in words if w]
    else:
        return False
    return len([w for w in words if w not in ("the", "of")]) <= 1


def _listed_places(stext: str, chosen: Any, places: list[Any]) -> list[Any]:
    """The other places of a list of towns, sites or provinces that ``chosen`` belongs to
    («في مدينتي الفاشر ونيالا», "the towns of A, B and C"); none for countries, for a list after
    «بين»/"between" (one stretch), or for places of different kinds (a town and its province)."""
    if chosen is None or chosen.place.kind == "country":
        return []
    lists = type_lexicon().place_lists
    ms = sorted({(p.start, p.end): p for p in places}.values(), key=lambda p: p.start)
    at = next((k for k, p in enumerate(ms) if p.start == chosen.start), None)
    if at is None:
        return []
    lo = hi = at
    same = lambda p: p.place.kind == chosen.place.kind  # noqa: E731
    while lo > 0 and same(ms[lo - 1]) and _joined(stext[ms[lo - 1].end:ms[lo].start], lists.get("joiners", frozenset())):
        lo -= 1
    while hi + 1 < len(ms) and same(ms[hi + 1]) and _joined(stext[ms[hi].end:ms[hi + 1].start], lists.get("joiners", frozenset())):
        hi += 1
    if lo == hi:
        return []
    head = [normalize(w) for w in _prev_words(stext, ms[lo].start, 2)]
    if any(w in lists.get("spans", ()) or w[:1] in "وب" and w[1:] in lists.get("spans", ()) for w in head):
        return []
    seen = {chosen.place.id, chosen.place.name}
    out = []
    for p in ms[lo:hi + 1]:
        if p.place.id not in seen and p.place.name not in seen:
            seen |= {p.place.id, p.place.name}
            out.append(p)
    return out


def _per_place(ev: Event, others: list[Any]) -> list[Event]:
    """One event per other place of a list: the same happening's fields, its own place (the
    counts stay with the first: they are the list's total)."""
    out = []
    for p in others:
        e = dataclasses.replace(ev, actors=list(ev.actors), counts={}, mentions=[])
        _fill_place(e, p.place, p.text)
        e.event_id = make_event_id(ev.article_id, ev.sentence_start, ev.event_type, f"place{p.start}")
        out.append(e)
    return out


def _fill_place(ev: Event, place: Any, text: str | None, offset: Any = None, offset_text: str | None = None) -> None:
    ev.place_name = place.name
    ev.place_name_ar = getattr(place, "name_ar", None)
    ev.place_text = text
    ev.place_id = place.id
    ev.country = place.country
    ev.admin1 = getattr(place, "admin1", None)
    ev.lat, ev.lon = place.lat, place.lon
    ev.geo_precision = KIND_TO_GEO.get(place.kind, "city")
    if offset is not None:
        # "68 nautical miles southwest of X": the point the text gives, as approximate as the
        # compass word allows at that distance
        way = _COMPASS[round(offset.bearing / 45.0) % 8]
        ev.place_name = f"{offset.km:g} km {way} of {place.name}"
        ev.place_name_ar = f"{ev.place_name_ar} ({offset.km:g} km {way})" if ev.place_name_ar else None
        ev.place_id = f"{place.id}@{offset.km:g}km/{offset.bearing:g}"
        ev.place_text = offset_text or text
        ev.lat, ev.lon = offset.lat, offset.lon
        ev.geo_precision = _offset_precision(offset)


_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def _unresolved_place(ev: Event, stext: str, place_m: Any, words: list[tuple[int, int]], trig: Trigger) -> None:
    """A place phrase of the clause the gazetteer lacks («قرية X», "X village"): its words become
    the event's ``place_text``; the place stays the most specific known one of the clause, its
    precision no finer than a region (the happening is somewhere near it)."""
    if not words or ev.event_type in ("statement", "claim"):
        return
    s, e = min(words, key=lambda u: abs(u[0] - trig.start))
    if place_m is not None and (s <= place_m.start < e or getattr(place_m, "offset", None)
                                or GEO_RANK.get(ev.geo_precision, 0) >= GEO_RANK["city"]):
        return  # a known town or site of the clause is as specific as the phrase
    ev.place_text = stext[s:e]
    if ev.geo_precision in ("point", "city"):
        ev.geo_precision = "region"
    ev.__dict__["_place_fallback"] = True  # for the merge: a fallback is not the same place


def _offset_precision(offset: Any) -> str:
    """The geo precision of a point given by an offset: by how far off it may be."""
    u = offset.uncertainty_km
    return "city" if u <= 15 else "region" if u <= 100 else "country"


def _actors_for(mentions: list[ActorMention], trig: Trigger) -> list[str]:
    """Actor names of the sentence, persons only when they are near the trigger (they act)."""
    out = []
    for a in mentions:
        if a.actor.type == "person" and a.how == "title" and abs(a.start - trig.start) > 120:
            continue
        out.append(a.actor.name)
    return list(dict.fromkeys(out))


_TARGET_TYPES = ("non_state_armed_group", "militia")


# A word that introduces the agent of a happening named just before it: «هجوم شنه X»,
# «من قبل X», «على يد X», "an attack by X", "carried out by X".
_AGENT_RE = re.compile(
    r"(?:^|\s)(?:من قبل|من طرف|على يد|على أيدي|شن(?:ها|ته|تها|ه|وه)|نفذ(?:ها|ته|تها|ه|وه)|تبنا(?:ه|ها)|"
    r"by|carried out by|launched by|claimed by)\s*(?:ال)?$", re.IGNORECASE)
_COMPLEMENTIZER_RE = re.compile(r"(?:^|\s)(?:ب?أن|إن|ان|بان|that)(?:ه|ها)?(?=\s)", re.IGNORECASE)
_UNDERGOES_RE = re.compile(
    r"(?:(?:^|\s)[وف]?(?:تعرض|تعرضت|يتعرض|تتعرض|تعرضوا|يتعرضون)\s*(?:ل|لـ)?(?:هجوم|لهجوم|قصف|لقصف|استهداف|لاستهداف)?\s*(?:ب|بـ)?|"
    r"(?:^|\s)[وف]?(?:قتل|قتلوا|قتلا|قتلت|أصيب|أصيبوا|أصيبت|جرح|جرحوا|لقي|لقوا|لقيا)\s+(?:[\w\u0600-\u06FF]+\s+){0,5}?(?:في|ب|جراء|إثر|اثر)\s*|"
    r"\b(?:came|come|comes|coming)\s+under\s+(?:an?\s+|the\s+)?|"
    r"\b(?:was|were|been|being|is|are)\s+(?:killed|wounded|injured|hurt|targeted|hit|struck)\s+(?:in|by)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?)$",
    re.IGNORECASE)
_PASSIVE_AFTER_RE = re.compile(r"\s+(?:in|on|at|near|during|after|for|last|yesterday|earlier|this|inside|outside|over|while)\b", re.IGNORECASE)
_SUBORDINATE_RE = re.compile(r"[\s,،]*(?:و?فيما|و?بينما|في حين|حيث|الذي|التي|الذين|اللذين|اللتين|while|whereas|where|which|who)(?=\s)", re.IGNORECASE)
# A word that introduces the target: «هجوم على X», «ضد X», «استهدف X», "attack on X", "against X".
_TARGET_RE = re.compile(r"(?:^|\s)(?:على|ضد|استهدف\w*|تستهدف|يستهدف|against|on|targeting|at)\s*(?:ال)?$", re.IGNORECASE)
# «عقب الهجوم», "after the attack": the happening is a reference point of another clause; the
# actors around it act in that clause, not in it.
_REFERENCE_POINT_RE = re.compile(r"(?:^|\s)(?:عقب|بعد|إثر|اثر|قبيل|منذ|after|following|since|before)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)


def _roles(mentions: list[ActorMention], trig: Trigger, names: list[str], stext: str = "",
           clause: tuple[int, int] | None = None) -> tuple[str | None, str | None]:
    """actor1 (the agent) and actor2 (the target) of a happening, when the sentence names them.

    actor1, in this order: an actor introduced as the agent after the trigger («هجوم شنه X»,
    «من قبل X», "an attack by X", «هجوم لـX»); the subject before the trigger in its own clause
    (SVO); the actor right after the trigger (a genitive «هجمات X», or VSO «اعتقلت قوات الأمن»);
    then an actor of another clause. actor2: the actor after «على/ضد/استهدف», "against/on", else
    the first other actor after the trigger. An actor of another clause («حيث تشرف قسد على …»)
    is never preferred over one of the trigger's own clause.
    """
    if not names:
        return None, None
    ms = [a for a in mentions if a.actor.name in names]
    lo, hi = clause if clause is not None else (0, len(stext) or 10**9)
    own = [a for a in ms if lo <= a.start < hi]
    after = [a for a in own if a.start >= trig.end]
    before = [a for a in own if a.start < trig.start]

    def gap(a: ActorMention) -> str:
        return stext[trig.end:a.start] if stext else ""

    agent = None
    for a in after:
        g = stext[max(trig.end, a.start - 40):a.start] if stext else ""
        if _AGENT_RE.search(g) or (not gap(a).strip(" ـ") or gap(a).strip() in ("ل", "لـ")) and not before:
            agent = a
            break
        if len(gap(a)) > 80:
            break
    if agent is None and after and stext and gap(after[0]).strip() in ("ل", "لـ"):
        agent = after[0]
    if agent is None and after and stext and after[0].how == "adjective" and \
            len(re.findall(r"[\w\u0600-\u06FF]+", gap(after[0]))) <= 1:
        agent = after[0]  # «بضربة مسيرة تركية»: the nationality of the weapon is its user
    passive = bool(stext) and trig.text.isascii() and trig.text.lower().endswith("ed") and \
        bool(_PASSIVE_AFTER_RE.match(stext, trig.end)) and not re.search(r"\b(?:has|have|had)\s*$", stext[max(0, trig.start - 8):trig.start])
    # «سيارة تابعة لـX تعرضت لهجوم», "X commanders were killed in drone strikes": X is hit
    passive = passive or bool(stext) and trig.event_type != "armed_clash" and \
        bool(_UNDERGOES_RE.search(stext[max(0, trig.start - 60):trig.start]))
    if agent is None and before and stext and trig.text.isascii() and not stext[before[-1].end:trig.start].strip(" -"):
        agent = before[-1]  # "an ISIS attack", "a Turkish drone strike": the modifier is the agent
    if agent is not None:
        a1 = agent.actor.name
    elif passive and before:
        # "an IS sympathiser arrested in Austria": the actor before a participle is acted on
        return None, (before[-1].actor.name if trig.event_type not in ("statement", "claim", "deployment", "protest", "displacement", "other") else None)
    elif before:
        a1 = before[0].actor.name
    else:
        others_before = [a for a in ms if a.start < trig.start]
        # «أفادت الشبكة، التابعة لقسد، بأن قوات التحالف ستعقد اجتماعا»: the subject of the
        # reported content comes after the last «بأن/أن/إن/that» before the trigger
        comp = [m.end() for m in _COMPLEMENTIZER_RE.finditer(stext[:trig.start])] if stext else []
        if comp and any(a.start >= comp[-1] for a in others_before):
            others_before = [a for a in others_before if a.start >= comp[-1]]
        rest_after = [a for a in ms if a.start >= trig.end]
        if not others_before and after and trig.event_type in ("arrest", "attack", "airstrike", "bombing"):
            # "Police arrested two ISIS suspects": after the verb and its object comes the target
            return None, after[0].actor.name
        a1 = (others_before[0].actor.name if others_before else
              after[0].actor.name if after else rest_after[0].actor.name if rest_after else names[0])
    a2 = None
    for a in after:
        if a.actor.name != a1 and stext and _TARGET_RE.search(stext[max(trig.end, a.start - 30):a.start]):
            a2 = a.actor.name
            break
    if a2 is None:
        a2 = next((a.actor.name for a in after if a.actor.name != a1), None)
    if a2 is None and (agent is not None or trig.event_type == "armed_clash"):
        # the victims named first; the other side of a clash («مقتل عناصر من داعش في اشتباكات»)
        a2 = next((a.actor.name for a in before if a.actor.name != a1), None)
    if a2 is None and not stext:
        a2 = next((a.actor.name for a in ms if a.start >= trig.end and a.actor.name != a1), None)
    if trig.event_type in ("statement", "claim", "deployment", "protest", "displacement", "other"):
        a2 = None
    return a1, a2


def _generic(ev: Event, trig: Trigger) -> bool:
    """A plural trigger with no date, place or count is a trend or a habit («اجتماعات اللجان
    تركز على…», "attacks on bases"), not a happening the text reports."""
    word = trig.text
    plural = word.endswith(("ات", "attacks", "meetings", "strikes", "clashes", "operations")) or word.lower().endswith("s") and word.isascii()
    return plural and ev.date_text is None and ev.place_id is None and not ev.counts and not trig.echo


def _distinct(stext: str, trig: Trigger) -> bool:
    """"In another incident", «هجوم آخر»: explicitly not a happening reported before (a connective
    like «على الجانب الآخر» does not count)."""
    window = _CONNECTIVE_RE.sub(" ", stext[max(0, trig.start - 60):trig.end + 12])
    return bool(_DISTINCT_RE.search(window))


def _anaphoric(stext: str, trig: Trigger) -> bool:
    """A definite singular trigger («الاجتماع», "the meeting") or one followed by «المشار إليه»,
    «المذكور», «نفسه» points back to a happening."""
    if _BACKREF_RE.match(stext, trig.end):
        return True
    word = trig.text
    if word.startswith(("ال", "لل", "وال", "بال", "فال")) and not word.endswith("ات"):
        return True
    if word.lower().startswith(("the ", "this ")):
        return True
    before = stext[max(0, trig.start - 6):trig.start].lower()
    return before.endswith(("the ", "this ", "that ", "هذا ", "هذه ", "ذلك "))


def _info(ev: Event) -> int:
    return (PRECISION_RANK.get(ev.date_precision, 0) * 2 + GEO_RANK.get(ev.geo_precision, 0) * 2
            + len(ev.actors) + 2 * len(ev.counts))


def _confidence(ev: Event, trig: Trigger, inherited_date: bool) -> float:
    c = 0.45
    c += 0.15 if ev.date_precision != "unknown" else 0.0
    c += 0.15 if ev.place_id else 0.0
    c += 0.1 if ev.actors else 0.0
    c += 0.05 if ev.counts else 0.0
    if trig.weak:
        c -= 0.15
    if trig.echo:
        c -= 0.1
    if inherited_date:
        c -= 0.15
    return round(min(0.95, max(0.1, c)), 2)


def _main_place(votes: dict[str, list[Any]], weight: dict[str, float]) -> Any | None:
    """The article's main place: named in the title, in the lead, and most often."""
    if not votes:
        return None
    best = max(votes, key=lambda pid: weight.get(pid, 0.0))
    place = votes[best][0].place
    if place.kind == "country":
        # «هجوم في روسيا» in the title, «داغستان» in the story: the story's own place
        inside = [pid for pid in votes if votes[pid][0].place.kind != "country"
                  and votes[pid][0].place.country == place.country and weight.get(pid, 0.0) >= 1.0]
        if inside:
            place = votes[max(inside, key=lambda pid: weight.get(pid, 0.0))][0].place
    return place


def _compatible_dates(a: Event, b: Event) -> bool:
    if not a.date_start or not b.date_start:
        return True
    return a.date_start <= b.date_end and b.date_start <= a.date_end  # type: ignore[operator]


def _fallback(ev: Event) -> bool:
    return bool(ev.__dict__.get("_place_fallback"))


def _other_words(a: Event, b: Event) -> bool:
    """Do two events name different places that the gazetteer lacks? Then a shared fallback
    place (a district, a country) does not make them one happening."""
    if not (_fallback(a) and _fallback(b)) or not a.place_text or not b.place_text:
        return False
    ka, kb = " ".join(a.place_text.split()), " ".join(b.place_text.split())
    return ka not in kb and kb not in ka


def _compatible_places(a: Event, b: Event) -> bool:
    if _other_words(a, b):
        return False
    if not a.place_id or not b.place_id:
        return True
    if a.place_id == b.place_id:
        return True
    # a country and a place inside it («روسيا» and «موسكو»); a province and a city in it
    if a.geo_precision == "country" or b.geo_precision == "country":
        return a.country == b.country
    if a.geo_precision == "region" and b.admin1 and a.place_name == b.admin1:
        return True
    if b.geo_precision == "region" and a.admin1 and b.place_name == a.admin1:
        return True
    if a.geo_precision == b.geo_precision and a.place_name != b.place_name:
        return False  # two towns (or two sites) named apart are two places, however close
    return _near(a, b)


def _same_place(a: Event, b: Event) -> bool:
    """Evidence of one place: the same named place, or a site and its town — not a country
    both fall back to, nor a province and some town in it."""
    if a.place_id is None or b.place_id is None or "country" in (a.geo_precision, b.geo_precision):
        return False
    return a.place_id == b.place_id or a.geo_precision != b.geo_precision and _near(a, b)


def _near(a: Event, b: Event, km: float = 40.0) -> bool:
    """Two points or cities close enough to be one happening (a venue and its city)."""
    if a.lat is None or b.lat is None or a.country != b.country:
        return False
    if "region" in (a.geo_precision, b.geo_precision):
        return False
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon) <= km


def _same_kind(a: _Draft, b: _Draft) -> bool:
    """Reports of one happening have one type — except the generic word for it pointing back
    («قُتل في الهجوم», "the incident") after the specific kind (an airstrike, a bombing)."""
    ta, tb = a.event.event_type, b.event.event_type
    if ta == tb:
        return True
    family = ("attack", "airstrike", "bombing")
    # «مقتل زعيم التنظيم» (a weak "killing") and the strike that killed him are one happening
    return ta in family and tb in family and (a.anaphoric or b.anaphoric or a.trigger.weak or b.trigger.weak)


def _compatible(a: _Draft, b: _Draft) -> bool:
    if not _same_kind(a, b) or not _compatible_places(a.event, b.event):
        return False
    if _compatible_dates(a.event, b.event):
        return True
    for r, o in ((a, b), (b, a)):
        # a date that is only the report's: the happening took place on or before it
        if r.report_dated and not o.report_dated and o.event.date_end and r.event.date_end \
                and 0 <= (date.fromisoformat(r.event.date_end) - date.fromisoformat(o.event.date_end)).days <= 7:
            return True
    # «هذه الهجمات» in a statement the day after: a later reference dated by its own report
    later, earlier = (b, a) if b.sentence_index >= a.sentence_index else (a, b)
    return later.anaphoric and bool(later.event.date_start and earlier.event.date_end) and \
        later.event.date_start >= earlier.event.date_end and later.event.date_precision == "day"


def _same_happening(a: _Draft, b: _Draft) -> bool:
    ea, eb = a.event, b.event
    if not _compatible(a, b) or b.distinct or a.distinct and a.sentence_index > b.sentence_index:
        return False
    if ea.tense != eb.tense and "planned" in (ea.tense, eb.tense) and ea.date_start and eb.date_start:
        return False
    if ea.sentence_start == eb.sentence_start:
        return False  # one sentence, two triggers of one type were already one event
    if {ea.tense, eb.tense} == {"past", "ongoing"} and ea.date_start and eb.date_start \
            and ea.date_precision != eb.date_precision:
        return False  # "protests since August" and today's protest: a trend and one day of it
    # not a country both fall back to, nor two place phrases the gazetteer lacks (two villages)
    same_place = _same_place(ea, eb) and not _other_words(ea, eb)
    same_day = (ea.date_start is not None and ea.date_start == eb.date_start and ea.date_end == eb.date_end
                and ea.date_precision in ("day", "week", "month"))
    shared_actor = bool(set(ea.actors) & set(eb.actors))
    if same_place and (same_day or shared_actor or not ea.date_start or not eb.date_start):
        return True
    if same_day and shared_actor:
        return True
    if (a.trigger.weak or b.trigger.weak) and ea.event_type != eb.event_type and len(set(ea.actors) & set(eb.actors)) >= 2:
        return True  # a killing and the strike that caused it, by and against the same actors
    return (a.anaphoric or b.anaphoric) and (shared_actor or not eb.actors or not ea.actors or eb.place_id is None or same_place)


def _empty_backref(d: _Draft) -> bool:
    """A definite reference with no actor, place, date or count of its own."""
    e = d.event
    return (d.anaphoric and not d.distinct and not e.actors and e.place_id is None and not e.date_start
            and not e.counts and not d.trigger.echo)


_RECENT_GROUPS = 32  # a report is compared with the happenings most recently reported only
_REPS_PER_GROUP = 8  # … and with at most this many distinct reports of each: bounded work


def _signature(d: _Draft) -> tuple:
    """What ``_compatible``/``_same_happening`` read of an earlier report: reports with one
    signature compare alike, so a group keeps one or two of them (near-identical sentences
    repeated thousands of times cost linear time, not quadratic)."""
    e = d.event
    return (e.event_type, d.anaphoric, d.trigger.weak, d.report_dated, d.distinct, e.place_id, e.geo_precision,
            e.country, e.place_name, e.admin1, e.lat, e.lon, e.date_start, e.date_end, e.date_precision, e.tense,
            frozenset(e.actors))


@dataclass
class _Group:
    """The reports of one happening, and the few that stand for them when a report is compared."""

    drafts: list[_Draft]
    reps: dict[tuple, list[_Draft]] = field(default_factory=dict)

    def add(self, d: _Draft) -> None:
        self.drafts.append(d)
        sig = _signature(d)
        reps = self.reps.get(sig)
        if reps is None:
            if len(self.reps) < _REPS_PER_GROUP:
                self.reps[sig] = [d]
        elif len(reps) < 2 and reps[0].event.sentence_start != d.event.sentence_start:
            reps.append(d)  # two sentences: one of them is not the sentence of the next report

    def representatives(self) -> Iterable[_Draft]:
        for reps in self.reps.values():
            yield from reps


def _group_reports(drafts: list[_Draft]) -> list[list[_Draft]]:
    """Drafts in groups of one happening each (see ``_merge``)."""
    groups: list[_Group] = []
    recent: dict[int, _Group] = {}  # creation number -> group, least recently reported first
    for d in drafts:
        candidates = [recent[k] for k in sorted(recent)]  # in the order they were first reported
        target = None
        if _empty_backref(d):
            # «فإن الاجتماع المشار إليه يأتي في توقيت حساس»: nothing of its own, a definite
            # reference to a happening of its kind already reported → that happening
            earlier = [g for g in candidates
                       if any(_same_kind(x, d) and x.sentence_index < d.sentence_index for x in g.representatives())]
            if earlier:
                target = max(earlier, key=lambda g: g.drafts[-1].sentence_index)
        if target is None:
            # one report of the group says it is the same, and none contradicts it
            target = next((g for g in candidates if any(_same_happening(x, d) for x in g.representatives())
                           and all(_compatible(x, d) for x in g.representatives())), None)
        if target is None:
            target = _Group([])
            groups.append(target)
            recent[len(groups)] = target
        target.add(d)
        key = next(k for k, g in recent.items() if g is target)
        recent[key] = recent.pop(key)  # most recently reported last
        if len(recent) > _RECENT_GROUPS:
            del recent[next(iter(recent))]
    return [g.drafts for g in groups]


def _merge(drafts: list[_Draft], labels: dict[int, str | None] | None = None) -> list[Event]:
    """One event per happening: later reports fold into the first compatible event.

    ``labels`` (when given) receives, per event (by ``id``), the English label of the trigger
    that names it («الألعاب الأولمبية» → "Olympic Games"), for the headline."""
    groups = _group_reports(drafts)
    out = []
    for g in groups:
        # the first specific report names the happening (not a later «الهجوم» pointing back)
        main = max(g, key=lambda d: (not d.trigger.weak, not d.anaphoric, d.info, -d.sentence_index))
        ev = main.event
        best_date = max(g, key=lambda d: (d.event.date_start is not None and not d.report_dated,
                                          PRECISION_RANK.get(d.event.date_precision, 0), -d.sentence_index)).event
        best_place = max(g, key=lambda d: (GEO_RANK.get(d.event.geo_precision, 0), -d.sentence_index)).event
        if best_date is not ev:
            for f in ("date_start", "date_end", "date_precision", "date_text"):
                setattr(ev, f, getattr(best_date, f))
        if best_place is not ev and GEO_RANK.get(best_place.geo_precision, 0) > GEO_RANK.get(ev.geo_precision, 0):
            for f in ("place_name", "place_name_ar", "place_text", "place_id", "country", "admin1", "lat", "lon", "geo_precision"):
                setattr(ev, f, getattr(best_place, f))
        for d in g:
            if d is main:
                continue
            ev.actors = list(dict.fromkeys(ev.actors + d.event.actors))
            for k, v in d.event.counts.items():
                ev.counts.setdefault(k, v)
            ev.actor1 = ev.actor1 or d.event.actor1
            if not ev.actor2 and d.event.actor2 != ev.actor1:
                ev.actor2 = d.event.actor2
            ev.mentions.append({"sentence": d.event.sentence, "start": d.event.sentence_start, "end": d.event.sentence_end})
        if ev.actor2 == ev.actor1:
            ev.actor2 = None
        if len(g) > 1:
            ev.confidence = round(min(0.95, max(d.event.confidence for d in g) + 0.05), 2)
        ev.mentions.sort(key=lambda m: m["start"])
        if labels is not None:
            labels[id(ev)] = main.trigger.label or next((d.trigger.label for d in g if d.trigger.label), None)
        out.append(ev)
    out.sort(key=lambda e: (e.sentence_start or 0, e.event_type))
    return out


# --------------------------------------------------------------------------------------------
# Headlines

_PAST = {
    "attack": "attack", "armed_clash": "clashes", "airstrike": "airstrike", "bombing": "bombing",
    "arrest": "arrests", "prison_break": "prison break", "meeting": "meeting", "statement": "statement",
    "deployment": "deployment", "protest": "protest", "displacement": "displacement", "claim": "claim of responsibility",
    "other": "security event",
}


def _label(name: str | None) -> str:
    if not name:
        return ""
    a = actor_lexicon().get(name)
    if a is not None and a.short and a.short not in ("Coalition",):
        return a.short
    return name


def headline(ev: Event, label: str | None = None) -> str:
    """A short English line built from the fields ("SDF arrested 25 Islamic State members in Al-Hol camp").

    ``label`` is the English name the trigger gives the happening (event_types.yaml ``labels``:
    "Olympic Games", "summit", "ceasefire"); without one a generic word is used."""
    a1, a2 = _label(ev.actor1), ev.actor2
    where = f" in {ev.place_name}" if ev.place_name else ""
    c = ev.counts
    planned = ev.tense == "planned"
    t = ev.event_type
    if t == "arrest":
        n = f"{c['arrested']} " if "arrested" in c else ""
        who = f"{a2} members" if a2 else ("people" if n else "suspects")
        h = f"{a1} arrested {n}{who}{where}" if a1 else f"{n}{who} arrested{where}"
    elif t == "attack":
        h = f"{a1 + ' ' if a1 else ''}{'attacks' if c.get('attacks', 0) > 1 else 'attack'}{where}"
        if c.get("attacks", 0) > 1:
            h = f"{c['attacks']} {h}"
    elif t == "airstrike":
        h = f"{a1 + ' ' if a1 else ''}airstrike{where}"
    elif t == "bombing":
        h = f"Bombing{where}" + (f" by {a1}" if a1 else "")
    elif t == "armed_clash":
        h = f"Clashes{' between ' + a1 + ' and ' + a2 if a1 and a2 else (' involving ' + a1 if a1 else '')}{where}"
    elif t == "prison_break":
        h = f"Prison break{where}" + (f": {c['escaped']} escaped" if "escaped" in c else "")
    elif t == "meeting":
        h = f"{a1 + ' ' if a1 else ''}{label or 'meeting'}{where}"
    elif t == "statement":
        h = f"{a1 or 'Official'} statement{where}"
    elif t == "deployment":
        h = f"{a1 + ' ' if a1 else ''}deployment{where}" + (f" (about {c['troops']} troops)" if "troops" in c else "")
    elif t == "protest":
        h = f"Protest{where}"
    elif t == "displacement":
        h = f"Displacement{' from ' + ev.place_name if ev.place_name else ''}"
    elif t == "claim":
        h = f"{a1 or 'Group'} claims responsibility" + (f" for {c['attacks']} attacks" if "attacks" in c else "") + where
    elif label:
        h = f"{label}{where}" + (f" ({a1})" if a1 else "")
    else:
        # a happening with no name of its own: "Planned event in Paris", "Event involving IS in Mosul"
        h = f"{'event' if not planned else ''}{' involving ' + a1 if a1 else ''}{where}"
    if "killed" in c and t not in ("arrest",):
        h += f", {c['killed']} killed"
    if "injured" in c and t not in ("arrest",):
        h += f", {c['injured']} injured"
    h = h.strip()
    if planned and t == "other" and not label:
        return "Planned event" + (" " + h if h else "")
    h = h[:1].upper() + h[1:]
    return ("Planned: " + h) if planned else h
