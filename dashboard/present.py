"""Presentation mode (``?present=1``): a slide-ready page — title, subtitle, one view per slide.

Widget keys: ``p_title``, ``p_subtitle`` (text), ``p_slide`` (all / timeline / map / table), in the
sidebar's *Presentation* section; they go in the URL (``title=``, ``subtitle=``, ``slide=``).
In presentation the sidebar, tabs, toggles, chart toolbars, map zoom buttons, the timeline's
range slider and the table's row checkboxes are not shown; the legend and the caption of the
filters are.
"""

from __future__ import annotations

import streamlit as st

from dashboard.edit import md_escape

SLIDES = {"all": "all views", "timeline": "the timeline", "map": "the map", "table": "the table"}
DEFAULT_TITLE = "Marsad — مرصد"
SLIDE_HEIGHT_PX = 600  # a chart alone on a 16:9 slide of ~1100 px wide, under the title and caption

CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] { display: none !important; }
html { font-size: 19px; }
/* Controls stay rendered (their state is kept) but do not clutter a screenshot. */
.st-key-map_controls, .st-key-lane_by, .st-key-timebar_box,
.st-key-selection_box:has(button:disabled) { display: none !important; }
[data-testid="stTabs"] [role="tablist"], .modebar-container,
.maplibregl-ctrl-top-right, .maplibregl-ctrl-group, .mapboxgl-ctrl-group { display: none !important; }
.block-container { padding-top: 1.2rem; max-width: 100%; }
</style>
"""


def shows(view, part: str) -> bool:
    """Whether ``part`` ("timeline", "map", "table", "detail") is drawn in this view."""
    if not view.present or view.slide == "all":
        return True
    return view.slide == part


def sidebar_controls() -> None:
    """The title, subtitle and slide of presentation mode (edited before switching it on)."""
    st.subheader("Presentation")
    st.text_input("Title", key="p_title", placeholder=DEFAULT_TITLE)
    st.text_input("Subtitle", key="p_subtitle", placeholder="e.g. Arrests in north-east Syria, 2024")
    st.selectbox("Slide", list(SLIDES), key="p_slide", format_func=lambda s: f"show {SLIDES[s]}",
                 help="One view per slide (16:9) or all views.")


def heading(view) -> None:
    """The page title: the presentation's own title and subtitle, or the app's name."""
    if not view.present:
        st.title(DEFAULT_TITLE)
        return
    st.title(view.title or DEFAULT_TITLE, anchor=False)
    if view.subtitle:
        st.markdown(f"#### {md_escape(view.subtitle)}")
