"""ACLED files in and out: an ACLED export row ↔ a Marsad event record.

Import (:func:`read_rows`): each row becomes an event with the stable id ``acled:<event_id_cnty>``,
its sub-event type mapped to a Marsad type (``data/interop/acled.yaml``), ``time_precision`` to a
day/week/month interval, ``geo_precision`` to city/region/country, ``fatalities`` to
``counts.killed``, actor1/actor2 (and the associated actors) to actors with roles, ``notes`` to
the sentence. What the record has no field for (admin2, admin3, the ACLED codes…) is kept beside
it (:mod:`events.interop.kept`). A bad row is reported by line and field; the others are read.

Export (:func:`export_rows`): the same columns and codes, the kept ones where the event still
agrees with them (an analyst's change of type or place wins over the file's codes).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from events.interop.base import Row, parse_number
from events.interop.tables import AcledTables, Countries, acled_tables, countries
from events.schema import ACLED_MAPPING

PREFIX = "acled:"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Columns of the row kept beside the event (the record has no field for them, or the export
# needs the original to tell whether the analyst changed the event since).
_KEPT = ("event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
         "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
         "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
         "geo_precision", "source_scale", "tags", "timestamp")


def is_acled_header(header: list[str]) -> bool:
    """Whether a CSV header is ACLED's (it holds every column of ``detect``)."""
    names = {h.strip().lstrip("\ufeff").lower() for h in header}
    return set(acled_tables().detect) <= names


def parse_day(value: str, cache: dict[str, date | None]) -> date | None:
    """``2024-03-22`` or ``22 March 2024`` (any form events.dates reads as a full day); None if not a day."""
    if value in cache:
        return cache[value]
    day: date | None = None
    v = value.strip()
    if _ISO_DAY.match(v):
        try:
            day = date.fromisoformat(v[:10])
        except ValueError:
            day = None
    elif v:
        from events.dates import parse_date

        day = parse_date(v)
    cache[value] = day
    return day


def interval(day: date, precision: str) -> tuple[date, date]:
    """The interval ACLED's time precision allows around ``event_date``."""
    if precision == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if precision == "month":
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first, nxt - timedelta(days=1)
    return day, day


def _split(names: str) -> list[str]:
    return [n.strip() for n in names.split(";") if n.strip()]


def _headline(sub: str, a1: str, a2: str, location: str) -> str:
    who = f"{a1} vs {a2}" if a1 and a2 else a1 or a2
    return f"{sub}{': ' + who if who else ''}{' in ' + location if location else ''}"


def _code(value: str, table: dict[int, str], name: str, errors: dict[str, str]) -> str | None:
    v = value.strip()
    if not v:
        return None
    try:
        return table[int(float(v))]
    except (ValueError, KeyError):
        errors[name] = f"{v!r} is not an ACLED code ({', '.join(map(str, table))})"
        return None


def _number(value: str, name: str, errors: dict[str, str], *, required: bool) -> float | None:
    return parse_number(value, name, errors,
                        empty="is empty; an ACLED row needs coordinates" if required else None)


def record_of(row: dict[str, str], t: AcledTables, k: Countries,
              dates: dict[str, date | None]) -> tuple[dict[str, Any] | None, dict[str, str], dict[str, str]]:
    """``(record, kept attributes, errors by field)`` for one ACLED row (a dict by column name)."""
    g = lambda name: (row.get(name) or "").strip()  # noqa: E731 - a local getter reads best here
    errors: dict[str, str] = {}
    eid = g("event_id_cnty")
    if not eid:
        errors["event_id_cnty"] = "is empty; ACLED's id is needed to update the event on re-import"
    raw_date = g("event_date")
    day = parse_day(raw_date, dates)
    if day is None:
        errors["event_date"] = (f"{raw_date!r} is not a date (write 2024-03-22 or 22 March 2024)"
                                if raw_date else "is empty")
    precision = _code(g("time_precision"), t.time_precision, "time_precision", errors) or "day"
    etype, sub = g("event_type"), g("sub_event_type")
    key = (etype, sub) if (etype, sub) in t.sub_event_types else t.by_sub_event.get(sub.lower())
    if key is None:
        errors["sub_event_type" if sub else "event_type"] = (
            f"{etype!r} / {sub!r} is not an ACLED event type / sub-event type (the types are listed "
            "in data/interop/acled.yaml)")
    lat = _number(g("latitude"), "latitude", errors, required=True)
    lon = _number(g("longitude"), "longitude", errors, required=True)
    geo = _code(g("geo_precision"), t.geo_precision, "geo_precision", errors)
    fatalities = g("fatalities") or "0"
    if not fatalities.isdigit():
        errors["fatalities"] = f"{fatalities!r} is not a whole number ≥ 0"
    if errors:
        return None, {}, errors
    assert day is not None and key is not None
    start, end = interval(day, precision)
    country = k.iso2(numeric=g("iso"), iso3=g("iso3"), name=g("country"))
    if geo == "region" and g("geo_precision").startswith("3") and not g("admin1"):
        geo = "country"
    a1, a2 = g("actor1"), g("actor2")
    actors = list(dict.fromkeys(n for n in [a1, *_split(g("assoc_actor_1")), a2, *_split(g("assoc_actor_2"))] if n))
    killed = int(fatalities)
    record = {
        "event_id": PREFIX + eid, "article_id": PREFIX + eid, "source": g("source") or None,
        "event_type": t.sub_event_types[key], "date_start": start.isoformat(), "date_end": end.isoformat(),
        "date_precision": precision, "date_text": raw_date, "place_name": g("location") or None,
        "country": country, "admin1": g("admin1") or None, "lat": lat, "lon": lon, "geo_precision": geo,
        "actors": actors, "actor1": a1 or None, "actor2": a2 or None,
        "counts": {"killed": killed} if killed else {}, "sentence": g("notes"),
        "headline": _headline(key[1], a1, a2, g("location")), "confidence": 1.0, "method": "import",
    }
    attrs = {name: g(name) for name in _KEPT if g(name)}
    attrs["event_date"] = day.isoformat()
    attrs["event_type"], attrs["sub_event_type"] = key
    for name in t.optional:
        if g(name):
            attrs[name] = g(name)
    return record, attrs, {}


def read_rows(fh: TextIO, path: str | Path) -> Iterator[Row]:
    """Each data row of an ACLED CSV stream, parsed (the header must be ACLED's)."""
    from events.articles import csv_rows
    from events.exports import csv_unescape

    t, k = acled_tables(), countries()
    reader = csv.reader(fh)
    header = [h.strip().lstrip("\ufeff").lower() for h in next(reader, [])]
    if not is_acled_header(header):
        yield Row(1, errors={"header": "is not an ACLED export's: it needs the columns "
                                       f"{', '.join(t.detect)} (and ACLED's others: {', '.join(t.columns)})"})
        return
    dates: dict[str, date | None] = {}
    for line, cells, bad in csv_rows(reader):
        if bad is not None:
            yield Row(line, errors={"row": f"not valid CSV ({bad}); the rest of the file is not read"})
            return
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield Row(line, errors={"row": f"has {len(cells)} fields; the header has {len(header)} "
                                           "(a cell with a comma must be quoted)"})
            continue
        row = {h: csv_unescape(c) for h, c in zip(header, cells)}
        record, attrs, errors = record_of(row, t, k, dates)
        yield Row(line, record, attrs, errors or None)


# -- export ------------------------------------------------------------------------------------


def _event_date(start: str, end: str, precision: str, kept: dict[str, Any]) -> str:
    """The kept ACLED date when it still lies in the event's interval, else a day of it."""
    d = kept.get("event_date")
    if d and start <= d <= end:
        return d
    if precision == "day" or start == end:
        return start
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return (a + (b - a) // 2).isoformat()


def _types(event_type: str, t: AcledTables, kept: dict[str, Any]) -> tuple[str, str, str]:
    """(disorder type, event type, sub-event type): the kept ones while they map to the event's type."""
    key = (kept.get("event_type", ""), kept.get("sub_event_type", ""))
    if t.sub_event_types.get(key) == event_type:
        return kept.get("disorder_type") or t.disorder_types[key[0]], key[0], key[1]
    key = ACLED_MAPPING.get(event_type, ACLED_MAPPING["other"])
    return t.disorder_types.get(key[0], ""), key[0], key[1]


def export_row(ev: dict[str, Any], t: AcledTables, k: Countries, kept: dict[str, Any]) -> dict[str, Any]:
    """One event (a plain record) as ACLED columns; ``kept`` are its source attributes, if any."""
    same_actors = kept.get("actor1", "") == (ev["actor1"] or "") and kept.get("actor2", "") == (ev["actor2"] or "")
    same_place = kept.get("location", "") == (ev["place_name"] or "") and kept.get("admin1", "") == (ev["admin1"] or "")
    disorder, etype, sub = _types(ev["event_type"], t, kept)
    roles = {ev["actor1"], ev["actor2"]}
    assoc1 = [a for a in _split(kept.get("assoc_actor_1", "")) if a in ev["actors"]]
    assoc2 = [a for a in _split(kept.get("assoc_actor_2", "")) if a in ev["actors"]]
    assoc1 += [a for a in ev["actors"] if a not in roles and a not in assoc1 and a not in assoc2]
    precision = ev["date_precision"]
    kept_tp = kept.get("time_precision")
    tp = kept_tp if kept_tp and t.time_precision.get(int(kept_tp)) == precision else t.export_time_precision[precision]
    geo = ev["geo_precision"]
    kept_gp = kept.get("geo_precision")
    gp = kept_gp if kept_gp and geo and t.geo_precision.get(int(kept_gp)) in (geo, "region" if geo == "country" else None) \
        else t.export_geo_precision.get(geo, "") if geo else ""
    country = ev["country"]
    same_country = kept.get("iso") and k.iso2(numeric=kept["iso"]) == country
    event_date = _event_date(ev["date_start"], ev["date_end"], precision, kept)
    eid = ev["event_id"]
    return {
        "event_id_cnty": eid[len(PREFIX):] if eid.startswith(PREFIX) else eid,
        "event_date": event_date, "year": event_date[:4], "time_precision": tp,
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub,
        "actor1": ev["actor1"] or "", "assoc_actor_1": "; ".join(assoc1),
        "inter1": kept.get("inter1", "") if same_actors else "",
        "actor2": ev["actor2"] or "", "assoc_actor_2": "; ".join(assoc2),
        "inter2": kept.get("inter2", "") if same_actors else "",
        "interaction": kept.get("interaction", "") if same_actors else "",
        "civilian_targeting": kept.get("civilian_targeting", ""),
        "iso": kept["iso"] if same_country else (k.numeric_of.get(country, "") if country else ""),
        "region": kept.get("region", "") if same_country else "",
        "country": kept.get("country", "") if same_country else (k.name_of.get(country, "") if country else ""),
        "admin1": ev["admin1"] or "", "admin2": kept.get("admin2", "") if same_place else "",
        "admin3": kept.get("admin3", "") if same_place else "", "location": ev["place_name"] or "",
        "latitude": ev["lat"], "longitude": ev["lon"], "geo_precision": gp,
        "source": ev["source"] or "", "source_scale": kept.get("source_scale", ""),
        "notes": ev["sentence"] or ev["headline"] or "", "fatalities": (ev["counts"] or {}).get("killed", 0),
        "tags": kept.get("tags", ""), "timestamp": kept.get("timestamp", ""),
    }
