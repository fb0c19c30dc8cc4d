"""Filters and facets over the events frame — pure, vectorized, declared as a list of objects.

The events frame is turned once per store change into an :class:`EventIndex` (category codes,
an exploded actors index, day numbers, radians); every rerun then only combines boolean masks,
so a filter change at a million events costs a few numpy passes, not a pandas ``apply``.

Facets (datasette-style): each choice of a facet shows how many events it would match under all
the *other* current filters, so a multiselect shows what adding a choice brings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, TypeVar, dataclass_transform

import numpy as np
import pandas as pd

from dashboard.bidi import unisolated
from dashboard.facets import FACETS as FACETS_DECLARED
from dashboard.facets import NO_VALUE, Facet  # noqa: F401 - NO_VALUE was defined here
from dashboard.search import text_mask  # noqa: F401 - used to be reached through this module
from geo.arabic import normalize
from geo.gazetteer import get_gazetteer

EARTH_RADIUS_KM = 6371.0088


# -- the state of every filter ---------------------------------------------------------------

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)  # tells a type checker FilterState is a frozen dataclass
def _with_facet_fields(cls: type[_T]) -> type[_T]:
    """Give the class one ``tuple[str, ...]`` field per facet (before its own fields), frozen."""
    own = dict(cls.__dict__.get("__annotations__", {}))
    cls.__annotations__ = {**{f.name: "tuple[str, ...]" for f in FACETS_DECLARED}, **own}
    for f in FACETS_DECLARED:
        setattr(cls, f.name, ())
    return dataclass(frozen=True)(cls)


@_with_facet_fields
class FilterState:
    """What the analyst asked for. Empty tuples mean "no constraint".

    Besides the fields below, one tuple of chosen values per facet of ``dashboard.facets``
    (``actors``, ``places``, ``types`` …), declared there once.
    """

    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    near_place: str | None = None
    near_km: float = 50.0
    text: str = ""
    show_rejected: bool = False
    actor_role: str = "any"  # where a chosen actor must be: "any", "doer" (actor1), "target" (actor2)
    actor_match: str = "either"  # several chosen actors: "either" (one of them) or "both" (all of them)
    min_confidence: float = 0.0

    if TYPE_CHECKING:  # the facet fields are added from the table above
        def __init__(self, **values: Any) -> None: ...
        def __getattr__(self, name: str) -> tuple[str, ...]: ...

    def is_default(self) -> bool:
        return self == FilterState()

    def with_(self, **changes: Any) -> "FilterState":
        return replace(self, **changes)

    def chosen(self, facet: str) -> tuple[str, ...]:
        """The values chosen for a facet (by its name)."""
        return getattr(self, facet)


FILTER_FIELDS = tuple(f.name for f in fields(FilterState))
ACTOR_ROLES = ("any", "doer", "target")
ACTOR_MATCHES = ("either", "both")
ROLE_COLUMNS = {"doer": "actor1", "target": "actor2"}


# -- the index built once per frame: dashboard/event_index.py --------------------------------------

from dashboard.event_index import FACET_COLUMNS, TEXT_CACHE_SIZE, Codes, EventIndex, build_index  # noqa: E402,F401


# -- the filters ---------------------------------------------------------------------------------

class FacetCounts(Mapping[str, int]):
    """Counts of a facet's values, as an array; a mapping without building a dict per rerun.

    A facet over articles may have a hundred thousand values at a million events; the page
    only labels the options it shows, so lookups go through one shared value → slot index.
    """

    def __init__(self, values: list[str], slots: dict[str, int], counts: np.ndarray):
        self._values, self._slots, self._counts = values, slots, counts

    def __getitem__(self, value: str) -> int:
        return int(self._counts[self._slots[value]])

    def get(self, value: str, default: int = 0) -> int:  # type: ignore[override]
        i = self._slots.get(value)
        return default if i is None else int(self._counts[i])

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _slots(idx: "EventIndex", name: str, values: list[str]) -> dict[str, int]:
    key = ("slots", name)
    if key not in idx._memo:
        idx._memo[key] = {v: i for i, v in enumerate(values)}
    return idx._memo[key]


FEW_CODES = 8  # up to this many chosen values, compare codes one by one (no gather)


def _code_mask(idx: "EventIndex", key: str, chosen: Iterable[str]) -> np.ndarray:
    """Rows whose ``key`` column is one of ``chosen``: ``codes == k`` per chosen value (a few
    vectorised compares), or a lookup table for many values; missing values (-1) never match."""
    c = idx.codes[key]
    slots = _slots(idx, key, c.values)
    wanted = sorted({slots[v] for v in chosen if v in slots})
    if not wanted:
        return np.zeros(idx.n, dtype=bool)
    if len(wanted) <= FEW_CODES:
        m = c.codes == wanted[0]
        for k in wanted[1:]:
            m |= c.codes == k
        return m
    allowed = np.zeros(len(c.values) + 1, dtype=bool)
    allowed[wanted] = True
    return allowed[c.codes]  # code -1 picks the last slot: False


def _ordered(values: list[str], totals: np.ndarray) -> list[str]:
    if not values:
        return []
    order = np.lexsort((np.array(values, dtype=object).astype(str), -totals))
    return [values[i] for i in order]


@dataclass(frozen=True)
class FacetFilter:
    """Keep events whose column is one of the chosen values; count each value (a facet)."""

    facet: Facet

    @property
    def name(self) -> str:  # FilterState attribute
        return self.facet.name

    @property
    def key(self) -> str:  # EventIndex.codes key
        return self.facet.index_key

    @property
    def label(self) -> str:
        return self.facet.label

    def options(self, idx: EventIndex) -> list[str]:
        """Values, most frequent first (computed once per index)."""
        key = ("options", self.name)
        if key not in idx._memo:
            c = idx.codes[self.key]
            idx._memo[key] = _ordered(c.values, c.totals)
        return idx._memo[key]

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        chosen = getattr(state, self.name)
        if not chosen:
            return None
        return _code_mask(idx, self.key, chosen)

    def counts(self, idx: EventIndex, mask: np.ndarray) -> FacetCounts:
        c = idx.codes[self.key]
        sel = c.codes[mask]
        binc = np.bincount(sel[sel >= 0], minlength=len(c.values))
        return FacetCounts(c.values, _slots(idx, self.name, c.values), binc)


@dataclass(frozen=True)
class ActorFilter:
    """Events naming the chosen actors: any of them ("either") or all ("both"), in any role or
    as the doer (actor1) / target (actor2). With "both" and a role, every chosen actor is named
    and at least one of them is in that role ("the Islamic State attacked the SDF": doer, both).
    """

    facet: Facet

    @property
    def name(self) -> str:
        return self.facet.name

    @property
    def label(self) -> str:
        return self.facet.label

    def options(self, idx: EventIndex) -> list[str]:
        key = ("options", self.name)
        if key not in idx._memo:
            idx._memo[key] = _ordered(idx.actor_names, idx.actor_totals)
        return idx._memo[key]

    def _named(self, idx: EventIndex, chosen: Iterable[str]) -> np.ndarray:
        """Events naming any of ``chosen`` (in any role): a take on the exploded index."""
        wanted = np.isin(np.array(idx.actor_names, dtype=object), list(chosen))
        m = np.zeros(idx.n, dtype=bool)
        if len(idx.actor_codes):
            m[idx.actor_rows[wanted[idx.actor_codes]]] = True
        return m

    def _in_role(self, idx: EventIndex, chosen: Iterable[str], role: str) -> np.ndarray:
        return _code_mask(idx, ROLE_COLUMNS[role], chosen)

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        if not state.actors:
            return None
        role = state.actor_role if state.actor_role in ROLE_COLUMNS else "any"
        m = self._named(idx, state.actors) if role == "any" else self._in_role(idx, state.actors, role)
        if state.actor_match == "both" and len(state.actors) > 1:
            for a in state.actors:
                m &= self._named(idx, [a])
        return m

    def counts(self, idx: EventIndex, mask: np.ndarray, role: str = "any") -> FacetCounts:
        if role in ROLE_COLUMNS:  # how many events each actor is the doer / target of
            c = idx.codes[ROLE_COLUMNS[role]]
            sel = c.codes[mask]
            return FacetCounts(c.values, _slots(idx, f"actors as {role}", c.values), np.bincount(sel[sel >= 0], minlength=len(c.values)))
        keep = mask[idx.actor_rows] if len(idx.actor_rows) else np.zeros(0, bool)
        binc = np.bincount(idx.actor_codes[keep], minlength=len(idx.actor_names))
        return FacetCounts(idx.actor_names, _slots(idx, self.name, idx.actor_names), binc)


@dataclass(frozen=True)
class ConfidenceFilter:
    """Events the extractor was at least this sure of (0 = no constraint)."""

    name: str = "confidence"

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        if state.min_confidence <= 0:
            return None
        return idx.confidence >= float(state.min_confidence) - 1e-9


@dataclass(frozen=True)
class DateFilter:
    """Interval overlap with [date_from, date_to]; undated events kept when asked (default)."""

    name: str = "dates"

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        if state.date_from is None and state.date_to is None and state.include_undated:
            return None
        m = idx.dated.copy()
        if state.date_from is not None:
            m &= idx.end_day >= _day(state.date_from)
        if state.date_to is not None:
            m &= idx.start_day <= _day(state.date_to)
        if state.include_undated:
            m |= ~idx.dated
        return m


@dataclass(frozen=True)
class NearFilter:
    """Within N km of a place (great-circle distance, vectorized haversine)."""

    name: str = "near"

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        if not state.near_place:
            return None
        point = place_point(idx, state.near_place)
        if point is None:
            return np.zeros(idx.n, dtype=bool)  # an unknown place matches nothing, visibly
        d = haversine_km(idx.lat_rad, idx.lon_rad, math.radians(point[0]), math.radians(point[1]))
        return idx.located & (d <= float(state.near_km))


@dataclass(frozen=True)
class TextFilter:
    """Every word of the query appears in the event (Arabic and English, normalized alike)."""

    name: str = "text"

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        return idx.text_mask(state.text)


@dataclass(frozen=True)
class StatusFilter:
    """Rejected events (curation) are hidden unless asked for."""

    name: str = "status"

    def mask(self, idx: EventIndex, state: FilterState) -> np.ndarray | None:
        if state.show_rejected:
            return None
        c = idx.codes["status"]
        if "rejected" not in c.values:
            return None
        return c.codes != c.values.index("rejected")


FACETS: tuple[FacetFilter | ActorFilter, ...] = tuple(
    ActorFilter(f) if f.column == "actors" else FacetFilter(f) for f in FACETS_DECLARED)
FILTERS: tuple[Any, ...] = FACETS + (DateFilter(), NearFilter(), TextFilter(), StatusFilter(), ConfidenceFilter())
FACET_BY_NAME = {f.name: f for f in FACETS}


@dataclass
class FilterResult:
    mask: np.ndarray
    facets: dict[str, FacetCounts]

    @property
    def count(self) -> int:
        return int(self.mask.sum())


RESULT_CACHE = 16  # filter states whose result an index keeps (a rerun with the same filters is free)


def evaluate(idx: EventIndex, state: FilterState, *, facets: bool = True) -> FilterResult:
    """The rows matching every filter, and each facet's counts under the other filters.

    Kept per filter state on the index (which is immutable: one per store version), so a rerun
    that changes nothing, or goes back to recent filters, computes nothing; the mask is read-only.
    """
    key = (state, facets)
    hit = idx._results.get(key)
    if hit is None:
        hit = _evaluate(idx, state, facets)
        hit.mask.flags.writeable = False
        with idx._lock:
            if len(idx._results) >= RESULT_CACHE:
                idx._results.pop(next(iter(idx._results)))
            idx._results[key] = hit
    return hit


def _evaluate(idx: EventIndex, state: FilterState, facets: bool) -> FilterResult:
    masks = {f.name: f.mask(idx, state) for f in FILTERS}
    everything = np.ones(idx.n, dtype=bool)
    total = everything.copy()
    for m in masks.values():
        if m is not None:
            total &= m
    out: dict[str, FacetCounts] = {}
    if facets:
        for f in FACETS:
            extra = {"role": state.actor_role} if isinstance(f, ActorFilter) else {}
            if masks[f.name] is None:
                out[f.name] = f.counts(idx, total, **extra)
                continue
            others = everything.copy()
            for name, m in masks.items():
                if m is not None and name != f.name:
                    others &= m
            out[f.name] = f.counts(idx, others, **extra)
    return FilterResult(total, out)


def apply(idx: EventIndex, state: FilterState) -> pd.DataFrame:
    """The filtered events frame (no facets)."""
    return idx.frame[evaluate(idx, state, facets=False).mask]


def narrow(idx: EventIndex, mask: np.ndarray, selection: Iterable[str] | None) -> np.ndarray:
    """Narrow a filter mask to a selection of event ids (None or empty: no narrowing)."""
    if not selection:
        return mask
    sel = np.zeros(idx.n, dtype=bool)
    sel[idx.positions(selection)] = True
    return mask & sel


# -- helpers -----------------------------------------------------------------------------------

def _day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: float, lon2: float) -> np.ndarray:
    """Great-circle distance in km from arrays of points (radians) to one point (radians)."""
    with np.errstate(invalid="ignore"):
        a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * math.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def place_point(idx: EventIndex, name: str) -> tuple[float, float] | None:
    """Coordinates of a place: from the events first, else the offline gazetteer if present."""
    if name in idx.place_points:
        return idx.place_points[name]
    norm = normalize(name)
    for k, v in idx.place_points.items():
        if normalize(k) == norm:
            return v
    try:
        found = get_gazetteer().lookup(name)
    except Exception:  # noqa: BLE001 - a broken gazetteer must not break filtering
        return None
    return (float(found[0].lat), float(found[0].lon)) if found else None


def summary(state: FilterState, article_titles: Mapping[str, str] | None = None) -> str:
    """One line stating the filters and date range, for captions and screenshots."""
    parts: list[str] = []
    if state.date_from or state.date_to:
        parts.append(f"dates {state.date_from or '…'} – {state.date_to or '…'}")
    else:
        parts.append("all dates")
    if not state.include_undated:
        parts.append("undated hidden")
    # Facets shown by title come last: a long article title would bury the short parts.
    for f in sorted(FACETS_DECLARED, key=lambda f: f.show == "title"):
        vals: Sequence[str] = state.chosen(f.name)
        if not vals:
            continue
        if f.show == "title":
            parts.append(f"{f.wording}: " + "; ".join((article_titles or {}).get(v, v) for v in vals))
        else:
            parts.append(f"{f.wording}: {', '.join(v.replace('_', ' ') for v in vals)}")
    if state.near_place:
        parts.append(f"within {state.near_km:g} km of {state.near_place}")
    if state.text.strip():
        parts.append(f"search: “{state.text.strip()}”")
    if state.actors and state.actor_role != "any":
        parts.append(f"actors as {state.actor_role}")
    if len(state.actors) > 1 and state.actor_match == "both":
        parts.append("all chosen actors together")
    if state.min_confidence > 0:
        parts.append(f"confidence ≥ {state.min_confidence:.2f}")
    if state.show_rejected:
        parts.append("rejected shown")
    return " · ".join(parts)


_COUNT_SUFFIX = re.compile(r"\s*\(\d[\d,.\u066c]*\)\s*$")


def repair_choices(values: Iterable[str], options: Iterable[str],
                   label: Callable[[str], str] = lambda v: v) -> list[str]:
    """The raw option values behind chosen values that came back as their shown labels.

    A multiselect shows "arrest (15)"; when the live count changes, a widget may hand back the old
    label instead of the value ("arrest (15)", even "arrest (15) (0)"), and old shared links carry
    it in the URL. Each such value is mapped back to its option: counts stripped, then matched as
    the option itself or as its shown label. A value that matches nothing is kept as it is (it is
    the user's input), stripped of counts.
    """
    opts = list(options)
    known = set(opts)
    by_label = {label(o): o for o in opts}
    out: list[str] = []
    for v in values:
        raw = unisolated(v)
        while raw not in known and raw not in by_label and _COUNT_SUFFIX.search(raw):
            raw = _COUNT_SUFFIX.sub("", raw)
        raw = by_label.get(raw, raw) if raw not in known else raw
        if raw not in out:
            out.append(raw)
    return out
