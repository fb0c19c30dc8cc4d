"""Big views counted on the index's numeric arrays before any text is copied — pure.

At a million events the timeline's counts and the map's bins need only day numbers, category
codes and coordinates; copying a million headlines into a frame to count them (what a view of
all rows would do) costs more than the counting. These functions group the rows first — one
row per (lane, first day, last day) for the timeline, per (coordinates, precision, type) for
the map, with ``_n`` the number of events it stands for — and copy the text of one event per
group (the newest). The timeline and the map draw such frames as they draw events (the DuckDB
source hands them the same shape), with the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from dashboard.facets import NO_VALUE
from dashboard.event_index import EventIndex

NO_ACTOR, NO_PLACE = "(no actor)", "(no place)"  # the timeline's lanes for events without one


VIEW_CACHE = 16  # views an index keeps (grouped frames, figures, table frames)
T = TypeVar("T")


def cached(idx: EventIndex, key: tuple, build: Callable[[], T]) -> T:
    """``build()``, kept on the index under ``key`` (what decides the view: filters, window,
    selection, options): a rerun that changes nothing regroups and rebuilds nothing."""
    store: dict[tuple, Any] = idx._memo.setdefault("views", {})
    if key not in store:
        frame = build()
        with idx._lock:
            if len(store) >= VIEW_CACHE:
                store.pop(next(iter(store)))
            store[key] = frame
    return store[key]


def _group_ids(*keys: np.ndarray) -> np.ndarray:
    """One id per distinct combination of the integer ``keys`` (row-aligned), from 0."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for k in keys:
        k = np.asarray(k, dtype=np.int64)
        k = k - (k.min() if len(k) else 0)
        combined = combined * (int(k.max()) + 1 if len(k) else 1) + k
    return pd.factorize(combined)[0].astype(np.int64)


def _days(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[ns]")


def timeline_groups(idx: EventIndex, pos: np.ndarray, lane_by: str = "type") -> pd.DataFrame:
    """Dated events at ``pos`` counted per (type, or actor / place lane, first day, last day)."""
    pos = pos[idx.dated[pos]]
    if lane_by == "actor":
        in_view = np.zeros(idx.n, dtype=bool)
        in_view[pos] = True
        keep = in_view[idx.actor_rows]
        named = np.bincount(idx.actor_rows, minlength=idx.n)
        alone = pos[named[pos] == 0]
        rows = np.concatenate([idx.actor_rows[keep], alone])
        lane = np.concatenate([idx.actor_codes[keep], np.full(len(alone), len(idx.actor_names))])
        names = [*idx.actor_names, NO_ACTOR]
    else:
        c = idx.codes["event_type" if lane_by == "type" else "place"]
        rows, lane = pos, np.where(c.codes[pos] >= 0, c.codes[pos], len(c.values))
        names = [*c.values, "(none)" if lane_by == "type" else NO_PLACE]
    start = idx.start_day[rows]
    end = np.maximum(idx.end_day[rows], start)
    gid = _group_ids(lane, start, end)
    first = np.unique(gid, return_index=True)[1]
    out = pd.DataFrame({
        "event_type" if lane_by == "type" else "lane": np.array(names, dtype=object)[lane[first]],
        "date_start": _days(start[first]),
        "date_end": _days(end[first]),
        "_n": np.bincount(gid),
    })
    return out.sort_values("date_start", kind="stable").reset_index(drop=True)


def map_groups(idx: EventIndex, pos: np.ndarray) -> pd.DataFrame:
    """Located events at ``pos`` counted per (coordinates, place precision, type), each group
    with its date range, best confidence and the newest event's headline and place names."""
    pos = pos[idx.located[pos]]
    if not len(pos):
        return pd.DataFrame(columns=["lat", "lon", "geo_precision", "event_type", "_n"])
    point = pd.factorize(idx.lat[pos] + 1j * idx.lon[pos])[0]
    gprec, etype = idx.codes["geo_precision"], idx.codes["event_type"]
    gid = _group_ids(point, gprec.codes[pos], etype.codes[pos])
    dated = idx.dated[pos]
    # groups contiguous, oldest first within each: the last row of a group is its newest event
    order = np.lexsort((np.where(dated, idx.start_day[pos], -(2**40)), gid))
    bounds = np.flatnonzero(np.r_[True, np.diff(gid[order]) != 0])
    last = np.r_[bounds[1:], len(order)] - 1
    s = np.where(dated, idx.start_day[pos], np.inf)[order]
    e = np.where(dated, idx.end_day[pos], -np.inf)[order]
    conf = idx.frame["confidence"].to_numpy(dtype=float)[pos] if "confidence" in idx.frame else np.full(len(pos), np.nan)
    newest = pos[order[last]]

    def days(v: np.ndarray) -> np.ndarray:
        ok = np.isfinite(v)
        return np.where(ok, _days(np.where(ok, v, 0).astype(np.int64)), np.datetime64("NaT"))

    def text(col: str) -> np.ndarray:
        return idx.frame[col].to_numpy(dtype=object)[newest] if col in idx.frame else np.full(len(newest), None)

    def label(col: str, c, codes: np.ndarray):
        """The newest events' values, in the frame's own type (its categories keep their order)."""
        if col in idx.frame and isinstance(idx.frame[col].dtype, pd.CategoricalDtype):
            return pd.Categorical.from_codes(idx.frame[col].cat.codes.to_numpy()[newest], dtype=idx.frame[col].dtype)
        names = np.array([*c.values, None], dtype=object)
        names[names == NO_VALUE] = None  # the map reads a missing value as missing
        return names[np.where(codes >= 0, codes, len(c.values))]

    newest_start = np.where(dated[order[last]], idx.start_day[newest], np.nan)
    return pd.DataFrame({
        "lat": idx.lat[newest], "lon": idx.lon[newest],
        "geo_precision": label("geo_precision", gprec, gprec.codes[newest]),
        "event_type": label("event_type", etype, etype.codes[newest]),
        "headline": text("headline"), "place_name": text("place_name"), "place_name_ar": text("place_name_ar"),
        "date_start": days(np.minimum.reduceat(s, bounds)), "date_end": days(np.maximum.reduceat(e, bounds)),
        "_latest": days(newest_start),
        "_rank": newest,
        "confidence": np.maximum.reduceat(np.nan_to_num(conf[order], nan=1.0), bounds),
        "_n": np.diff(np.r_[bounds, len(order)]),
    })
