"""One event for one trigger of a sentence: its date, place, tense, actors and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from events.actors import ActorMention
from events.counts import counts_of, find_counts
from events.extract.anchors import EarlierDays, anchor_day, date_choice, flashback
from events.extract.cues import cues, likeness
from events.extract.merge import _Draft
from events.extract.places import (GEO_RANK, _fill_place, _listed_places, _locative, _offset_precision,
                                   _unresolved_place, broad, place_rank)
from events.extract.roles import _actors_for, _area_of, _hosts, _is_speaker, _non_state_only, _reporters, _roles, _speaker
from events.dates import PLANNED, tense_of
from events.extract.scope import PRECISION_RANK, _adverbial, _anaphoric, _clause_of, _iso, _since, _tense
from events.schema import Article, Event, make_event_id
from events.sentences import Sentence
from events.types import Trigger, attributes_of as kind
from geo.arabic import script_of


@dataclass
class SentenceFacts:
    """What one sentence offers the assembly of its events (found once, read per trigger)."""

    article: Article
    sent: Sentence
    text: str  # the sentence text (cut at MAX_SENTENCE)
    live: list[Trigger]  # the triggers that report happenings
    spans: list[tuple[int, int]]  # its clauses
    strong_pos: list[int]  # where the triggers of specific happenings start
    dates: list[Any]
    places: list[Any]
    actors: list[ActorMention]
    published: date | None
    vague_counts: bool = False
    unresolved: list[tuple[int, int]] = field(default_factory=list)  # place phrases the gazetteer lacks


@dataclass
class _Where:
    """The clause of a trigger and the clauses that may lend it their date and place."""

    k: int
    clause: tuple[int, int]
    free: list[tuple[int, int]]

    def in_clause(self, pos: int) -> bool:
        return self.clause[0] <= pos < self.clause[1]

    def in_free(self, pos: int) -> bool:
        return any(s[0] <= pos < s[1] for s in self.free)


def _where(facts: SentenceFacts, trig: Trigger) -> _Where:
    spans = facts.spans
    k = _clause_of(spans, trig.start)
    clause = spans[k]
    # clauses that report no other happening may lend their date and place
    free = [s for j, s in enumerate(spans) if j != k and not any(s[0] <= p < s[1] for p in facts.strong_pos)]
    if trig.echo:  # «… مثلما حدث في موسكو قبل شهر»: only what follows the comparison
        clause = (trig.start, spans[k][1])
        free = [s for s in free if s[0] >= trig.start]
    return _Where(k, clause, free)


def _assemble(facts: SentenceFacts, trig: Trigger, listed: list[Any] | None = None) -> Event | None:
    """One event for one trigger of a sentence, or None when the rules say it is not one.
    ``listed`` receives the other places of a list the event's place belongs to."""
    etype = trig.event_type
    stext = facts.text
    w = _where(facts, trig)
    scoped = _scoped_actors(facts, trig, w)
    parties = _parties(facts, trig, w, scoped)
    if parties is None:
        return None
    actors, speaker, places = parties
    if trig.weak and not actors and not counts_of(stext, event_type=etype):
        return None
    date_m, vague_dm = _choose_date(facts, trig, w)
    place_m = _choose_place(facts, trig, w, places, listed)

    article, sent = facts.article, facts.sent
    ev = Event(
        article_id=article.id, source=article.source, url=article.url, published=_iso(facts.published),
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
    _unresolved_place(ev, stext, place_m, [u for u in facts.unresolved if w.in_clause(u[0])], trig)
    _set_tense(facts, ev, trig, w, date_m)

    ev.actors = [a for a in dict.fromkeys(actors)]
    before = [a for a in scoped if a.start < trig.start]
    retyped = kind(etype).non_state
    if retyped and _non_state_only(before or scoped):
        # a drone attack by a militia is an attack (ACLED: air/drone strikes are by states)
        ev.event_type = etype = retyped
    ev.actor1, ev.actor2 = _roles(scoped, trig, ev.actors, stext, w.clause)
    if speaker is not None:
        ev.actor1 = speaker.actor.name
    _set_counts(facts, ev, w)
    extra = f"{trig.start}" if trig.echo or trig.second else ""
    ev.event_id = make_event_id(article.id, sent.start, etype, extra)
    return ev


def _scoped_actors(facts: SentenceFacts, trig: Trigger, w: _Where) -> list[ActorMention]:
    """The actor mentions that may take part in the trigger's happening."""
    stext, spans = facts.text, facts.spans
    # a clause of its own proposition («فيما قدرت لجنة الأمم المتحدة …», «حيث تشرف قسد …»,
    # "while …", "where …") lends its date and place, not its actors
    own_free = [f for f in w.free if not cues().subordinate.match(stext, f[0])]
    scoped = [a for a in facts.actors if (w.in_clause(a.start) or any(f[0] <= a.start < f[1] for f in own_free))
              and not _area_of(stext, a)]
    if not scoped and w.k > 0 and not trig.echo:
        # the subject carries over from the clause just before ("… as the army pushed the
        # group out of the town, which was retaken …")
        prev = spans[w.k - 1]
        scoped = [a for a in facts.actors if prev[0] <= a.start < prev[1]]
    if kind(trig.event_type).strike and \
            cues().reference_point.search(stext[max(0, trig.start - 30):trig.start]):
        # «كشف عنها ماكرون عقب الهجوم الأخير في روسيا»: Macron acts in the revealing, not in the attack
        scoped = [a for a in scoped if a.start >= trig.end and w.in_clause(a.start)]
    return scoped


def _parties(facts: SentenceFacts, trig: Trigger, w: _Where, scoped: list[ActorMention]
             ) -> tuple[list[str], ActorMention | None, list[Any]] | None:
    """The happening's actor names, a statement's speaker and the places it may be at; None
    for a statement without a speaker."""
    etype, stext, places = trig.event_type, facts.text, facts.places
    actors = _actors_for(scoped, trig)
    needs_speaker = kind(etype).needs_speaker
    speaker = _speaker(stext, scoped, trig, w.clause) if needs_speaker else None
    if needs_speaker and speaker is None:
        return None  # a statement needs a speaker: «تشير تقارير الأمم المتحدة», "the ministry said"
    if speaker is not None:
        # what was said («إن التنظيم …», "said a group of ISIS fighters …") is not where or by
        # whom it was said: the statement's actors and place come before its content
        comp = cues().complementizer.search(stext, trig.end)
        content = trig.end if speaker.start < trig.start else (comp.start() if comp else len(stext))
        content = max(content, speaker.end)
        actors = [n for n in actors if any(a.actor.name == n and a.start < content for a in scoped)]
        places = [p for p in places if p.start < content]
    else:
        # the one who tells of an arrest or an attack does not take part in it
        actors = [n for n in actors if not any(a.actor.name == n and a.how == "title" and _is_speaker(stext, a) for a in scoped)]
        if kind(etype).violent:
            # «قال جهاز مكافحة الإرهاب إن ضربة …», "a source from the security forces told …":
            # who reports a violent happening is not one of its parties (unless named in it too)
            rep = _reporters(stext, scoped, trig)
            actors = [n for n in actors if not any(a.actor.name == n for a in rep)
                      or any(a.actor.name == n and a not in rep for a in scoped)]
    return actors, speaker, places


def _choose_date(facts: SentenceFacts, trig: Trigger, w: _Where) -> tuple[Any | None, list[Any]]:
    """The date mention of the happening (or None), and the vague ones of its clause."""
    etype, stext, spans, date_mentions = trig.event_type, facts.text, facts.spans, facts.dates
    dated = [d for d in date_mentions if getattr(d, "date_start", None) is not None]
    dm = [d for d in dated if w.in_clause(d.start)]
    if etype == "claim":
        # «تبنى داعش الهجوم على الكنيسة صباح الأحد»: a date after the claimed attack is the attack's
        claimed = [p for p in facts.strong_pos if p > trig.start]
        if claimed:
            dm = [d for d in dm if d.start < min(claimed)]
    elif kind(etype).claimable:
        # "The Houthis on Wednesday claimed an attack": a date before the claim is the claim's
        claims = [t.start for t in facts.live if t.event_type == "claim" and t.start < trig.start
                  and _clause_of(spans, t.start) == w.k]
        if claims:
            dm = [d for d in dm if d.start > max(claims)]
    if not dm or all(_says_when(stext, d, trig) for d in dm):
        # (a date of the report frame, "said on Thursday it had detained …, during raids on …")
        dm = _linked_clause_dates(facts, w, dated) or dm
    if not dm and not trig.planned and etype != "claim":  # a foiled plot is not dated by its announcement
        dm = [d for d in dated if w.in_free(d.start)]
    if not dm and kind(etype).report:
        # «أعلن تنظيم داعش، اليوم الأربعاء، مسؤوليته عن …»: a date between the speaker and the
        # claim or statement is the report's, and the report is the claim
        dm = [d for d in dated if w.in_free(d.start)
              and d.end <= trig.start and not any(d.end <= p < trig.start for p in facts.strong_pos)]
    if len(dm) > 1 and not kind(etype).report:
        # «قال الوزير اليوم إن القوات اعتقلت … أمس»: the date of the report frame is not the happening's
        comp = cues().complementizer.search(stext, 0, trig.start)
        if comp is not None and cues().speech.search(stext, 0, comp.start()):
            inside = [d for d in dm if d.start >= comp.end()]
            dm = inside or dm
        dm = _past_the_frame(stext, trig, dm, [p for p in facts.strong_pos if p != trig.start])
    if w.k > 0 and spans[0] in w.free and not trig.planned and not trig.echo:
        # «ففي عام 2024 وحده، أعلن مسؤوليته عن …», «وفي شهر آب الماضي، وصلت القافلة الثالثة إلى
        # المدينة»: a sentence-initial adverbial date governs the clauses that follow it — a
        # claim's too — over a date of its own clause that only opens a span
        lead = [d for d in dated if spans[0][0] <= d.start < spans[0][1]]
        if lead and _adverbial(stext, spans[0], lead):
            # («منذ بداية العام» / "since January" only frames a count)
            if not dm and etype == "claim" or dm and all(_since(stext, d) for d in dm):
                dm = lead
    dm = _own_dates(trig, dm, facts.strong_pos)
    dm.sort(key=lambda d: abs(d.start - trig.start))
    if dm and not w.in_clause(dm[0].start) and _counted_from_another(facts, trig, w):
        dm = []  # «وقبل ذلك بيومين، استهدفت …، وشيع جثمانه صباح الاثنين»: its own date counts from another
    vague_dm = [d for d in date_mentions if getattr(d, "date_start", None) is None and w.in_clause(d.start)]
    return (dm[0] if dm else None), vague_dm


def _linked_clause_dates(facts: SentenceFacts, w: _Where, dated: list[Any]) -> list[Any]:
    """The dates of a clause that shares the happening's time: the frame it took place in, right
    after it («توقيف خمسة، وذلك خلال عمليات نفذت ما بين …», "… during raids carried out on …"),
    or, for a clause of its outcome («…، أسفر عن نزوح …», "…, resulting in …"), the clause before."""
    spans, stext, dc = facts.spans, facts.text, date_choice()
    k = w.k
    if k + 1 < len(spans) and dc.frame.match(stext, spans[k + 1][0]):
        nxt = spans[k + 1]
        return [d for d in dated if nxt[0] <= d.start < nxt[1]]
    if k > 0 and dc.result.match(stext, spans[k][0]):
        prev = spans[k - 1]
        return [d for d in dated if prev[0] <= d.start < prev[1]]
    return []


def _counted_from_another(facts: SentenceFacts, trig: Trigger, w: _Where) -> bool:
    """A date counted from another happening in the trigger's clause or in the clause that opens
    the sentence before it («وقبل ذلك بيومين، …», "A day earlier, …")."""
    lead = facts.spans[0]
    return any(getattr(d, "offset", None) is not None and getattr(d, "date_start", None) is None
               and (w.in_clause(d.start) or lead[0] <= d.start < lead[1] and d.end <= trig.start) for d in facts.dates)


def _own_dates(trig: Trigger, dm: list[Any], strong_pos: list[int]) -> list[Any]:
    """"Gunmen attacked a post on Monday and police arrested two on Wednesday": a time adverbial
    follows its verb, so a date belongs to the last trigger before it. A trigger keeps its own
    dates when it has some, else the ones before every trigger («أعلنت الوزارة، اليوم، …»), else all."""
    pos = sorted(set(strong_pos) | {trig.start})
    if len(pos) < 2 or len(dm) < 2:
        return dm

    def owner(d: Any) -> int | None:
        before = [p for p in pos if p < d.start]
        return before[-1] if before else None
    own = [d for d in dm if owner(d) == trig.start]
    return own or [d for d in dm if owner(d) is None] or dm


def _says_when(stext: str, d: Any, trig: Trigger) -> bool:
    """A date between a verb of saying and the trigger: the announcement's («أعلنت، اليوم، عن …»)."""
    return bool(d.end <= trig.start and cues().speech.search(stext, max(0, d.start - 80), d.start))


def _past_the_frame(stext: str, trig: Trigger, dm: list[Any], others: list[int]) -> list[Any]:
    """«أعلنت الوزارة، اليوم الأربعاء، عن توقيف خمسة … خلال الفترة بين 30 يوليو و5 أغسطس», "Police
    said on Monday they arrested five on Saturday": a date between a verb of saying and the
    trigger dates the announcement; a date after the trigger (before any other happening's
    trigger: «اعتقال الثاني بعد اعتقال الأول مساء أمس») is the happening's own."""
    frame = [d for d in dm if _says_when(stext, d, trig)]
    after = [d for d in dm if d.start >= trig.end and not any(trig.end <= p < d.start for p in others)]
    return after if frame and after else dm


def _choose_place(facts: SentenceFacts, trig: Trigger, w: _Where, places: list[Any],
                  listed: list[Any] | None) -> Any | None:
    """The place mention where the happening took place, or None; ``listed`` receives the
    other places of a list it belongs to."""
    etype, stext = trig.event_type, facts.text
    # a claim is placed only where it was made (its own clause, after a locative word);
    # the place of the attack it claims belongs to the attack
    compared = likeness().search(stext)
    if compared:  # "similar to those used … in Ukraine": not where this happened
        places = [p for p in places if p.start < compared.start()]
    if etype == "claim":
        cand = [p for p in places if w.in_clause(p.start) and _locative(stext, p.start) > 0 and p.start < trig.start]
    else:
        cand = [p for p in places if w.in_clause(p.start)] or [p for p in places if w.in_free(p.start)]
        if not cand and not trig.echo:
            # «… غارتين على مطار X، بعد ضربات استهدفته مساء السبت»: a clause that names no place
            # refers back to the sentence's last place before it rather than to the article's
            cand = [p for p in places if p.start < w.clause[0] and _locative(stext, p.start) >= 0][-1:]
    if not cand:
        return None

    def score(p: Any) -> tuple:
        off = getattr(p, "offset", None)
        loc = 2 if _hosts(stext, p.end, p.start) else 1 if off else _locative(stext, p.start)
        # a position off a place is more specific than the named area around it
        rank = GEO_RANK.get(_offset_precision(off), 0) + 0.5 if off else place_rank(p.place)
        return (loc >= 0, loc, rank, getattr(p, "score", 0.0), -abs(p.start - trig.start))

    cand = [p for p in cand if _locative(stext, p.start) >= 0] or cand
    place_m = max(cand, key=score)
    if broad(place_m.place) and etype != "claim":
        # "in Mauritania's capital, Nouakchott", «في سوريا، وتحديدا في حلب»: a place inside the
        # country named where it may be read is the more specific reading of where it happened
        inside = [p for p in places if (w.in_clause(p.start) or w.in_free(p.start)) and not broad(p.place) and p.place.country == place_m.place.country
                  and _locative(stext, p.start) >= 0]
        if inside:
            place_m = max(inside, key=score)
    if listed is not None and not kind(etype).report:
        listed.extend(_listed_places(stext, place_m, cand))
    return place_m


def _set_tense(facts: SentenceFacts, ev: Event, trig: Trigger, w: _Where, date_m: Any | None) -> None:
    stext, published = facts.text, facts.published
    clause_text = stext[w.clause[0]:w.clause[1]]
    if trig.planned:
        ev.tense = "planned"
    elif trig.echo:
        ev.tense = "past"
    else:
        t = getattr(date_m, "tense", None) if date_m is not None else None
        ev.tense = t if t in ("past", "ongoing", "planned") else _tense(clause_text)
    if published and ev.date_start and date.fromisoformat(ev.date_start) > published:
        ev.tense = "planned"
    elif kind(trig.event_type).past_unless_future and ev.tense == "planned" and not trig.planned and \
            not _future_before(stext, trig.start):
        ev.tense = "past"  # "arrested in Austria was planning an attack": the plan is planned, not the arrest


def _future_before(stext: str, pos: int) -> bool:
    """A future cue in the words just before a trigger («سوف», «ستنفذ», "will"), whole words only."""
    window = stext[max(0, pos - 25):pos]
    return bool(cues().future.search(window)) or tense_of(window) == PLANNED


def _set_counts(facts: SentenceFacts, ev: Event, w: _Where) -> None:
    """Counts in the same scope as the date and place: two convoys of one sentence keep their own."""
    etype = ev.event_type
    exclude = [(d.start, d.end) for d in facts.dates]
    keys = kind(etype).counts
    ev.counts = {}
    for c in find_counts(facts.text, event_type=etype, exclude=exclude, vague=facts.vague_counts):
        if c.key in keys and (w.in_clause(c.start) or w.in_free(c.start)):
            ev.counts.setdefault(c.key, c.value)


def _count_from_another(ev: Event, stext: str, trig: Trigger, triggers: list[Trigger], spans: list[tuple[int, int]],
                        date_mentions: list[Any], drafts: list["_Draft"], si: int, earlier: EarlierDays) -> None:
    """Date an event by a date counted from another happening («وقبل ذلك بيومين», "a day
    earlier", «بعد ثلاثة أيام من هجوم», "This came one day after an attack"), from the day of the
    happening reported last before it. The mention is in the trigger's clause or in a clause that
    opens the sentence; a "named" mention dates the happening named right after it, and the
    other happenings of its sentence the other way round («وبعد 24 ساعة من الهجوم، اعتقلت …»)."""
    k = _clause_of(spans, trig.start)
    rel = [d for d in date_mentions if getattr(d, "offset", None) is not None and getattr(d, "date_start", None) is None
           and (spans[k][0] <= d.start < spans[k][1] or spans[0][0] <= d.start < spans[0][1] and d.end <= trig.start)]
    if not rel:
        return
    d = min(rel, key=lambda d: abs(d.start - trig.start))
    ev.date_text = ev.date_text or d.text  # the words stay, even when nothing dated comes before
    # the happening reported last, in this sentence or the ones before: what "that" is
    anchor = anchor_day(drafts, si, earlier, current=d.counts_from == "named", here_flashback=flashback(stext))
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
        day = anchor + timedelta(days=off)
    except OverflowError:
        return
    ev.date_start = ev.date_end = day.isoformat()
    ev.date_precision, ev.date_text = "day", d.text
    ev.tense = "past" if ev.tense == "planned" and day <= anchor else ev.tense


def _report_dated(stext: str, ev: Event, trig: Trigger) -> bool:
    """Whether the event's only date is the date of the report that tells it: «قالت القيادة،
    الأحد، إن الجيش شن غارة», "…, the agency said on Thursday". Such a date bounds the happening
    from above; a date of the happening itself, elsewhere in the article, is better."""
    if not ev.date_text or ev.event_type == "statement":
        return False
    i = stext.find(ev.date_text)
    if i < 0:
        return False
    speech = [m for m in cues().speech.finditer(stext[:i]) if i - m.end() <= 80]
    if not speech:
        return False
    if speech[-1].start() > trig.start:
        return True  # the trigger is in the reported content before "… said on Thursday"
    comp = cues().complementizer.search(stext, i + len(ev.date_text))
    return comp is not None and comp.end() <= trig.start


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
