"""The sidebar's filter widgets, built from the facet table — the same for both event sources.

A *source* here is what the widgets read their choices from: the pandas ``EventIndex`` or the
DuckDB ``DatasetSource``; both offer ``options(facet)``, ``place_ar``, ``article_titles`` and
``day_range()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import numpy as np
import streamlit as st

from dashboard import present as present_mode
from dashboard.bidi import isolate
from dashboard.facets import FACET, FACETS, MAX_OPTIONS, Facet
from dashboard.filters import repair_choices
from dashboard.palette import LOW_CONFIDENCE

MIN_DATE = date(1900, 1, 1)

# Where the facets sit in the sidebar: before the actor-role controls, before the date range,
# after it (every facet of dashboard.facets is in one of them; tests/dashboard/test_facets.py
# finds each facet's widget on the page).
SIDEBAR_FACETS = (("actors",), ("places", "types"),
                  ("date_precisions", "geo_precisions", "countries", "outlets", "articles"))
ROLE_LABELS = {"any": "any role", "doer": "doer", "target": "target"}
MATCH_LABELS = {"either": "either of them", "both": "all together"}


def value_label(src: Any, facet: Facet) -> Callable[[str], str]:
    """How a facet's values are shown (value → label), by its ``show`` kind; plain by default."""
    if facet.show == "place":
        return lambda p: f"{p} · {src.place_ar[p]}" if src.place_ar.get(p) else p
    if facet.show == "type":
        return lambda t: t.replace("_", " ")
    if facet.show == "title":
        return lambda a: (src.article_titles.get(a) or a)[:70]
    return lambda v: v


def repair(src: Any) -> None:
    """Chosen facet values stay raw names: a label that came back ("arrest (2)") or an old link's
    value is mapped back to its option before the view is read (see filters.repair_choices)."""
    ss = st.session_state
    for facet in FACETS:
        chosen = list(ss.get(facet.widget) or [])
        if not chosen:
            continue
        fixed = repair_choices(chosen, src.options(facet.name), value_label(src, facet))
        if fixed != chosen:
            ss[facet.widget] = fixed


def facet_select(src: Any, facet: Facet, counts: Mapping[str, int]) -> None:
    """A facet's multiselect: its values (the busiest first, or its fixed list), each with its count."""
    key, fmt = facet.widget, value_label(src, facet)
    options = list(facet.fixed) if facet.fixed else src.options(facet.name)
    chosen = list(st.session_state.get(key) or [])
    opts = options[:MAX_OPTIONS] + [c for c in chosen if c not in options[:MAX_OPTIONS]]
    st.multiselect(facet.label, opts, key=key, help=facet.help,
                   format_func=lambda v: isolate(f"{fmt(v)} ({counts.get(v, 0):,})"))


def date_bounds(src: Any) -> tuple[date, date]:
    """What the date picker offers: the data's first to last day (so its calendar opens there),
    widened to a range already chosen (a link may name dates outside the data)."""
    chosen = [d for d in (st.session_state.get("f_dates") or ()) if d]
    span = src.day_range()
    days = ([np.datetime64(int(d), "D").astype(object) for d in span] if span is not None
            else [date.today()])
    return min(days + chosen), max(days + chosen)


def undated_note(shown: int, total: int) -> str:
    """How many undated events the current view includes (they have no date to test)."""
    if st.session_state.get("f_undated", True):
        return f"{shown:,} undated event{'s are' if shown != 1 else ' is'} included whatever the range (switch below)."
    return f"{total:,} undated event{'s are' if total != 1 else ' is'} hidden."


def _actor_roles() -> None:
    """Where the chosen actors must be (doer = actor 1, target = actor 2) and how several combine."""
    st.segmented_control("Chosen actors as", list(ROLE_LABELS), key="f_role", format_func=ROLE_LABELS.__getitem__,
                         help="Doer: the actor who acted (actor 1); target: the one acted upon (actor 2).")
    several = len(st.session_state.get("f_actors") or []) > 1
    st.radio("Several actors", list(MATCH_LABELS), key="f_match", horizontal=True, format_func=MATCH_LABELS.get,
             disabled=not several, help="Either: events naming one of them; all together: events naming "
                                        "every chosen actor (with a role, one of them in that role).")


def _date_widgets(src: Any, undated: tuple[int, int]) -> None:
    lo, hi = date_bounds(src)
    st.date_input("Date range (overlapping)", key="f_dates", min_value=lo, max_value=hi,
                  help="Events whose date interval overlaps this range.")
    st.caption("Overlapping: an event counts when its date interval meets the range (an event known "
               "only as «March 2024» is in 10–20 March 2024). " + undated_note(*undated))
    st.toggle("Include undated events", key="f_undated")


def render(src: Any, facets: Mapping[str, Mapping[str, int]], undated: tuple[int, int],
           on_reset: Callable[[], None]) -> None:
    """Every filter widget; ``undated`` = (undated events under the filters, undated events in all)."""
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search (Arabic or English)", key="f_text",
                      placeholder="الحسكة, Raqqa, arrested…",
                      help="Every word must appear; Arabic spelling variants match (ة/ه, أ/ا, ى/ي).")
        for name in SIDEBAR_FACETS[0]:
            facet_select(src, FACET[name], facets[name])
        _actor_roles()
        for name in SIDEBAR_FACETS[1]:
            facet_select(src, FACET[name], facets[name])
        _date_widgets(src, undated)
        for name in SIDEBAR_FACETS[2]:
            facet_select(src, FACET[name], facets[name])
        st.subheader("Near a place")
        near = st.session_state.get("f_near") or ""
        places = [""] + src.options("places")[:MAX_OPTIONS]
        if near and near not in places:
            places.append(near)
        place_fmt = value_label(src, FACET["places"])
        st.selectbox("Within a distance of", places, key="f_near",
                     format_func=lambda p: place_fmt(p) if p else "— anywhere —")
        st.number_input("Kilometres", min_value=1.0, max_value=20000.0, step=10.0, key="f_km")
        st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_conf",
                  help="How sure the extractor was (0–1); events below it are hidden. On the map and the "
                       f"timeline, events under {LOW_CONFIDENCE:g} are drawn faded.")
        st.toggle("Show rejected events", key="f_rejected", help="Events an analyst rejected are hidden by default.")
        st.button("Reset filters", key="reset_filters", on_click=on_reset)
        present_mode.sidebar_controls()
        st.text_input("Your name (for the edit log)", key="user_name",
                      help="Recorded with every correction; empty: the system user.")
