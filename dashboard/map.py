"""The map: a pure builder, events frame in, ``pydeck.Deck`` out (no Streamlit here).

What the browser gets is bounded whatever the number of events:

* up to ``aggregate_threshold`` events (and ``max_points`` distinct places), one mark per place:
  events at the same coordinates make one mark with a count, coloured by the most frequent
  type there (the tooltip lists the mix);
* above that, server-side binning with numpy: precise events (point, city) into a square grid
  whose cell grows until there are at most ``max_points`` cells; vague ones (region, country)
  by place, coarsened the same way. Only the bins go to the browser.

Geo precision stays visible: a region- or country-level event is a hollow mark inside a large
translucent ring (75 km, 300 km), never a pinpoint. Offline by default: the basemap is a local
MapLibre style (``dashboard/static/style.json``: background + the Natural Earth country outlines
inlined, no external source, glyphs or sprites), served by Streamlit's static file serving at
``app/static/style.json``. The online basemap (Carto Positron) is opt-in.

Note: Streamlit's pydeck frontend substitutes an online Carto style whenever a deck has no
``mapStyle`` — so ``map_style=None`` is not offline there; a local style URL is.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard import mapmix
from dashboard.bidi import isolate
from dashboard.maplabels import (  # noqa: F401 - the label names are part of this module's interface
    BASEMAP_LABEL_LAYER, COUNT_LAYER, COUNTRIES_GEOJSON, LABEL_LAYER, MAX_LABELS, basemap_label_layer,
    basemap_labels, count_layer, count_text, country_points, label_layer, place_labels,
)
from dashboard.palette import LOW_CONFIDENCE, TYPE_COLORS, TYPE_LABELS, rgb

STATIC = Path(__file__).resolve().parent / "static"
STYLE_FILE = STATIC / "style.json"
# Relative URL (Streamlit's documented form): resolves against the app's own origin and base path.
OFFLINE_STYLE_URL = "app/static/style.json"
ONLINE_STYLE_URL = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"

PICK_LAYER = "events"          # the pickable layer: its id is the key of the selection state
RING_LAYER = "precision"
VAGUE = ("region", "country")
# Radius of the uncertainty ring, in metres, by geo precision (a point has none).
PRECISION_RADIUS_M: dict[str, float] = {"point": 0.0, "city": 10_000.0, "region": 75_000.0, "country": 300_000.0}
DEFAULT_THRESHOLD = 20_000
DEFAULT_MAX_POINTS = 3_000
_EPS = 1e-5

RING_FILL = [70, 90, 110, 26]
RING_LINE = [70, 90, 110, 120]
OCEAN = "#dde8ee"
LAND = "#f6f5f1"
BORDER = "#a9b0b5"


# -- the offline basemap --------------------------------------------------------------------

def offline_style(countries: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A MapLibre style with no external resources: background, country fill and borders."""
    if countries is None:
        countries = json.loads(COUNTRIES_GEOJSON.read_text(encoding="utf-8"))
    return {
        "version": 8,
        "name": "Marsad offline (Natural Earth 1:50m)",
        "sources": {"countries": {"type": "geojson", "data": countries}},
        "layers": [
            {"id": "ocean", "type": "background", "paint": {"background-color": OCEAN}},
            {"id": "land", "type": "fill", "source": "countries", "paint": {"fill-color": LAND}},
            {"id": "borders", "type": "line", "source": "countries",
             "paint": {"line-color": BORDER, "line-width": 0.8}},
        ],
    }


def basemap_problem(url: str | None = None, timeout: float = 4.0) -> str | None:
    """Why the online basemap cannot be drawn (``None`` when its style answers). Asked only
    when the user switches the online basemap on: it is the one request Marsad makes for it."""
    import urllib.error
    import urllib.request

    url = url or ONLINE_STYLE_URL
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout) as resp:
            if resp.status >= 400:
                return f"{url} answered HTTP {resp.status}"
    except urllib.error.HTTPError as e:
        return f"{url} answered HTTP {e.code}"
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        return f"{url} could not be reached ({reason})"
    return None


def write_style(path: Path = STYLE_FILE) -> Path:
    """(Re)generate ``dashboard/static/style.json`` from ``data/map/countries.geojson``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(offline_style(), separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return path


# -- aggregation ----------------------------------------------------------------------------

def _size_values(frame: pd.DataFrame, pos: np.ndarray, size_by: str) -> np.ndarray:
    """Weight of each located event: 1, or one of its counts (``killed``…), 0 when absent."""
    if size_by in ("events", "", None):
        return np.ones(len(pos))
    if size_by in frame.columns and pd.api.types.is_numeric_dtype(frame[size_by]):
        return pd.to_numeric(frame[size_by], errors="coerce").fillna(0).to_numpy(float)[pos]
    if "counts" not in frame.columns:
        return np.zeros(len(pos))
    counts = frame["counts"].to_numpy(object)[pos]
    return np.fromiter(((c.get(size_by) or 0) if isinstance(c, dict) else 0 for c in counts),
                       dtype=float, count=len(pos))


def _grid_codes(lat: np.ndarray, lon: np.ndarray, max_bins: int, step: float) -> tuple[np.ndarray, float]:
    """Integer cell code of each point on a grid of ``step`` degrees, coarsened until ≤ max_bins cells."""
    while True:
        row = np.floor((lat + 90.0) / step).astype(np.int64)
        col = np.floor((lon + 180.0) / step).astype(np.int64)
        codes = row * 1_000_000 + col
        if step >= 45 or len(np.unique(codes)) <= max_bins:
            return codes, step
        step *= 2


def _text(value: Any, limit: int = 160) -> str:
    """Tooltip-safe text, cut to ``limit`` characters; '' when missing.

    Tooltips render HTML, and some Streamlit versions escape ``{field}`` values while others do
    not: entities would show twice-escaped ("Al-Qa&#x27;im") on the first and be needed on the
    second. Swapping the HTML-special characters for look-alikes is inert and reads the same
    on both.
    """
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    s = str(value)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return isolate(s.translate(_INERT))


# HTML-special characters → look-alikes that no HTML parser treats as markup.
_INERT = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ˋ"})


def _codes(frame: pd.DataFrame, col: str, pos: np.ndarray, default: str) -> tuple[np.ndarray, list[str]]:
    """Integer codes and labels of a (categorical or string) column at ``pos``; missing → ``default``."""
    if col not in frame.columns:
        return np.zeros(len(pos), dtype=np.int64), [default]
    s = frame[col]
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()[pos].astype(np.int64)
        labels = [str(c) for c in s.cat.categories]
    else:
        codes, uniq = pd.factorize(s.to_numpy(object)[pos])
        codes = codes.astype(np.int64)
        labels = [str(u) for u in uniq]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(labels), codes)
        labels = labels + [default]
    return codes, labels


def _days(frame: pd.DataFrame, col: str, pos: np.ndarray) -> np.ndarray:
    """Days since 1970 of a date column at ``pos`` (NaN when undated)."""
    if col not in frame.columns:
        return np.full(len(pos), np.nan)
    v = pd.to_datetime(frame[col]).to_numpy("datetime64[D]")[pos]
    out = v.astype(np.int64).astype(float)
    out[np.isnat(v)] = np.nan
    return out


class _Located:
    """The columns the map needs, as numpy arrays over the located rows (``pos`` into the frame)."""

    def __init__(self, frame: pd.DataFrame, size_by: str):
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(float)
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(float)
        self.frame = frame
        self.pos = np.flatnonzero(~np.isnan(lat) & ~np.isnan(lon))
        self.lat, self.lon = lat[self.pos], lon[self.pos]
        self.tcodes, self.types = _codes(frame, "event_type", self.pos, "other")
        self.pcodes, self.precs = _codes(frame, "geo_precision", self.pos, "city")
        self.vague = np.isin(self.pcodes, [i for i, p in enumerate(self.precs) if p in VAGUE])
        self.start = _days(frame, "date_start", self.pos)
        end = _days(frame, "date_end", self.pos) if "date_end" in frame.columns else self.start
        self.end = np.where(np.isnan(end), self.start, end)
        # a row may stand for several events (counts per place and type from a dataset source)
        self.n = (pd.to_numeric(frame["_n"]).to_numpy(float)[self.pos] if "_n" in frame.columns
                  else np.ones(len(self.pos)))
        self.weights = _size_values(frame, self.pos, size_by) * self.n
        # which event of a mark is its newest (headline, names): latest start, then last row;
        # pre-counted rows say it for the newest event they stand for
        self.latest = _days(frame, "_latest", self.pos) if "_latest" in frame.columns else self.start
        self.rank = (pd.to_numeric(frame["_rank"]).to_numpy(float)[self.pos] if "_rank" in frame.columns
                     else np.arange(len(self.pos), dtype=float))
        conf = (pd.to_numeric(frame["confidence"], errors="coerce").to_numpy(float)[self.pos]
                if "confidence" in frame.columns else np.ones(len(self.pos)))
        self.confidence = np.nan_to_num(conf, nan=1.0)  # unknown: not faded

    def strings(self, col: str, rows: np.ndarray) -> list[Any]:
        """Values of a text column at located rows ``rows`` (only these are converted)."""
        if col not in self.frame.columns:
            return [None] * len(rows)
        return list(self.frame[col].iloc[self.pos[rows]])


class _Groups:
    """Per-group figures of located rows ``rows`` (``inv`` = group of each), for :func:`_groups`."""

    def __init__(self, d: _Located, rows: np.ndarray, inv: np.ndarray):
        ng = self.ng = int(inv.max()) + 1
        lat, lon = self.lat, self.lon = d.lat[rows], d.lon[rows]
        rows_n = d.n[rows]
        n = self.n = np.rint(np.bincount(inv, weights=rows_n, minlength=ng)).astype(np.int64)
        self.value = np.bincount(inv, weights=d.weights[rows], minlength=ng)
        nt = len(d.types)
        self.per_type = np.rint(np.bincount(inv * nt + d.tcodes[rows], weights=rows_n, minlength=ng * nt)
                                ).astype(np.int64).reshape(ng, nt)
        self.dominant = self.per_type.argmax(axis=1)
        self.ntypes = (self.per_type > 0).sum(axis=1)
        # exact places: all equal; cells: centroid
        self.glat = np.bincount(inv, weights=lat * rows_n, minlength=ng) / n
        self.glon = np.bincount(inv, weights=lon * rows_n, minlength=ng) / n
        by = pd.DataFrame({"lat": lat, "lon": lon, "s": d.start[rows], "e": d.end[rows]}).groupby(inv)
        self.lo, self.hi = by.min(), by.max()
        # the most recent event of each group gives the headline and names (undated = oldest)
        order = np.lexsort((d.rank[rows], np.nan_to_num(d.latest[rows], nan=-1e9)))
        latest = self.latest = np.empty(ng, dtype=np.int64)
        latest[inv[order]] = order  # with repeated indices the last assignment wins: the newest row
        rep = rows[latest]
        self.heads = d.strings("headline", rep)
        self.names = d.strings("place_name", rep)
        self.names_ar = d.strings("place_name_ar", rep)
        self.precs = d.pcodes[rep]
        # a mark is faded when every event in it is of low confidence
        self.best = np.full(ng, -1.0)
        np.maximum.at(self.best, inv, d.confidence[rows])
        self.vmax = max(float(self.value.max()), 1.0)


def _groups(d: _Located, rows: np.ndarray, inv: np.ndarray, *, cell: float | None) -> list[dict[str, Any]]:
    """One mark per group of located rows ``rows`` (``inv`` = group of each): position, colour, size, tooltip."""
    if len(rows) == 0:
        return []
    gs = _Groups(d, rows, inv)
    return [_mark(d, gs, g, cell) for g in range(gs.ng)]


def _bbox(gs: _Groups, g: int, cell: float | None) -> list[float]:
    """The box a click on mark ``g`` selects; sets the mark's position when it is one point."""
    glat, glon, lo, hi = gs.glat, gs.glon, gs.lo, gs.hi
    if cell is None:  # a place: its own coordinates (a mean of equal values could round apart)
        glat[g], glon[g] = gs.lat[gs.latest[g]], gs.lon[gs.latest[g]]
        return [glon[g] - _EPS, glat[g] - _EPS, glon[g] + _EPS, glat[g] + _EPS]
    if lo["lat"].iat[g] == hi["lat"].iat[g] and lo["lon"].iat[g] == hi["lon"].iat[g]:
        glat[g], glon[g] = lo["lat"].iat[g], lo["lon"].iat[g]  # one point: exactly it
    return [lo["lon"].iat[g] - _EPS, lo["lat"].iat[g] - _EPS, hi["lon"].iat[g] + _EPS, hi["lat"].iat[g] + _EPS]


def _info(d: _Located, gs: _Groups, g: int, p: str, count: int, mixed: bool) -> str:
    """The tooltip's second line: precision, the mix of types, the dates, low confidence."""
    info = f"{_text(p)}-level" + (" (approximate location)" if p in VAGUE else "")
    per_type = gs.per_type[g]
    if mixed:
        top = np.argsort(-per_type, kind="stable")[:3]
        info += " · " + ", ".join(f"{_text(TYPE_LABELS.get(d.types[k], d.types[k]))} {per_type[k]:,}"
                                  for k in top if per_type[k] > 0)
    s, e = gs.lo["s"].iat[g], gs.hi["e"].iat[g]
    if not (math.isnan(s) or math.isnan(e)):
        a = (np.datetime64(int(s), "D")).astype(str)
        b = (np.datetime64(int(e), "D")).astype(str)
        info += f" · {a}" if a == b else f" · {a} … {b}"
    elif count == 1:
        info += " · undated"
    best = gs.best[g]
    if best < LOW_CONFIDENCE:
        info += f" · low confidence ({best:.2f})" if count == 1 else f" · all of low confidence (≤ {best:.2f})"
    return info


def _mark(d: _Located, gs: _Groups, g: int, cell: float | None) -> dict[str, Any]:
    """The map record of group ``g``."""
    p = d.precs[gs.precs[g]]
    vague = p in VAGUE
    t = d.types[gs.dominant[g]]
    tl = _text(TYPE_LABELS.get(t, t))
    count = int(gs.n[g])
    mixed = gs.ntypes[g] > 1
    headline = _text(gs.heads[g]) or tl
    if count == 1:
        title = headline
    else:
        title = f"{count:,} events" + ("" if mixed else f" · {tl}") + f" — latest: {headline}"
    bbox = _bbox(gs, g, cell)
    where = _text(gs.names[g])
    if cell is not None and count > 1:
        where = f"around {where}" if where else f"a {cell:g}° cell"
    info = _info(d, gs, g, p, count, mixed)
    faint = gs.best[g] < LOW_CONFIDENCE
    alpha = (35 if vague else 90) if faint else (70 if vague else 215)
    return {
        "lon": round(float(gs.glon[g]), 4), "lat": round(float(gs.glat[g]), 4),
        "fill": rgb(t, alpha),
        # the mix of types inside the mark, as nested discs (dashboard.mapmix)
        "mix": mapmix.slices(gs.per_type[g], d.types, alpha) if mixed else [],
        "line": rgb(t, 120 if faint else 255) if vague else [255, 255, 255, 120 if faint else 230],
        "r": round(4.0 + 14.0 * math.sqrt(float(gs.value[g]) / gs.vmax), 1),
        "ring": PRECISION_RADIUS_M.get(p, 0.0) if vague else 0.0,
        "count": count, "title": title, "place": where, "place_ar": _text(gs.names_ar[g]), "info": info,
        # what a click selects (see selection_mask)
        "event_type": "" if mixed else t,
        "precisions": (",".join(VAGUE) if vague else "point,city") if cell is not None else p,
        "bbox": [round(float(x), 5) for x in bbox],
    }


def map_records(
    frame: pd.DataFrame,
    *,
    size_by: str = "events",
    aggregate_threshold: int = DEFAULT_THRESHOLD,
    max_points: int = DEFAULT_MAX_POINTS,
) -> tuple[list[dict[str, Any]], bool]:
    """The marks to draw, and whether they are aggregated bins rather than places."""
    if frame is None or len(frame) == 0 or "lat" not in frame.columns or "lon" not in frame.columns:
        return [], False
    d = _Located(frame, size_by)
    if len(d.pos) == 0:
        return [], False
    if d.n.sum() <= aggregate_threshold:  # events, also when rows stand for several
        # one mark per place (coordinates + precision): marks of several types at the same spot
        # would hide each other; the mark takes the colour of the most frequent type and the
        # tooltip lists the mix
        key = (np.round(d.lat, 5) * 1e6).astype(np.int64) * 1_000_000_000 + (np.round(d.lon, 5) * 1e5).astype(np.int64)
        inv = pd.factorize(pd.MultiIndex.from_arrays([key, d.pcodes]))[0].astype(np.int64)
        if inv.max() + 1 <= max_points:
            return _groups(d, np.arange(len(d.pos)), inv, cell=None), False

    records: list[dict[str, Any]] = []
    for is_vague, budget, step in ((False, max_points * 3 // 4, 0.05), (True, max_points // 4, 0.01)):
        rows = np.flatnonzero(d.vague == is_vague)
        if len(rows) == 0:
            continue
        codes, cell = _grid_codes(d.lat[rows], d.lon[rows], budget, step)
        if is_vague:  # keep regions apart from countries in the same cell
            codes = codes * 16 + d.pcodes[rows]
        inv = pd.factorize(codes)[0].astype(np.int64)
        records += _groups(d, rows, inv, cell=cell)
    return records, True



class Deck(pdk.Deck):
    """A ``pydeck.Deck`` whose JSON is compact (no indentation, UTF-8 kept): what Streamlit sends."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"),
                          ensure_ascii=False)


def opening_view(records: list[dict[str, Any]]) -> pdk.ViewState:
    """Frame the marks: their box (2nd–98th percentiles when there are many), centred."""
    if not records:
        return pdk.ViewState(latitude=33.5, longitude=40.0, zoom=4)  # the Levant and Iraq
    lat = np.array([r["lat"] for r in records])
    lon = np.array([r["lon"] for r in records])
    if len(records) > 50:  # many marks: a few far-away ones should not zoom the map out
        lo_lat, hi_lat = np.percentile(lat, [2, 98])
        lo_lon, hi_lon = np.percentile(lon, [2, 98])
    else:
        lo_lat, hi_lat, lo_lon, hi_lon = lat.min(), lat.max(), lon.min(), lon.max()
    # Fit the box (in Web Mercator) in a map of about 1000×480 px, the dashboard's, centred on
    # it; never closer than a ~7° window, so a few nearby marks still show the coasts and
    # borders around them and a screenshot says where it is.
    def merc(lat_deg: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(float(np.clip(lat_deg, -85, 85))) / 2))

    y0, y1 = merc(lo_lat), merc(hi_lat)
    mid_y = (y0 + y1) / 2
    clat = math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2)
    clon = (lo_lon + hi_lon) / 2
    dy = max(y1 - y0, math.radians(7.0) / max(math.cos(math.radians(clat)), 0.2))
    dlon = max(hi_lon - lo_lon, 7.0)
    # 0.7: a margin around the marks' box, so edge marks (up to 40 px wide) and labels are not cut
    zoom = min(math.log2(0.7 * 1000 * 360 / (512 * dlon)), math.log2(0.7 * 480 * 2 * math.pi / (512 * dy)))
    zoom = float(np.clip(zoom, 1.0, 8.0))
    return pdk.ViewState(latitude=round(clat, 3), longitude=round(clon, 3), zoom=round(zoom, 2))


TOOLTIP_HTML = (
    "<div style='max-width:360px;white-space:normal'>"
    "<b>{title}</b><br/>"
    "{place} · <span dir='rtl' lang='ar' style=\"font-family:'Noto Naskh Arabic','Noto Sans Arabic',"
    "'Amiri','Arial',sans-serif;font-size:1.1em\">{place_ar}</span><br/>"
    "<span style='opacity:0.8'>{info}</span></div>"
)


def build_deck(
    frame: pd.DataFrame,
    *,
    online_basemap: bool = False,
    presentation: bool = False,
    size_by: str = "events",
    aggregate_threshold: int = DEFAULT_THRESHOLD,
    max_points: int = DEFAULT_MAX_POINTS,
    rings: bool = True,
    labels: bool = True,
) -> Deck:
    """Map of the events in ``frame`` (the events frame of ``Store.events_frame``, filtered).

    Args:
        frame: events with at least ``lat``, ``lon``, ``event_type``; ``geo_precision``,
            ``headline``, ``place_name``, ``place_name_ar``, ``date_start``, ``counts`` are used
            when present. Rows without coordinates are not drawn (count them beside the map).
        online_basemap: draw Carto's online Positron basemap instead of the offline outlines.
        presentation: larger marks and outlines, for screenshots.
        size_by: ``"events"`` (number of events) or a key of ``counts`` (``"killed"``…).
        aggregate_threshold: above this many located events, bin server-side.
        max_points: never send more marks than this (bins coarsen to fit).
        rings: draw the translucent rings of region/country-level places (off: hollow marks only).
        labels: write the place names of the busiest marks beside them.
    """
    records, aggregated = map_records(frame, size_by=size_by, aggregate_threshold=aggregate_threshold,
                                      max_points=max_points)
    scale = 1.5 if presentation else 1.0
    # one neutral ring per vague place (several translucent rings would stack into an opaque blob)
    ringed = list({(r["lon"], r["lat"], r["ring"]): r for r in records if r["ring"] > 0}.values()) if rings else []
    layers = []
    view = opening_view(records)
    names = place_labels(records, zoom=view.zoom) if labels else []  # once: the basemap's names avoid them
    if labels and not online_basemap:  # an online basemap writes its own
        layers.append(basemap_label_layer(basemap_labels(view, names), scale))
    if ringed:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id=RING_LAYER, data=[{"lon": r["lon"], "lat": r["lat"], "ring": r["ring"],
                                                      "fill": RING_FILL, "line": RING_LINE}
                                                     for r in ringed],
            get_position="[lon, lat]", get_radius="ring", radius_units="'meters'",
            get_fill_color="fill", get_line_color="line", stroked=True, filled=True,
            line_width_units="'pixels'", get_line_width=1 * scale, pickable=False,
        ))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id=PICK_LAYER, data=records,
        get_position="[lon, lat]", get_radius="r", radius_units="'pixels'",
        radius_scale=scale, radius_min_pixels=3, radius_max_pixels=40,
        get_fill_color="fill", get_line_color="line", stroked=True, filled=True,
        line_width_units="'pixels'", get_line_width=1.5 * scale, pickable=True, auto_highlight=True,
    ))
    layers.append(mapmix.mix_layer(records, scale))
    layers.append(count_layer(records, scale))
    if labels:
        layers.append(label_layer(names, scale))
    if online_basemap:
        basemap: dict[str, Any] = {"map_provider": "carto", "map_style": ONLINE_STYLE_URL}
    else:
        basemap = {"map_provider": None, "map_style": OFFLINE_STYLE_URL}
    return Deck(
        layers=layers,
        initial_view_state=view,
        tooltip={"html": TOOLTIP_HTML, "style": {"fontSize": "15px" if presentation else "13px"}},
        **basemap,
    )


def selection_mask(frame: pd.DataFrame, objects: Iterable[Mapping[str, Any]]) -> pd.Series:
    """Rows of ``frame`` behind the clicked marks (objects of the ``events`` layer's selection)."""
    mask = pd.Series(False, index=frame.index)
    if frame.empty or "lat" not in frame.columns:
        return mask
    lat, lon = frame["lat"], frame["lon"]
    prec = (frame["geo_precision"].astype("string").fillna("city") if "geo_precision" in frame.columns
            else pd.Series("city", index=frame.index))
    for obj in objects or ():
        bbox = obj.get("bbox") if isinstance(obj, Mapping) else None
        if not bbox or len(bbox) != 4:
            continue
        w, s, e, n = (float(x) for x in bbox)
        m = lat.between(s, n) & lon.between(w, e)
        if obj.get("event_type"):
            m &= frame["event_type"].astype("string") == obj["event_type"]
        if obj.get("precisions"):
            m &= prec.isin(str(obj["precisions"]).split(","))
        mask |= m.fillna(False)
    return mask


def legend_items(frame: pd.DataFrame) -> list[tuple[str, str, int]]:
    """``(label, hex colour, number of events)`` for each type present, most frequent first."""
    if frame is None or frame.empty or "event_type" not in frame.columns:
        return []
    if "_n" in frame.columns:  # rows standing for several events
        counts = frame.groupby(frame["event_type"].astype("string"))["_n"].sum()
    else:
        counts = frame["event_type"].astype("string").value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")  # ties by name
    return [(TYPE_LABELS.get(t, t), TYPE_COLORS.get(t, "#b0b0b0"), int(c)) for t, c in counts.items() if c > 0]


def legend_html(frame: pd.DataFrame, rings: bool = True) -> str:
    """A one-line HTML legend: colour = type (with counts), and the ring's meaning when one is drawn."""
    items = legend_items(frame)
    parts = [
        f"<span style='white-space:nowrap;margin-right:12px'><span style='display:inline-block;width:11px;"
        f"height:11px;border-radius:50%;background:{c};margin-right:4px;vertical-align:middle'></span>"
        f"{html.escape(label)} ({n:,})</span>"
        for label, c, n in items
    ]
    vague = ("geo_precision" in frame.columns and frame["geo_precision"].astype("string").isin(VAGUE).any()
             if frame is not None and not frame.empty else False)
    if frame is not None and "event_type" in frame.columns and frame["event_type"].nunique() > 1:
        parts.append("<span style='white-space:nowrap;opacity:0.75'>◎ rings inside a mark = its mix of types (pale centre: the rest)</span>")
    if vague:
        parts.append("<span style='white-space:nowrap;opacity:0.75'>"
                     + ("◯ large ring = region/country-level location" if rings
                        else "hollow mark = region/country-level location (rings off)") + "</span>")
    return "<div style='line-height:1.9'>" + " ".join(parts) + "</div>"


if __name__ == "__main__":
    import sys

    if "--write-style" in sys.argv:
        p = write_style()
        print(f"{p}: {p.stat().st_size:,} bytes")
    else:
        print("usage: python -m dashboard.map --write-style")
