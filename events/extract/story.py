"""Reading one article sentence by sentence: what carries over from one sentence to the next
(actors already named, the article's places and main armed group, the event a sentence may
continue), and the drafts of events that are merged at the end."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from events.actors import ActorMention, actor_countries, find_actors, load_lexicon as _actor_lexicon
from events.crowds import crowd_labels
from events.extract.anchors import flashback
from events.extract.assemble import SentenceFacts, _assemble, _confidence, _count_from_another, _info, _report_dated
from events.extract.cues import cues, likeness
from events.extract.headline import headline
from events.extract.merge import _Draft, _merge
from events.extract.places import (MAX_ARTICLE, MAX_SENTENCE, _article_country, _fallback, _fill_place, _in_sentence,
                                   _main_place, _per_place, _places)
from events.extract.roles import _hosts, main_armed_group, unnamed_agent
from events.extract.scope import _anaphoric, _dateline_end, _dates, _distinct, _generic, _published, _second_happenings
from events.matcher import cached_tokens, quick_words
from events.schema import Article, Event, validate
from events.sentences import Sentence, clauses, split_sentences
from events.types import Trigger, attributes_of as kind, find_triggers, sentence_types
from geo.arabic import script_of
from geo.find import unresolved_places


@dataclass
class _Story:
    """What the reading of one article carries from sentence to sentence."""

    article: Article
    published: date | None
    language: str | None
    vague_counts: bool
    dateline: int = 0
    doc_places: list[Any] = field(default_factory=list)
    country: str | None = None
    drafts: list[_Draft] = field(default_factory=list)
    known_actors: set[str] = field(default_factory=set)
    place_votes: dict[str, list[Any]] = field(default_factory=dict)
    place_weight: dict[str, float] = field(default_factory=dict)
    armed_votes: dict[str, int] = field(default_factory=dict)
    prev_event: Event | None = None
    prev_index: int = -10
    sentences: list[Sentence] = field(default_factory=list)
    day_cache: dict[int, tuple[bool, list[tuple[int, date]]]] = field(default_factory=dict)

    def earlier_days(self, k: int) -> tuple[bool, list[tuple[int, date]]]:
        """Whether sentence k is background, and its day-precise dates (offset, day): what a
        date counted from another happening may count from."""
        if k < 0 or k >= len(self.sentences):
            return False, []
        if k not in self.day_cache:
            stext = self.sentences[k].text[:MAX_SENTENCE]
            days = [(d.start, d.date_end or d.date_start) for d in _dates(stext, self.published)
                    if d.precision == "day" and d.date_start is not None
                    and ((d.date_end or d.date_start) - d.date_start).days <= 1]
            self.day_cache[k] = (flashback(stext), days)
        return self.day_cache[k]

    def vote_place(self, p: Any, weight: float) -> None:
        self.place_votes.setdefault(p.place.id, []).append(p)
        self.place_weight[p.place.id] = self.place_weight.get(p.place.id, 0.0) + weight

    def vote_armed(self, mentions: list[ActorMention]) -> None:
        for a in mentions:
            if a.actor.type == "non_state_armed_group":
                self.armed_votes[a.actor.name] = self.armed_votes.get(a.actor.name, 0) + 1


def read_article(article: Article, vague_counts: bool) -> list[Event]:
    """The events of one article (``extract_article``)."""
    text = article.text or ""
    if not text.strip():
        return []
    language = article.language if article.language in ("ar", "en") else script_of(text[:2000])
    story = _Story(article, _published(article), language, vague_counts, _dateline_end(text))
    # actors named in the title count as already named («التنظيم» in the first sentence)
    if article.title:
        story.known_actors |= {a.actor.name for a in find_actors(article.title)}
        tmask = [(a.start, a.end) for a in find_actors(article.title)]
        for p in _places(article.title[:MAX_SENTENCE], tmask, language):
            if not getattr(p, "metonymy", False) and not getattr(p, "role", None):
                story.vote_place(p, 2.0)  # the title names the story's place
    may_find = _prefilter()
    # places are found once in the whole text: the article's countries are the context that
    # lets a small town of theirs be read on the evidence around its name
    story.doc_places = _places(text[:MAX_ARTICLE], [], language)
    story.country = _article_country(article, language, story.doc_places, actor_countries(article.title, text))
    story.sentences = list(split_sentences(text))
    for si, sent in enumerate(story.sentences):
        stext = sent.text[:MAX_SENTENCE]
        if not may_find(quick_words(stext)):
            continue  # nothing to find: skip tokenizing (big inputs are mostly such lines)
        _read_sentence(story, si, sent, stext)
    return _finish(story)


def _read_sentence(story: _Story, si: int, sent: Sentence, stext: str) -> None:
    """Find what one sentence names and add the drafts of the happenings it reports."""
    toks = cached_tokens(stext)
    triggers = find_triggers(stext, toks)
    actor_mentions = find_actors(stext, known=story.known_actors, toks=toks, persons=bool(triggers), country=story.country)
    if triggers and actor_mentions:
        # "Popular Mobilization Forces": a trigger inside an actor's name is not one
        triggers = [t for t in triggers if not any(a.start <= t.start < a.end for a in actor_mentions)]
    live = sentence_types(stext, triggers) if triggers else []
    if not live:
        story.known_actors |= {a.actor.name for a in actor_mentions}
        story.vote_armed(actor_mentions)
        return
    facts = _facts(story, si, sent, stext, toks, triggers, live, actor_mentions)
    _add_drafts(story, si, facts, triggers)
    story.vote_armed(facts.actors)


def _facts(story: _Story, si: int, sent: Sentence, stext: str, toks: Any, triggers: list[Trigger],
           live: list[Trigger], actor_mentions: list[ActorMention]) -> SentenceFacts:
    """The places, actors, dates and clauses of a sentence that reports a happening."""
    mask = [(a.start, a.end) for a in actor_mentions]
    places = _in_sentence(story.doc_places, sent.start, len(stext), mask)
    # «قرية X» where the gazetteer lacks X: the words are kept, the clause's known place used
    unresolved = unresolved_places(stext, [(p.start, p.end) for p in _in_sentence(story.doc_places, sent.start, len(stext), [])])
    # the place finder's metonymy flag decides whether a capital is an actor
    if any(a.how == "capital" for a in actor_mentions) or any(getattr(p, "metonymy", False) for p in places):
        actor_mentions = find_actors(stext, known=story.known_actors, toks=toks, places=places, country=story.country)
    actor_mentions = [a for a in actor_mentions if not (a.how == "capital" and _hosts(stext, a.end, a.start))]
    story.known_actors |= {a.actor.name for a in actor_mentions}
    # a name in a non-place role ("Iran-backed", «الحدود مع العراق», "Mali's army") is not
    # where anything happened
    places = [p for p in places if (not getattr(p, "metonymy", False) or _hosts(stext, p.end, p.start))
              and not getattr(p, "role", None)
              and not (sent.start + p.start < story.dateline)
              and not any(a.start <= p.start < a.end for a in actor_mentions)]
    compared = likeness().search(stext)  # "similar to those used in Ukraine": not the story's place
    for p in places:
        if compared is None or p.start < compared.start():
            story.vote_place(p, (1.5 if si == 0 else 1.0) - si * 1e-4)
    date_mentions = _dates(stext, story.published)
    spans = clauses(stext)
    strong_pos = [t.start for t in triggers if t.cancelled is None and not t.weak and t.event_type != "statement"
                  and (not t.echo or t in live)]
    live = live + _second_happenings(triggers, live, spans, date_mentions)
    return SentenceFacts(story.article, sent, stext, live, spans, strong_pos, date_mentions, places, actor_mentions,
                         story.published, story.vague_counts, unresolved)


def _add_drafts(story: _Story, si: int, facts: SentenceFacts, triggers: list[Trigger]) -> None:
    """One draft per happening the sentence reports (and per other place of a list)."""
    stext, live = facts.text, facts.live
    continues = bool(cues().continues.match(stext)) or (story.language == "ar" and bool(cues().arabic_lead.match(stext)))
    has_claim = any(t.event_type == "claim" for t in live)
    built: dict[int, Event | None] = {}
    listed: dict[int, list[Any]] = {}
    for trig in live:
        built[id(trig)] = _assemble(facts, trig, listed.setdefault(id(trig), []))
    # «أعلنت القيادة استنفار قواتها»: announcing a deployment under way is the deployment; a
    # deployment announced for later («موعدا لانطلاق الخطة الأمنية») leaves the announcement
    if any(kind(t.event_type).replaces_announcement and (b := built[id(t)]) is not None and b.tense != "planned" for t in live):
        live = [t for t in live if t.event_type != "statement"]
    for trig in live:
        ev = built[id(trig)]
        if ev is None:
            continue
        if has_claim and not any(a.actor.type == "non_state_armed_group" for a in facts.actors) and story.armed_votes:
            # «أعلن مسؤوليته عن …»: the unnamed subject is the article's main armed group
            group = max(story.armed_votes, key=lambda g: story.armed_votes[g])
            ev.actors.insert(0, group)
            ev.actor1 = group
        if _generic(ev, trig):
            continue
        inherited_date = _inherit_date(story, si, stext, ev)
        if ev.date_precision == "unknown" and not trig.planned:
            _count_from_another(ev, stext, trig, triggers, facts.spans, facts.dates, story.drafts, si,
                                story.earlier_days)
        inherited_place = False
        if ev.place_id is None and ev.country is None and not kind(ev.event_type).report:
            inherited_place = True  # filled in after the main place is known
            # the article's place is evidence of one place for the merge only where the
            # sentence goes on from the one before («وأضاف», "Meanwhile")
            ev.__dict__["_place_inherited"] = not continues
            if not _fallback(ev):
                ev.place_text = None
        ev.confidence = _confidence(ev, trig, inherited_date)
        story.drafts.append(_Draft(ev, trig, _info(ev), _anaphoric(stext, trig), si, inherited_place,
                                   _distinct(stext, trig), not inherited_date and _report_dated(stext, ev, trig)))
        for other in _per_place(ev, listed.get(id(trig), [])):
            story.drafts.append(dataclasses.replace(story.drafts[-1], event=other, info=_info(other)))
        if not trig.second or story.prev_index != si:  # the story goes on from the sentence's main happening
            story.prev_event, story.prev_index = ev, si


def _inherit_date(story: _Story, si: int, stext: str, ev: Event) -> bool:
    """An undated event of a sentence that continues the one before takes that one's date."""
    prev = story.prev_event
    if ev.date_precision == "unknown" and prev is not None and si - story.prev_index == 1 \
            and cues().continues.match(stext) and prev.date_start:
        ev.date_start, ev.date_end = prev.date_start, prev.date_end
        ev.date_precision, ev.date_text = prev.date_precision, prev.date_text
        ev.tense = prev.tense
        return True
    return False


def _finish(story: _Story) -> list[Event]:
    """The article's main place for drafts without one, then one event per happening."""
    main = _main_place(story.place_votes, story.place_weight)
    for d in story.drafts:
        if d.inherit_place and main is not None and not d.anaphoric:
            words = d.event.place_text if _fallback(d.event) else None  # «قرية X» kept
            _fill_place(d.event, main, words)
            if words and d.event.geo_precision in ("point", "city"):
                d.event.geo_precision = "region"
            d.event.confidence = round(max(0.1, d.event.confidence - 0.15), 2)
    labels: dict[int, str | None] = {}
    events = _merge(list(story.drafts), labels)
    group = main_armed_group(story.armed_votes)
    types = {a.name: a.type for a in _actor_lexicon().actors.values()}
    for ev in events:
        if unnamed_agent(ev.event_type, [types.get(n, "person") for n in ev.actors], group):
            assert group is not None
            ev.actors.insert(0, group)
            ev.actor1 = ev.actor1 or group
        ev.actors = list(dict.fromkeys(ev.actors + crowd_labels(ev, story.country)))
        ev.headline = headline(ev, labels.get(id(ev)))
        validate(ev)
    return events


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
