"""The mix of event types inside a map mark that holds several: nested discs, one per type.

A place (or a cell, when binned) with 12 attacks, 5 arrests and 3 statements is one mark; its
outer colour is the most frequent type. Inside it, a disc per further type is drawn on top,
largest share outermost, so that each ring's *area* is its type's share of the mark (ring k has
radius ``R·√(1 − share of the types outside it)``). Up to four types are named by colour; the
rest is one pale disc at the centre. Marks too small to show rings (under :data:`MIN_PX`) keep one colour, and
the tooltip lists the mix either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pydeck as pdk

from dashboard.palette import rgb

MIX_LAYER = "type_mix"
MAX_TYPES = 4  # named by their own colour; the others are one pale disc
REST = (246, 245, 241)  # the pale disc of the other types: "various", not one more type
MIN_PX = 7.0  # a mark smaller than this (radius, pixels) shows no rings
RADIUS_PX = (3.0, 40.0)  # the marks' radius_min_pixels / radius_max_pixels (dashboard.map)


def slices(per_type: np.ndarray, types: Sequence[str], alpha: int) -> list[list[Any]]:
    """The inner discs of a mark whose events have types ``types`` in numbers ``per_type``:
    ``[[radius as a fraction of the mark's, [r, g, b, a]], …]`` from the outermost inward
    (the outermost type, the most frequent, is the mark's own fill)."""
    counts = np.asarray(per_type, dtype=float)
    total = counts.sum()
    present = [int(k) for k in np.argsort(-counts, kind="stable") if counts[k] > 0]
    if total <= 0 or len(present) < 2:
        return []
    out: list[list[Any]] = []
    outside = counts[present[0]] / total
    for k in present[1:MAX_TYPES]:
        out.append([round(float(np.sqrt(1.0 - outside)), 4), rgb(types[k], alpha)])
        outside += counts[k] / total
    if len(present) > MAX_TYPES and outside < 1.0 - 1e-9:
        out.append([round(float(np.sqrt(1.0 - outside)), 4), [*REST, alpha]])
    return out


def mark_radius_px(r: float, scale: float) -> float:
    """The radius deck.gl draws a mark with (its ``r``, scaled, then clamped like the layer)."""
    lo, hi = RADIUS_PX
    return min(max(float(r) * scale, lo), hi)


def mix_discs(records: Sequence[dict[str, Any]], scale: float = 1.0) -> list[dict[str, Any]]:
    """One disc per inner slice of every mark big enough to show it (what :func:`mix_layer` draws)."""
    out = []
    for rec in records:
        radius = mark_radius_px(rec["r"], scale)
        if radius < MIN_PX:
            continue
        for frac, fill in rec.get("mix") or ():
            out.append({"lon": rec["lon"], "lat": rec["lat"], "px": round(radius * frac, 2), "fill": fill})
    return out


def mix_layer(records: Sequence[dict[str, Any]], scale: float = 1.0) -> pdk.Layer:
    """The nested discs, drawn over the marks (not pickable: a click still takes the whole mark)."""
    return pdk.Layer(
        "ScatterplotLayer", id=MIX_LAYER, data=mix_discs(records, scale), get_position="[lon, lat]",
        get_radius="px", radius_units="'pixels'", get_fill_color="fill", filled=True, stroked=False,
        pickable=False,
    )
