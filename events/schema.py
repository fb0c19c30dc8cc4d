"""The event record: the contract between pipeline, store, dashboard and exports (DESIGN.md)."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.errors import MarsadError

EVENT_TYPES = (
    "attack", "armed_clash", "airstrike", "bombing", "arrest", "prison_break", "meeting",
    "statement", "deployment", "protest", "displacement", "claim", "other",
)
DATE_PRECISIONS = ("day", "week", "month", "season", "year", "unknown")
GEO_PRECISIONS = ("point", "city", "region", "country")
TENSES = ("past", "ongoing", "planned")
METHODS = ("rules", "manual", "import")
# Curation state: extracted events start as "auto".
STATUSES = ("auto", "edited", "verified", "rejected")
# Event and publication dates Marsad accepts (inclusive). Year 1: history cited in the news (a
# Hijri year 61 is 680 CE) stays a date; 2200: planned events and plans «by 2100» fit, while a
# typo or a hostile «31 December 9999» is refused — it would break every time axis (pandas and
# plotly pad and format dates) and no news event happens there.
EARLIEST_DATE = date(1, 1, 1)
LATEST_DATE = date(2200, 12, 31)
DATE_RANGE_TEXT = f"years {EARLIEST_DATE.year}–{LATEST_DATE.year}"
# A count's name: a short word of ASCII letters, digits and _ (``counts.killed`` on the command
# line, a widget label in the editor, a column in exports).
COUNT_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")


def date_in_range(d: date | None) -> bool:
    """Whether ``d`` lies within :data:`EARLIEST_DATE` … :data:`LATEST_DATE` (None: no date, fine)."""
    return d is None or EARLIEST_DATE <= d <= LATEST_DATE

# ACLED event type / sub-event type for each Marsad type (documented in README).
ACLED_MAPPING: dict[str, tuple[str, str]] = {
    "attack": ("Violence against civilians", "Attack"),
    "armed_clash": ("Battles", "Armed clash"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "arrest": ("Strategic developments", "Arrests"),
    "prison_break": ("Strategic developments", "Other"),
    "meeting": ("Strategic developments", "Agreement"),
    "statement": ("Strategic developments", "Other"),
    "deployment": ("Strategic developments", "Headquarters or base established"),
    "protest": ("Protests", "Peaceful protest"),
    "displacement": ("Strategic developments", "Non-violent transfer of territory"),
    "claim": ("Strategic developments", "Other"),
    "other": ("Strategic developments", "Other"),
}


class ValidationError(MarsadError, ValueError):
    """An event record with bad fields; ``errors`` maps each bad field to the reason."""

    def __init__(self, errors: dict[str, str], where: str = ""):
        self.errors = errors
        self.where = where
        detail = "; ".join(f"{k}: {v}" for k, v in errors.items())
        super().__init__(f"{where + ': ' if where else ''}invalid event — {detail}")


@dataclass
class Event:
    """One dated, located happening reported by an article."""

    event_id: str = ""
    article_id: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date of the article
    language: str | None = None
    event_type: str = "other"
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    tense: str = "past"
    place_name: str | None = None
    place_name_ar: str | None = None
    place_text: str | None = None
    place_id: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    actors: list[str] = field(default_factory=list)
    actor1: str | None = None
    actor2: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sentence: str = ""
    sentence_start: int | None = None
    sentence_end: int | None = None
    # Other sentences of the same article that report the same happening:
    # [{"sentence": str, "start": int, "end": int}, ...]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    headline: str = ""
    confidence: float = 0.5
    method: str = "rules"
    status: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict, lists and mappings copied (what ``dataclasses.asdict`` gives,
        without its generic deep copy, which made it the slowest step of storing 200k events)."""
        d = {name: getattr(self, name) for name in FIELDS}
        d["actors"] = list(self.actors) if isinstance(self.actors, list) else self.actors
        d["counts"] = dict(self.counts) if isinstance(self.counts, dict) else self.counts
        d["mentions"] = [dict(m) if isinstance(m, dict) else m for m in self.mentions] \
            if isinstance(self.mentions, list) else self.mentions
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        """Build an event from a mapping, ignoring unknown keys; NaN becomes None."""
        names = {f.name for f in dataclasses.fields(cls)}
        clean: dict[str, Any] = {}
        for k, v in data.items():
            if k not in names:
                continue
            if isinstance(v, float) and math.isnan(v):
                v = None
            clean[k] = v
        for k in ("actors", "mentions"):
            if clean.get(k) is None:
                clean[k] = []
            else:
                clean[k] = list(clean[k])
        if clean.get("counts") is None:
            clean["counts"] = {}
        return cls(**clean)


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))


def make_event_id(article_id: str, sentence_start: int | None, event_type: str, extra: str = "") -> str:
    """Stable id: the same article + sentence + type gives the same id across re-runs."""
    key = f"{article_id}|{sentence_start}|{event_type}|{extra}"
    return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _iso(value: Any) -> date | None:
    if value is None:
        return None
    return date.fromisoformat(str(value))


def _shape_errors(record: dict[str, Any]) -> dict[str, str]:
    """The list and mapping fields of a record that do not have their shape (null is fine)."""
    errors: dict[str, str] = {}
    actors, mentions, counts = record.get("actors"), record.get("mentions"), record.get("counts")
    if actors is not None and not (isinstance(actors, (list, tuple)) and all(isinstance(a, str) for a in actors)):
        errors["actors"] = f"must be a list of names, not {type(actors).__name__} (e.g. [\"Islamic State\"])"
    if mentions is not None and not (isinstance(mentions, (list, tuple))
                                     and all(isinstance(m, dict) for m in mentions)):
        errors["mentions"] = (f"must be a list of {{\"sentence\", \"start\", \"end\"}} objects, "
                              f"not {type(mentions).__name__}")
    if counts is not None and not isinstance(counts, dict):
        errors["counts"] = f"must be a mapping of name to a whole number, not {type(counts).__name__}"
    return errors


def _check_dates(ev: Event, errors: dict[str, str], tolerate: frozenset[str]) -> None:
    """ISO dates within the accepted range, an interval in order, a precision that fits.

    A field in ``tolerate`` (a value already stored, left unchanged) is not refused for being out
    of range or unreadable; an unreadable one is kept as it is and the interval is not checked.
    """
    start = end = None
    unreadable = False
    for name in ("date_start", "date_end", "published"):
        v = getattr(ev, name)
        if v is None or v == "":
            setattr(ev, name, None)
            continue
        try:
            d = _iso(v)
        except (TypeError, ValueError):
            if name in tolerate:
                unreadable = unreadable or name != "published"
            else:
                errors[name] = f"{v!r} is not an ISO date (YYYY-MM-DD)"
            continue
        if not date_in_range(d) and name not in tolerate:
            errors[name] = f"{v!r} is outside the dates Marsad accepts ({DATE_RANGE_TEXT})"
            continue
        setattr(ev, name, d.isoformat() if d else None)
        if name == "date_start":
            start = d
        elif name == "date_end":
            end = d
    if unreadable:
        return
    if start and end and end < start:
        errors["date_end"] = f"{end} is before date_start {start}"
    if (start is None) != (end is None) and "date_start" not in errors and "date_end" not in errors:
        errors["date_end" if end is None else "date_start"] = "date_start and date_end must both be set or both be empty"
    if ev.date_precision == "unknown" and start is not None:
        errors["date_precision"] = "is 'unknown' but a date is given"
    if ev.date_precision != "unknown" and start is None and "date_precision" not in errors:
        errors["date_precision"] = f"is {ev.date_precision!r} but no date is given (use 'unknown')"


def validate(event: Event | dict[str, Any], where: str = "", *,
             tolerate: frozenset[str] = frozenset()) -> Event:
    """Check every field; raise :class:`ValidationError` naming each bad field and why.

    Dates must lie in :data:`EARLIEST_DATE` … :data:`LATEST_DATE`, except the fields named in
    ``tolerate``, and count names ``counts.NAME`` given there (curation: a value stored before
    these checks existed is not refused when the analyst changes something else).
    """
    ev, errors = _event_of(event, where)
    _check_enums(ev, errors)
    _check_dates(ev, errors, tolerate)
    _check_place(ev, errors)
    _check_confidence(ev, errors)
    if not isinstance(ev.actors, list) or not all(isinstance(a, str) for a in ev.actors):
        errors["actors"] = "must be a list of names"
    _check_counts(ev, errors, tolerate)
    _check_offsets(ev, errors)
    if not ev.article_id:
        errors["article_id"] = "is empty"

    if errors:
        raise ValidationError(errors, where)
    if not ev.event_id:
        ev.event_id = make_event_id(ev.article_id, ev.sentence_start, ev.event_type, ev.sentence[:40])
    return ev


def _event_of(event: Event | dict[str, Any], where: str) -> tuple[Event, dict[str, str]]:
    """The event to check and the errors found so far (a record of the wrong shape is refused)."""
    if isinstance(event, dict):
        # Shapes first: Event.from_dict would turn an actors string into a list of characters.
        errors = _shape_errors(event)
        if errors:
            raise ValidationError(errors, where)
        try:
            return Event.from_dict(event), errors  # extra keys are tolerated on import, not stored
        except TypeError as exc:  # wrong shapes, e.g. a string for a list
            raise ValidationError({"record": str(exc)}, where) from exc
    return event, {}


def _check_enums(ev: Event, errors: dict[str, str]) -> None:
    """Each field with a closed set of values holds one of them."""
    for name, allowed, nullable in (("event_type", EVENT_TYPES, False), ("date_precision", DATE_PRECISIONS, False),
                                    ("tense", TENSES, False), ("geo_precision", GEO_PRECISIONS, True),
                                    ("method", METHODS, False), ("status", STATUSES, False)):
        v = getattr(ev, name)
        if v is None and nullable:
            continue
        if v not in allowed:
            errors[name] = f"{v!r} is not one of {', '.join(allowed)}"


def _check_place(ev: Event, errors: dict[str, str]) -> None:
    """lat and lon in range (made floats), both or neither; country an ISO alpha-2 code."""
    for name, lo, hi in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        v = getattr(ev, name)
        if v is None:
            continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            errors[name] = f"{v!r} is not a number"
            continue
        if not math.isfinite(f):
            errors[name] = f"{v!r} is not a finite number (degrees, e.g. 36.5)"
        elif not lo <= f <= hi:
            errors[name] = f"{v!r} is out of range [{lo:g}, {hi:g}]"
        else:
            setattr(ev, name, f)
    if (ev.lat is None) != (ev.lon is None) and "lat" not in errors and "lon" not in errors:
        errors["lat" if ev.lat is None else "lon"] = "lat and lon must both be set or both be empty"

    if ev.country is not None and not (isinstance(ev.country, str) and len(ev.country) == 2 and ev.country.isalpha() and ev.country.isupper()):
        errors["country"] = f"{ev.country!r} is not an ISO 3166-1 alpha-2 code (e.g. SY)"


def _check_confidence(ev: Event, errors: dict[str, str]) -> None:
    """A number between 0 and 1 (made a float)."""
    try:
        c = float(ev.confidence)
        if not 0.0 <= c <= 1.0:
            errors["confidence"] = f"{ev.confidence!r} is not between 0 and 1"
        else:
            ev.confidence = c
    except (TypeError, ValueError):
        errors["confidence"] = f"{ev.confidence!r} is not a number"


def _check_counts(ev: Event, errors: dict[str, str], tolerate: frozenset[str]) -> None:
    """A mapping of short names to whole numbers (whole floats and digit strings made ints)."""
    if not isinstance(ev.counts, dict):
        errors["counts"] = "must be a mapping of name to a whole number"
        return
    counts: dict[Any, Any] = ev.counts  # as given: what is checked here may be anything
    for k, v in counts.items():
        if (not isinstance(k, str) or not COUNT_KEY.match(k)) and f"counts.{k}" not in tolerate:
            errors[f"counts.{k}"] = "a count name is a short word of letters, digits and _ (e.g. killed)"
            continue
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, float) and v.is_integer() and v >= 0:
                ev.counts[k] = int(v)
                continue
            if isinstance(v, str) and v.strip().isdigit():
                ev.counts[k] = int(v)
                continue
            errors[f"counts.{k}"] = f"{v!r} is not a whole number"
        elif v < 0:
            errors[f"counts.{k}"] = f"{v} is negative"


def _check_offsets(ev: Event, errors: dict[str, str]) -> None:
    """The sentence's offsets are character offsets (whole floats made ints)."""
    for name in ("sentence_start", "sentence_end"):
        v = getattr(ev, name)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            if isinstance(v, float) and v.is_integer() and v >= 0:
                setattr(ev, name, int(v))
            else:
                errors[name] = f"{v!r} is not a character offset"


@dataclass
class Article:
    """One news article as read from a file: the unit the extractor works on."""

    id: str
    title: str = ""
    published: str | None = None  # ISO date, or None when unknown (never guessed)
    source: str | None = None
    url: str | None = None
    language: str = "other"  # ar, en or other, by script
    text: str = ""
    path: str | None = None  # file it came from (and ":line" for multi-record files)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def make_article_id(title: str, text: str) -> str:
    """Stable id from content: the same title and body give the same id."""
    key = (title.strip() + "\n" + text.strip()).encode("utf-8")
    return "ar_" + hashlib.sha1(key).hexdigest()[:16]
