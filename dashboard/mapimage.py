"""The map as a PNG for a slide or a report: the marks the dashboard draws, on the offline
country outlines, with a legend and the caption of the filters that produced it.

Drawn server-side with Pillow (no browser, no network): deck.gl's canvas cannot be saved from
Streamlit, and a screenshot would lose the caption. Pillow lays text out with HarfBuzz/FriBiDi
(raqm), so Arabic place names and search terms are joined and right-to-left, unlike deck.gl's
text layer; a line mixing English and Arabic is split into script runs, each drawn with a font
that has its letters.
"""
from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from dashboard.mapmix import MIN_PX
from dashboard.map import BORDER, LAND, OCEAN, RING_FILL, RING_LINE
from dashboard.maplabels import COUNTRIES_GEOJSON, count_text

WIDTH, HEIGHT = 1600, 900          # 16:9, a slide
MAP_TOP, MAP_BOTTOM = 96, 812      # the map's band; title above, legend and caption below
FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"),
             Path("/usr/share/fonts/truetype/dejavu"))
LATIN_FONTS = ("NotoSans-Regular.ttf", "DejaVuSans.ttf")
ARABIC_FONTS = ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "DejaVuSans.ttf")
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
                         r"(?:[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\s\u064b-\u065f]*"
                         r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff])?")


@lru_cache(maxsize=32)
def _font(kind: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A TrueType font with the letters of ``kind`` ("latin" or "arabic"); Pillow's own if none."""
    for name in (ARABIC_FONTS if kind == "arabic" else LATIN_FONTS):
        for d in FONT_DIRS:
            if (d / name).exists():
                return ImageFont.truetype(str(d / name), size, layout_engine=ImageFont.Layout.RAQM
                                          if ImageFont.core.HAVE_RAQM else ImageFont.Layout.BASIC)
    return ImageFont.load_default(size)


def runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_arabic)`` runs, in reading order of an English line."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _ARABIC_RUN.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int,
          fill: Sequence[int], *, stroke: int = 0, anchor: str = "l",
          halo: tuple[int, int, int, int] = (255, 255, 255, 230)) -> float:
    """Draw a line of mixed English/Arabic text; returns its width. ``anchor``: l, m (centre) or r."""
    pieces = [(p, _font("arabic" if ar else "latin", size), ar) for p, ar in runs(text)]
    widths = [draw.textlength(p, font=f, direction="rtl" if ar and ImageFont.core.HAVE_RAQM else None)
              for p, f, ar in pieces]
    total = float(sum(widths))
    x = xy[0] - (total / 2 if anchor == "m" else total if anchor == "r" else 0)
    for (p, f, ar), w in zip(pieces, widths):
        draw.text((x, xy[1]), p, font=f, fill=tuple(fill), anchor="ls", stroke_width=stroke,
                  stroke_fill=halo if stroke else None,
                  direction="rtl" if ar and ImageFont.core.HAVE_RAQM else None)
        x += w
    return total


def _wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: float) -> list[str]:
    """Words of ``text`` packed into lines no wider than ``width`` pixels."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and sum(draw.textlength(p, font=_font("arabic" if ar else "latin", size))
                        for p, ar in runs(trial)) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


class _Frame:
    """Web Mercator projection of a lon/lat box onto the map band, aspect kept."""

    def __init__(self, records: Sequence[Mapping[str, Any]]):
        if records:
            lats = sorted(float(r["lat"]) for r in records)
            lons = sorted(float(r["lon"]) for r in records)
            if len(records) > 50:  # as the dashboard frames it: far-off strays do not zoom out
                lo, hi = int(0.02 * len(lats)), int(0.98 * (len(lats) - 1))
                lats, lons = lats[lo:hi + 1], lons[lo:hi + 1]
            lat0, lat1, lon0, lon1 = lats[0], lats[-1], lons[0], lons[-1]
        else:
            lat0, lat1, lon0, lon1 = 29.0, 38.0, 34.0, 47.0  # the Levant and Iraq
        clon = (lon0 + lon1) / 2
        y0, y1 = self._merc(lat0), self._merc(lat1)
        cy = (y0 + y1) / 2
        span_x = max(math.radians(lon1 - lon0), math.radians(7.0)) * 1.3
        span_y = max(y1 - y0, math.radians(7.0)) * 1.3
        band = MAP_BOTTOM - MAP_TOP
        self.scale = min(WIDTH / span_x, band / span_y)
        self.cx, self.cy, self.clon = WIDTH / 2, MAP_TOP + band / 2, clon
        self.my = cy

    @staticmethod
    def _merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.cx + math.radians(lon - self.clon) * self.scale,
                self.cy - (self._merc(lat) - self.my) * self.scale)

    def metres(self, m: float, lat: float) -> float:
        """Pixels of ``m`` metres at latitude ``lat``."""
        return m / (6_371_000 * math.cos(math.radians(lat))) * self.scale


@lru_cache(maxsize=1)
def _countries(path: Path = COUNTRIES_GEOJSON) -> list[list[list[tuple[float, float]]]]:
    """Outer rings of every country polygon (lon, lat)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in data.get("features", []):
        g = f.get("geometry") or {}
        polys = g.get("coordinates", []) if g.get("type") == "MultiPolygon" else [g.get("coordinates", [])]
        out.append([[(float(x), float(y)) for x, y, *_ in poly[0]] for poly in polys if poly])
    return out


def _hex(c: str, alpha: int = 255) -> tuple[int, int, int, int]:
    h = c.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha


def map_png(records: Sequence[Mapping[str, Any]], *, title: str = "Map of events", caption: str = "",
            legend: Sequence[tuple[str, str, int]] = (), labels: Sequence[Mapping[str, Any]] = (),
            rings: bool = True, basemap: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """PNG bytes of the map: ``records`` from ``dashboard.map.map_records``, ``legend`` from
    ``legend_items``, ``labels`` from ``place_labels``, ``basemap`` the basemap's own country and
    city names from ``basemap_labels`` (light grey, left out where an event's name is) and
    ``caption`` the filters line."""
    img = Image.new("RGB", (WIDTH, HEIGHT), _hex(OCEAN)[:3])  # RGB: "RGBA" ink then blends
    draw = ImageDraw.Draw(img, "RGBA")
    frame = _Frame(records)
    for country in _countries():
        for ring in country:
            pts = [frame.xy(lon, lat) for lon, lat in ring]
            if len(pts) > 2 and any(-WIDTH < x < 2 * WIDTH and -HEIGHT < y < 2 * HEIGHT for x, y in pts):
                draw.polygon(pts, fill=_hex(LAND), outline=_hex(BORDER))
    if rings:
        for r in {(r["lon"], r["lat"], r["ring"]): r for r in records if r.get("ring")}.values():
            x, y = frame.xy(r["lon"], r["lat"])
            rad = frame.metres(float(r["ring"]), float(r["lat"]))
            draw.ellipse((x - rad, y - rad, x + rad, y + rad), fill=tuple(RING_FILL), outline=tuple(RING_LINE))
    for r in sorted(records, key=lambda r: -float(r["r"])):  # big marks first: small ones stay on top
        x, y = frame.xy(r["lon"], r["lat"])
        rad = max(3.0, min(40.0, float(r["r"])))
        draw.ellipse((x - rad, y - rad, x + rad, y + rad), fill=tuple(r["fill"]), outline=tuple(r["line"]), width=2)
        if rad >= MIN_PX:  # the mix of types inside the mark, as the dashboard draws it
            for frac, fill in r.get("mix") or ():
                inner = rad * float(frac)
                draw.ellipse((x - inner, y - inner, x + inner, y + inner), fill=tuple(fill))
        if int(r.get("count", 1)) > 1 and rad >= 9:
            _text(draw, (x, y + 5), count_text(int(r["count"])), 13, (255, 255, 255, 255), stroke=2, anchor="m",
                  halo=(25, 30, 35, 220))
    placed: list[tuple[float, float, float, float]] = []
    # busiest first, then the basemap's names; a name that would overlap one already written is left out
    for lab, size, ink in ([(lab, 15, (35, 45, 55, 240)) for lab in labels]
                           + [(lab, 13, (120, 128, 136, 230)) for lab in basemap]):
        x, y = frame.xy(lab["lon"], lab["lat"])
        y += float(lab.get("dy", -10 if size == 15 else 4))
        if not MAP_TOP + size + 2 <= y < MAP_BOTTOM:
            continue
        half = sum(draw.textlength(p, font=_font("arabic" if ar else "latin", size)) for p, ar in runs(str(lab["text"]))) / 2
        box = (x - half - 3, y - size - 1, x + half + 3, y + 3)
        if box[0] < 0 or box[2] > WIDTH or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        _text(draw, (x, y), str(lab["text"]), size, ink, stroke=3, anchor="m")
    # the page around the map: title, legend, caption
    draw.rectangle((0, 0, WIDTH, MAP_TOP), fill=(255, 255, 255, 255))
    draw.rectangle((0, MAP_BOTTOM, WIDTH, HEIGHT), fill=(255, 255, 255, 255))
    _text(draw, (32, 46), title, 30, (20, 25, 30, 255))
    for i, line in enumerate(_wrap(draw, caption, 17, WIDTH - 64)[:2]):
        _text(draw, (32, 74 + 20 * i), line, 17, (80, 88, 96, 255))
    x = 32.0
    for label, colour, n in legend[:10]:
        draw.ellipse((x, MAP_BOTTOM + 22, x + 14, MAP_BOTTOM + 36), fill=_hex(colour))
        x += 20 + _text(draw, (x + 20, MAP_BOTTOM + 35), f"{label} ({n:,})", 16, (40, 48, 56, 255)) + 18
    foot = "Marsad · country outlines: Natural Earth" + (" · large ring = region/country-level location"
                                                         if rings and any(r.get("ring") for r in records) else "")
    _text(draw, (32, HEIGHT - 24), foot, 14, (110, 118, 126, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
