"""One event per happening: reports of it in several sentences are grouped and merged."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from events.extract.places import GEO_RANK, _fallback, inherited
from geo.parts import is_part_id
from events.extract.scope import PRECISION_RANK
from events.schema import Event
from events.types import Trigger, attributes_of as kind


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


def _compatible_dates(a: Event, b: Event) -> bool:
    if not a.date_start or not b.date_start:
        return True
    return a.date_start <= b.date_end and b.date_start <= a.date_end  # type: ignore[operator]


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
    if not a.place_id or not b.place_id or inherited(a) or inherited(b):
        return True  # an event with no place of its own (the article's, lent to it) fits any
    if a.place_id == b.place_id:
        return True
    # a country and a place inside it («روسيا» and «موسكو»); a province and a city in it
    if a.geo_precision == "country" or b.geo_precision == "country" or is_part_id(a.place_id) or is_part_id(b.place_id):
        return a.country == b.country  # a part of a country too («جنوب لبنان» and a town of it)
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
    if a.place_id is None or b.place_id is None or "country" in (a.geo_precision, b.geo_precision) \
            or is_part_id(a.place_id) or is_part_id(b.place_id) or inherited(a) or inherited(b):
        return False  # nor a part of a country («جنوب لبنان»): as broad as a country
    return a.place_id == b.place_id or a.geo_precision != b.geo_precision and _near(a, b)


def _near(a: Event, b: Event, km: float = 40.0) -> bool:
    """Two points or cities close enough to be one happening (a venue and its city)."""
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None or a.country != b.country:
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
    # «مقتل زعيم التنظيم» (a weak "killing") and the strike that killed him are one happening
    return kind(ta).strike and kind(tb).strike and (a.anaphoric or b.anaphoric or a.trigger.weak or b.trigger.weak)


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
    start, end = later.event.date_start, earlier.event.date_end
    if not later.anaphoric or not start or not end:
        return False
    return start >= end and later.event.date_precision == "day"


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
    if {ea.tense, eb.tense} == {"past", "ongoing"} and not (a if ea.tense == "ongoing" else b).anaphoric:
        return False  # «تتواصل الاحتجاجات لليوم الرابع»: a continuing series is not one day of it
    # not a country both fall back to, nor two place phrases the gazetteer lacks (two villages)
    same_place = _same_place(ea, eb) and not _other_words(ea, eb)
    same_day = (ea.date_start is not None and ea.date_start == eb.date_start and ea.date_end == eb.date_end
                and ea.date_precision in ("day", "week", "month"))
    shared_actor = bool(set(ea.actors) & set(eb.actors))
    if same_place and (same_day or shared_actor or not ea.date_start or not eb.date_start):
        return True
    if same_day and shared_actor:
        return True
    if shared_actor and _bare(b) and 0 < b.sentence_index - a.sentence_index <= _RETOLD:
        return True  # "they were attacked by the group": told again, with nothing of another happening
    if (a.trigger.weak or b.trigger.weak) and ea.event_type != eb.event_type and len(set(ea.actors) & set(eb.actors)) >= 2:
        return True  # a killing and the strike that caused it, by and against the same actors
    return (a.anaphoric or b.anaphoric) and (shared_actor or not eb.actors or not ea.actors or eb.place_id is None or inherited(eb)
                                               or same_place)


def _bare(d: _Draft) -> bool:
    """A report with no date and no place of its own, not marked as another happening."""
    e = d.event
    return not e.date_start and e.place_id is None and not d.distinct and not d.trigger.echo


def _empty_backref(d: _Draft) -> bool:
    """A definite reference with no actor, place, date or count of its own."""
    e = d.event
    return (d.anaphoric and not d.distinct and not e.actors and e.place_id is None and not e.date_start
            and not e.counts and not d.trigger.echo)


_RETOLD = 3  # sentences after a report in which a bare report sharing its actor tells it again


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
