"""GDELT 2.0 event files in: ``YYYYMMDDHHMMSS.export.CSV`` (tab-separated, 61 columns, no header),
also zipped.

Each row's CAMEO code gives the Marsad type (``data/interop/cameo.yaml``); codes that are not
events of Marsad's kinds are skipped and counted by root code. The place is ActionGeo (FIPS
country codes converted to ISO), the actors Actor1Name/Actor2Name, the url SOURCEURL;
NumMentions is kept as the event's weight (with the other GDELT codes) beside the record.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from events.interop.base import Row, parse_number
from events.interop.tables import CameoTables, Countries, cameo_tables, countries

PREFIX = "gdelt:"
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
FILE_NAME = re.compile(r"^\d{14}\.export\.csv(\.zip)?$", re.IGNORECASE)
# GDELT codes kept beside the event (the record has no field for them).
_KEPT = ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
         "NumSources", "NumArticles", "AvgTone", "Actor1Code", "Actor2Code", "ActionGeo_ADM1Code",
         "ActionGeo_ADM2Code", "ActionGeo_FeatureID", "DATEADDED", "IsRootEvent")


def is_gdelt(path: Path, first_line: str) -> bool:
    """A GDELT events file: its name (``….export.CSV[.zip]``), or a first line of 61 tab-separated cells."""
    return bool(FILE_NAME.match(path.name)) or first_line.rstrip("\r\n").count("\t") == len(COLUMNS) - 1


def _name(value: str) -> str | None:
    """GDELT writes actor names in capitals ("ISLAMIC STATE"): give them title case."""
    v = value.strip()
    return v.title() if v.isupper() else v or None


def _day(value: str) -> date | None:
    v = value.strip()
    if len(v) != 8 or not v.isdigit():
        return None
    try:
        return date(int(v[:4]), int(v[4:6]), int(v[6:]))
    except ValueError:
        return None


def _place(g: dict[str, str], c: CameoTables, k: Countries, errors: dict[str, str]) -> dict[str, Any]:
    """ActionGeo as the record's place fields."""
    full = [p.strip() for p in g["ActionGeo_FullName"].split(",") if p.strip()]
    try:
        kind = c.geo_types.get(int(g["ActionGeo_Type"] or 0))
    except ValueError:
        errors["ActionGeo_Type"] = f"{g['ActionGeo_Type']!r} is not a GDELT geo type (1–5)"
        kind = None
    fips = g["ActionGeo_CountryCode"].strip()
    lat = parse_number(g["ActionGeo_Lat"], "ActionGeo_Lat", errors)
    lon = parse_number(g["ActionGeo_Long"], "ActionGeo_Long", errors)
    if (lat is None) != (lon is None):
        errors["ActionGeo_Lat" if lat is None else "ActionGeo_Long"] = "is empty but the other coordinate is not"
    # FullName is "place, ADM1, country" for a city, "ADM1, country" for a state/province.
    admin1 = full[-2] if kind == "city" and len(full) >= 3 else full[0] if kind == "region" and len(full) >= 2 else None
    return {"place_name": full[0] if full else None, "country": k.from_fips.get(fips) if fips else None,
            "admin1": admin1, "lat": lat, "lon": lon, "geo_precision": kind if full else None}


def record_of(cells: list[str], c: CameoTables, k: Countries) -> Row:
    """One GDELT row (61 cells) as a Row: a record, or errors, or a skip reason."""
    g = dict(zip(COLUMNS, cells))
    errors: dict[str, str] = {}
    eid = g["GLOBALEVENTID"].strip()
    if not eid.isdigit():
        errors["GLOBALEVENTID"] = f"{eid!r} is not a GDELT event id" if eid else "is empty"
    day = _day(g["SQLDATE"])
    if day is None:
        errors["SQLDATE"] = f"{g['SQLDATE']!r} is not a date (YYYYMMDD)"
    code, root = g["EventCode"].strip(), g["EventRootCode"].strip()
    if not (code.isdigit() and root.isdigit() and root in c.roots):
        errors["EventCode"] = f"{code!r} (root {root!r}) is not a CAMEO event code"
    place = _place(g, c, k, errors)
    if errors:
        return Row(0, errors=errors)
    etype = c.type_of(code, root)
    if etype is None:
        return Row(0, skip=f"{root} {c.root_names[root]}")
    a1, a2 = _name(g["Actor1Name"]), _name(g["Actor2Name"])
    url = g["SOURCEURL"].strip() or None
    host = urlsplit(url).hostname if url else None
    who = f"{a1} vs {a2}" if a1 and a2 else a1 or a2
    headline = f"{c.root_names[root]} (CAMEO {code}){': ' + who if who else ''}" \
               f"{' in ' + place['place_name'] if place['place_name'] else ''}"
    record = {
        "event_id": PREFIX + eid, "article_id": PREFIX + eid, "source": host, "url": url,
        "event_type": etype, "date_start": day.isoformat(), "date_end": day.isoformat(),  # type: ignore[union-attr]
        "date_precision": "day", "date_text": g["SQLDATE"].strip(), **place,
        "actors": list(dict.fromkeys(a for a in (a1, a2) if a)), "actor1": a1, "actor2": a2,
        "headline": headline, "method": "import",
    }
    attrs = {name: g[name].strip() for name in _KEPT if g[name].strip()}
    if "NumMentions" in attrs:
        attrs["weight"] = attrs["NumMentions"]
    return Row(0, record, attrs)


def read_rows(fh: TextIO, path: str | Path) -> Iterator[Row]:
    """Each row of a GDELT events stream, parsed."""
    c, k = cameo_tables(), countries()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
    for cells in reader:
        line = reader.line_num
        if not any(x.strip() for x in cells):
            continue
        if len(cells) != len(COLUMNS):
            yield Row(line, errors={"row": f"has {len(cells)} tab-separated fields; a GDELT 2.0 event row has "
                                           f"{len(COLUMNS)}"})
            continue
        row = record_of(cells, c, k)
        row.line = line
        yield row
