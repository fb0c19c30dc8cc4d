"""The dashboard's view as URL query parameters — pure encode/decode, so a link reopens a view.

Only what differs from the default is written, multi-valued filters repeat their key
(``?actor=Islamic+State&actor=Syrian+Democratic+Forces``) so names with commas survive, and
decoding ignores what it cannot read (a hand-edited link still opens, minus the bad part).

| parameter | meaning | example |
|---|---|---|
| actor, place, type, country, outlet, article | facet choices (repeatable) | ``type=arrest&type=attack`` |
| dprec, gprec | date / place precisions to keep (repeatable) | ``dprec=day`` |
| from, to | date range (ISO), interval overlap | ``from=2024-01-01`` |
| undated=0 | hide undated events (shown by default) | |
| near, km | within ``km`` of a place | ``near=Hasakah&km=50`` |
| q | free-text search, Arabic or English | ``q=الحسكة`` |
| rejected=1 | show events an analyst rejected | |
| role | where a chosen actor must be: doer (actor1), target (actor2); any by default | ``role=doer`` |
| actors=both | several chosen actors all named (default: either of them) | |
| conf | minimum confidence, 0–1 | ``conf=0.6`` |
| event | the event open in the detail panel | ``event=ev_1a2b…`` |
| lane | timeline lanes: type, actor, place | ``lane=actor`` |
| window | time window brushed on the timeline (narrows map and table) | ``window=2024-01-01..2024-01-31`` |
| step | play/step unit of the time window: week, month | ``step=week`` |
| present=1 | presentation mode | |
| title, subtitle | the presentation's title and subtitle | ``title=Arrests+in+2024`` |
| slide | presentation: one view per slide: timeline, map, table (all by default) | ``slide=map`` |
| tab | explore, articles, add | ``tab=articles`` |
| basemap=online | the optional online basemap | |
| rings=0 | no precision rings on the map | |
| labels=0 | no place names on the map | |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dashboard import window as tw
from dashboard.facets import FACETS
from dashboard.filters import ACTOR_MATCHES, ACTOR_ROLES, FilterState

TABS = ("explore", "articles", "add")
SLIDES = ("all", "timeline", "map", "table")
LANES = ("type", "actor", "place")

# FilterState attribute → query parameter, for the repeatable (multi-valued) filters: the facets.
MULTI = {f.name: f.param for f in FACETS}


@dataclass(frozen=True)
class ViewState:
    """Everything a link carries: the filters and how the page shows them."""

    filters: FilterState = field(default_factory=FilterState)
    lane_by: str = "type"
    present: bool = False
    tab: str = "explore"
    online_basemap: bool = False
    window: tw.Window | None = None
    step: str = "month"
    event: str | None = None
    rings: bool = True
    labels: bool = True
    title: str = ""
    subtitle: str = ""
    slide: str = "all"

    def with_(self, **changes: Any) -> "ViewState":
        return replace(self, **changes)


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    v = params.get(key)
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def _last(params: Mapping[str, Any], key: str) -> str | None:
    vals = _values(params, key)
    return vals[-1] if vals else None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _flag(text: str | None, default: bool) -> bool:
    if text is None:
        return default
    return text.strip().lower() in ("1", "true", "yes", "on")


def _choice(text: str | None, allowed: Sequence[str]) -> str:
    """``text`` if it is one of ``allowed``, else the first (the default)."""
    return text if text is not None and text in allowed else allowed[0]


def _fraction(text: str | None) -> float:
    try:
        v = float(text) if text else 0.0
    except ValueError:
        return 0.0
    return v if 0.0 <= v <= 1.0 else 0.0


def encode(view: ViewState) -> dict[str, list[str]]:
    """Query parameters for a view; defaults are left out so links stay short."""
    f = view.filters
    out: dict[str, list[str]] = {}
    for attr, key in MULTI.items():
        vals = list(getattr(f, attr))
        if vals:
            out[key] = vals
    if f.date_from:
        out["from"] = [f.date_from.isoformat()]
    if f.date_to:
        out["to"] = [f.date_to.isoformat()]
    if not f.include_undated:
        out["undated"] = ["0"]
    if f.near_place:
        out["near"] = [f.near_place]
        out["km"] = [f"{f.near_km:g}"]
    if f.text.strip():
        out["q"] = [f.text.strip()]
    if f.show_rejected:
        out["rejected"] = ["1"]
    if f.actor_role != "any":
        out["role"] = [f.actor_role]
    if f.actor_match != "either":
        out["actors"] = [f.actor_match]
    if f.min_confidence > 0:
        out["conf"] = [f"{f.min_confidence:g}"]
    if view.lane_by != "type":
        out["lane"] = [view.lane_by]
    if view.window:
        out["window"] = [tw.format_window(view.window)]
    if view.step != "month":
        out["step"] = [view.step]
    if view.event:
        out["event"] = [view.event]
    if not view.rings:
        out["rings"] = ["0"]
    if not view.labels:
        out["labels"] = ["0"]
    for key in ("title", "subtitle"):
        if getattr(view, key).strip():
            out[key] = [getattr(view, key).strip()]
    if view.slide != "all":
        out["slide"] = [view.slide]
    if view.present:
        out["present"] = ["1"]
    if view.tab != "explore":
        out["tab"] = [view.tab]
    if view.online_basemap:
        out["basemap"] = ["online"]
    return out


def decode(params: Mapping[str, str | Sequence[str]]) -> ViewState:
    """The view a link describes; unknown keys and unreadable values are ignored."""
    multi: dict[str, tuple[str, ...]] = {}
    for attr, key in MULTI.items():
        seen: list[str] = []
        for v in _values(params, key):
            v = v.strip()
            if v and v not in seen:
                seen.append(v)
        multi[attr] = tuple(seen)
    km_text = _last(params, "km")
    try:
        km = float(km_text) if km_text else 50.0
        if not 0 < km <= 20_000:
            km = 50.0
    except ValueError:
        km = 50.0
    d_from, d_to = _date(_last(params, "from")), _date(_last(params, "to"))
    if d_from and d_to and d_to < d_from:
        d_from, d_to = d_to, d_from
    filters = FilterState(
        **multi,
        date_from=d_from,
        date_to=d_to,
        include_undated=_flag(_last(params, "undated"), True),
        near_place=(_last(params, "near") or "").strip() or None,
        near_km=km,
        text=(_last(params, "q") or "").strip(),
        show_rejected=_flag(_last(params, "rejected"), False),
        actor_role=_choice(_last(params, "role"), ACTOR_ROLES),
        actor_match=_choice(_last(params, "actors"), ACTOR_MATCHES),
        min_confidence=_fraction(_last(params, "conf")),
    )
    lane = _last(params, "lane")
    tab = _last(params, "tab")
    step = _last(params, "step")
    return ViewState(
        filters=filters,
        lane_by=lane if lane in LANES else "type",
        present=_flag(_last(params, "present"), False),
        tab=tab if tab in TABS else "explore",
        online_basemap=(_last(params, "basemap") or "") == "online",
        window=tw.parse(_last(params, "window")),
        step=step if step in tw.STEPS else "month",
        event=(_last(params, "event") or "").strip() or None,
        rings=_flag(_last(params, "rings"), True),
        labels=_flag(_last(params, "labels"), True),
        title=(_last(params, "title") or "").strip()[:200],
        subtitle=(_last(params, "subtitle") or "").strip()[:300],
        slide=_choice(_last(params, "slide"), SLIDES),
    )


def to_query_string(view: ViewState) -> str:
    """``?actor=…&type=…`` for a view (for links and ``marsad snapshot --query``)."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, vals in encode(view).items() for v in vals]
    return ("?" + urlencode(pairs)) if pairs else ""


def from_query_string(query: str) -> ViewState:
    from urllib.parse import parse_qs

    return decode(parse_qs(query.lstrip("?"), keep_blank_values=False))
