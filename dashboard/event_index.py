"""The events frame as arrays, built once per store change: what every filter, facet and view reads.

An :class:`EventIndex` holds category codes, an exploded actors index, day numbers and radians,
so a filter change at a million events costs a few numpy passes, not a pandas ``apply``.
The filters themselves are declared in :mod:`dashboard.filters`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dashboard.facets import FACETS as FACETS_DECLARED
from dashboard.search import search_words, text_mask

FACET_COLUMNS = {
    # index key: (frame column, value for a missing cell or None to leave it out)
    **{f.index_key: (f.column, f.missing) for f in FACETS_DECLARED if f.column != "actors"},
    # not facets, but filtered on: curation status, and the actors by role
    "status": ("status", "auto"),
    "actor1": ("actor1", None),
    "actor2": ("actor2", None),
}

# Free text searches the event's own words (an article title would match all its events):
# long, mostly distinct texts row by row; place names, actors and types through their codes.
TEXT_CACHE_SIZE = 16


@dataclass
class Codes:
    """A column as integer codes into a list of distinct values (-1 = missing)."""

    codes: np.ndarray
    values: list[str]
    totals: np.ndarray  # events per value over the whole frame


def _codes(series: pd.Series, missing: str | None) -> Codes:
    s = series.astype("object")
    if missing is not None:
        s = s.where(s.notna() & (s.astype(str) != ""), missing)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    codes = codes.astype(np.int32)
    values = [str(u) for u in uniques]
    totals = np.bincount(codes[codes >= 0], minlength=len(values))
    return Codes(codes, values, totals)


@dataclass
class EventIndex:
    """An events frame plus the arrays every filter needs, computed once per store change."""

    frame: pd.DataFrame
    codes: dict[str, Codes]
    actor_rows: np.ndarray
    actor_codes: np.ndarray
    actor_names: list[str]
    actor_totals: np.ndarray
    start_day: np.ndarray  # days since epoch; undated rows hold 0 and dated=False
    end_day: np.ndarray
    dated: np.ndarray
    lat_rad: np.ndarray
    lon_rad: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    located: np.ndarray
    ids: pd.Index
    confidence: np.ndarray  # NaN (none stored) counts as 0: a minimum excludes it
    place_points: dict[str, tuple[float, float]]
    place_ar: dict[str, str] = field(default_factory=dict)
    article_titles: dict[str, str] = field(default_factory=dict)
    _arrow: dict[str, Any] = field(default_factory=dict, repr=False)
    _text_masks: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    _results: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def n(self) -> int:
        return len(self.frame)

    def arrow(self, column: str) -> Any:
        """A text column as an Arrow array (zero-copy for pandas' Arrow strings), kept."""
        import pyarrow as pa

        if column not in self._arrow:
            with self._lock:
                if column not in self._arrow:
                    s = self.frame[column] if column in self.frame else pd.Series([None] * self.n, dtype=object)
                    self._arrow[column] = pa.array(s.astype("string[pyarrow]"))
        return self._arrow[column]

    def text_mask(self, query: str) -> np.ndarray | None:
        """Rows matching a free-text query (cached: reruns with the same words are free)."""
        words = search_words(query)
        if not words:
            return None
        key = "\x00".join("|".join(w) for w in words)
        hit = self._text_masks.get(key)
        if hit is None:
            hit = text_mask(self, words)
            with self._lock:
                if len(self._text_masks) >= TEXT_CACHE_SIZE:
                    self._text_masks.pop(next(iter(self._text_masks)))
                self._text_masks[key] = hit
        return hit

    def take(self, pos: np.ndarray, columns: Iterable[str] | None = None) -> pd.DataFrame:
        """Rows at ``pos`` (and only ``columns``): copies just what a view needs.

        Numbers, dates and categories come from the index's arrays (a numpy take each), so a
        view of a million rows does not go through pandas' row indexing.
        """
        if columns is None:
            return self.frame.iloc[pos]
        out: dict[str, Any] = {}
        for c in columns:
            if c not in self.frame.columns:
                continue
            col = self.frame[c]
            if c in ("lat", "lon"):
                out[c] = getattr(self, c)[pos]
            elif isinstance(col.dtype, pd.CategoricalDtype):
                out[c] = pd.Categorical.from_codes(col.cat.codes.to_numpy()[pos], dtype=col.dtype)
            elif c == "event_id":
                out[c] = self.ids.to_numpy()[pos]
            else:
                out[c] = col.array.take(pos)
        return pd.DataFrame(out, index=pd.RangeIndex(len(pos)))

    def options(self, facet: str) -> list[str]:
        """A facet's values, most frequent first (what the sidebar offers)."""
        from dashboard.filters import FACET_BY_NAME  # the filters are declared over this index

        return FACET_BY_NAME[facet].options(self)

    def day_range(self) -> tuple[int, int] | None:
        """First and last day (days since 1970-01-01) of the dated events, None when none is."""
        if not self.dated.any():
            return None
        return int(self.start_day[self.dated].min()), int(self.end_day[self.dated].max())

    def positions(self, event_ids: Iterable[str]) -> np.ndarray:
        """Row positions of the given ids (unknown ids ignored)."""
        ids = list(event_ids)
        if not ids:
            return np.zeros(0, dtype=np.int64)
        pos = self.ids.get_indexer(ids)
        return pos[pos >= 0]


def _day_numbers(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    values = pd.to_datetime(col, errors="coerce")
    ok = values.notna().to_numpy()
    days = values.to_numpy(dtype="datetime64[D]", na_value=np.datetime64("1970-01-01")).astype(np.int64)
    return days, ok


def _actor_pairs(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """Exploded actors: one (row, actor code) pair per mention, so "events with actor X" is a take.

    An actor named twice in one event counts once in facets.
    """
    n = len(frame)
    lists = frame["actors"] if "actors" in frame else pd.Series([[]] * n)
    lengths = np.fromiter((len(a) if isinstance(a, (list, tuple)) else 0 for a in lists), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    flat = [x for a in lists if isinstance(a, (list, tuple)) for x in a]
    a_codes, a_uniques = pd.factorize(pd.Series(flat, dtype=object))
    a_codes = a_codes.astype(np.int32)
    names = [str(u) for u in a_uniques]
    if len(rows):
        pair = rows * max(len(names), 1) + a_codes
        _, keep = np.unique(pair, return_index=True)
        keep.sort()
        rows, a_codes = rows[keep], a_codes[keep]
    return rows, a_codes, names, np.bincount(a_codes, minlength=len(names))


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A numeric column as floats (NaN where missing or not a number)."""
    s = frame[column] if column in frame else pd.Series([np.nan] * len(frame))
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _place_points(frame: pd.DataFrame, lat: np.ndarray, lon: np.ndarray, located: np.ndarray) -> dict[str, tuple[float, float]]:
    """A point per place name (the median of its events), to measure "within N km of a place"."""
    if "place_name" not in frame or not len(frame):
        return {}
    pts = pd.DataFrame({"p": frame["place_name"].astype("object"), "lat": lat, "lon": lon})[located]
    pts = pts[pts["p"].notna()]
    if not len(pts):
        return {}
    med = pts.groupby("p", sort=False)[["lat", "lon"]].median()
    return {str(k): (float(r.lat), float(r.lon)) for k, r in med.iterrows()}


def _first_of(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    """``key`` → ``value`` for the first row of each key (e.g. a place's Arabic name, an article's title)."""
    if key not in frame or value not in frame or not len(frame):
        return {}
    pairs = frame[[key, value]].astype("object").dropna().drop_duplicates(key)
    return dict(zip(pairs[key].astype(str), pairs[value].astype(str)))


def build_index(frame: pd.DataFrame) -> EventIndex:
    """Precompute what the filters need. ``frame`` is an ``events_frame()``; it is not modified."""
    frame = frame.reset_index(drop=True)
    n = len(frame)
    codes = {}
    for key, (col, missing) in FACET_COLUMNS.items():
        if col in frame:
            codes[key] = _codes(frame[col], missing)
        else:
            codes[key] = Codes(np.full(n, -1, dtype=np.int32), [], np.zeros(0, dtype=np.int64))
    rows, a_codes, actor_names, actor_totals = _actor_pairs(frame)

    start, ok_s = _day_numbers(frame["date_start"]) if "date_start" in frame else (np.zeros(n, np.int64), np.zeros(n, bool))
    end, ok_e = _day_numbers(frame["date_end"]) if "date_end" in frame else (start, ok_s)
    end = np.where(ok_e, end, start)

    lat, lon = _numbers(frame, "lat"), _numbers(frame, "lon")
    located = ~(np.isnan(lat) | np.isnan(lon))
    confidence = np.nan_to_num(_numbers(frame, "confidence"), nan=0.0)
    return EventIndex(
        frame=frame,
        place_ar=_first_of(frame, "place_name", "place_name_ar"),
        article_titles=_first_of(frame, "article_id", "article_title"),
        codes=codes,
        actor_rows=rows,
        actor_codes=a_codes,
        actor_names=actor_names,
        actor_totals=actor_totals,
        start_day=start,
        end_day=end,
        dated=ok_s,
        lat_rad=np.radians(lat),
        lon_rad=np.radians(lon),
        lat=lat,
        lon=lon,
        located=located,
        confidence=confidence,
        ids=pd.Index(frame["event_id"].astype("object") if "event_id" in frame else pd.RangeIndex(n).astype(str)),
        place_points=_place_points(frame, lat, lon, located),
    )
