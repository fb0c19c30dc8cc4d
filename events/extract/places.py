"""Places in a sentence: the mentions found in the whole text, which of them is where the
happening took place, lists of places, offsets, and the article's main place and country."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable

from events.extract.cues import cues
from events.extract.scope import _prev_words
from events.schema import Article, Event, make_event_id
from events.types import Trigger, attributes_of as kind, load_lexicon as type_lexicon
from geo.arabic import normalize
from geo.find import find_places
from geo.parts import is_part


GEO_RANK = {"point": 4, "city": 3, "region": 2, "country": 1, None: 0}


KIND_TO_GEO = {"site": "point", "city": "city", "region": "region", "country": "country"}


def place_rank(place: Any) -> float:
    """How specific a place is: a site, a town, a region, a country; a part of a country named
    by a direction («جنوب لبنان», "northern Nigeria") lies between a region and the country."""
    return 1.5 if is_part(place) else GEO_RANK.get(KIND_TO_GEO.get(place.kind), 0)


def broad(place: Any) -> bool:
    """A country or a part of one: a place inside it named beside it is the more specific."""
    return place.kind == "country" or is_part(place)


MAX_ARTICLE = 2_000_000  # characters read for places (a bigger "article" is a dump: its tail holds no story place)


MAX_SENTENCE = 2000  # characters; a longer "sentence" (a markup dump) is cut: the event keeps its first part, offsets match


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


# a hyphened modifier right before a name ("rebel-held", "government-controlled")
_COMPOUND_BEFORE = re.compile(r"(?<![\w-])[^\W\d_]+-[^\W\d_]+\s+$")


def _locative(text: str, start: int) -> int:
    """+1 when a place at ``start`` follows a locative word, -1 after an origin/target word."""
    compound = _COMPOUND_BEFORE.search(text, max(0, start - 40), start)
    if compound:  # "in rebel-held Yemen", "in war-torn Sudan": the hyphened modifier is skipped
        start = compound.start()
    prev = _prev_words(text, start, 2)
    if prev:
        c = cues()
        last = prev[-1].lower()
        bare = last.lstrip(c.locative_clitics)  # «وفي»
        if last in c.not_locative or bare in c.not_locative:
            return -1
        if last in c.locative or bare in c.locative:
            return 1
        if len(prev) > 1 and prev[-2].lstrip(c.locative_clitics) in c.locative_in and last.startswith(c.place_kinds):
            return 1
    return 0


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
    return len([w for w in words if w not in cues().list_fillers]) <= 1


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
    if any(w in lists.get("spans", ()) or w[:1] in cues().list_proclitics and w[1:] in lists.get("spans", ()) for w in head):
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
        c = cues()
        way = c.compass[round(offset.bearing / (360.0 / len(c.compass))) % len(c.compass)]
        ev.place_name = c.offset_name.format(km=offset.km, way=way, place=place.name)
        ev.place_name_ar = c.offset_name_ar.format(km=offset.km, way=way, name=ev.place_name_ar) if ev.place_name_ar else None
        ev.place_id = f"{place.id}@{offset.km:g}km/{offset.bearing:g}"
        ev.place_text = offset_text or text
        ev.lat, ev.lon = offset.lat, offset.lon
        ev.geo_precision = _offset_precision(offset)


def _unresolved_place(ev: Event, stext: str, place_m: Any, words: list[tuple[int, int]], trig: Trigger) -> None:
    """A place phrase of the clause the gazetteer lacks («قرية X», "X village"): its words become
    the event's ``place_text``; the place stays the most specific known one of the clause, its
    precision no finer than a region (the happening is somewhere near it)."""
    if not words or kind(ev.event_type).report:
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


def _article_country(article: Article, language: str | None, doc_places: list[Any],
                     actor_votes: dict[str, float] | None = None) -> str | None:
    """The country the story is about: the places of its title, dateline and first lines (and
    the countries of the state actors named there, ``actor_votes``)."""
    votes: dict[str, float] = dict(actor_votes or {})
    lead = [p for p in doc_places if p.end <= 400]
    for places, weight in ((_places((article.title or "")[:MAX_SENTENCE], [], language), 2.0), (lead, 1.0)):
        for p in places:
            if p.place.country:
                votes[p.place.country] = votes.get(p.place.country, 0.0) + weight
    return max(votes, key=lambda c: votes[c]) if votes else None


def _fallback(ev: Event) -> bool:
    return bool(ev.__dict__.get("_place_fallback"))


def inherited(ev: Event) -> bool:
    """The event took the article's main place for want of one of its own."""
    return bool(ev.__dict__.get("_place_inherited"))
