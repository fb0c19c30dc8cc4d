"""The Explore page on a Parquet dataset (``marsad serve --source DIR/``), read through DuckDB.

The same sidebar, caption, timeline, map and table as on a store, each built from what
:class:`dashboard.duck.DatasetSource` returns for the current filters — counts, bins and at most
``tables.MAX_ROWS`` rows — so the page works on datasets far larger than memory. Selections across
views, the time window, the detail panel, editing and the export buttons need the store: they are
on the store's page (``marsad serve``), not here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from dashboard import present as present_mode
from dashboard import sidebar, state, tables, timeline
from dashboard.duck import DatasetSource, SourceResult
from dashboard.bidi import isolate
from dashboard.edit import md_escape
from dashboard.filters import summary

TIMELINE_COLS = ("date_start", "date_end", "date_precision", "date_text", "tense", "event_type", "headline",
                 "place_name", "place_name_ar", "actors", "confidence")
MAP_COLS = ("lat", "lon", "event_type", "geo_precision", "headline", "place_name", "place_name_ar",
            "date_start", "date_end", "confidence")
TABLE_COLS = ("date_start", "date_end", "date_precision", "event_type", "headline", "place_name",
              "place_name_ar", "actors", "confidence", "sentence")
UNDATED_COLS = ("date_start", "event_type", "headline", "place_name")


@st.cache_resource(max_entries=2, show_spinner=False)
def load_source(directory: str, store: str | None, store_version: int) -> DatasetSource:
    """One DuckDB source per dataset (and version of the store's curation), shared by sessions."""
    return DatasetSource(directory, store_path=store)


def _span(result: SourceResult) -> str:
    if result.first_day is None or result.last_day is None:
        return "no dated events"
    return f"{np.datetime64(result.first_day, 'D')} to {np.datetime64(result.last_day, 'D')}"


def _timeline(src: DatasetSource, view: state.ViewState, result: SourceResult, line: str) -> None:
    f = view.filters
    with st.container(key="timeline_box"):
        st.radio("Timeline lanes", list(timeline.LANES), key="lane_by", horizontal=True,
                 format_func=lambda l: timeline.LANE_LABELS[l])
        if result.dated <= timeline.MAX_MARKS:  # few enough: one mark per event, as on a store
            frame = src.rows(f, TIMELINE_COLS, extra="date_start IS NOT NULL")
        else:  # counts per (lane, interval), binned by the timeline
            frame = src.timeline_groups(f, view.lane_by)
        fig = timeline.build_timeline(frame, lane_by=view.lane_by, presentation=view.present,
                                      title="Events over time" if view.present else None,
                                      caption=line, n_undated=result.undated, n_dated=result.dated)
        st.plotly_chart(fig, key="timeline_0", config={"displaylogo": False, "displayModeBar": not view.present})
    with st.container(key="undated_box"):
        st.markdown(f"**Undated events: {result.undated:,}**")
        if result.undated:
            rows = src.rows(f, UNDATED_COLS, extra="date_start IS NULL", limit=500)
            st.dataframe(tables.undated_frame(rows), hide_index=True,
                         height=38 + 35 * (min(result.undated, 10) + 1))


def _map(src: DatasetSource, view: state.ViewState, result: SourceResult) -> None:
    from dashboard import map as mm

    with st.container(key="map_box"):
        with st.container(horizontal=True, key="map_controls"):
            st.toggle("Online basemap", key="basemap_online",
                      help="Off: offline country outlines, no request leaves the machine.")
            st.toggle("Precision rings", key="map_rings")
            st.toggle("Place names", key="map_labels")
        if result.located <= mm.DEFAULT_THRESHOLD:
            frame = src.rows(view.filters, MAP_COLS, extra="lat IS NOT NULL AND lon IS NOT NULL")
        else:  # counts per place and type: the map bins them
            frame = src.map_groups(view.filters)
        deck = mm.build_deck(frame, online_basemap=view.online_basemap, presentation=view.present,
                             rings=view.rings, labels=view.labels)
        with st.container(key="map_legend"):
            st.html(mm.legend_html(frame, rings=view.rings))
        st.pydeck_chart(deck, key="map_0", height=480)
        unlocated = result.count - result.located
        if unlocated:
            st.caption(f"{unlocated:,} " + ("event has" if unlocated == 1 else "events have")
                       + " no coordinates and " + ("is" if unlocated == 1 else "are") + " not on the map.")


def _table(src: DatasetSource, view: state.ViewState, result: SourceResult) -> None:
    with st.container(key="table_box"):
        rows = src.rows(view.filters, TABLE_COLS, limit=tables.MAX_ROWS)
        table_df, note = tables.table_frame(rows, total=result.count)
        st.dataframe(table_df, key="events_table_0", column_config=tables.column_config(), hide_index=True,
                     row_height=tables.ROW_HEIGHT_PX, height=tables.table_height(len(table_df), 5))
        if note:
            st.caption(note)


def render(src: DatasetSource, view: state.ViewState, on_reset: Callable[[], None]) -> None:
    """The page for the current view (the widgets already hold it)."""
    result = src.evaluate(view.filters)
    sidebar.render(src, result.facets, (result.undated, src.undated_total), on_reset)
    head, toggle = st.columns([4, 1])
    with head:
        present_mode.heading(view)
    with toggle:
        st.toggle("Presentation", key="present", help="Hide the sidebar, larger type, a caption of the filters.")
    text = isolate(summary(view.filters))
    with st.container(key="caption_box"):
        line = (f"**{result.count:,} of {src.n:,} events** · {_span(result)} · filters: {md_escape(text)}"
                f" · dataset `{md_escape(src.directory.name)}` (DuckDB)")
        (st.markdown if view.present else st.caption)(line)
    plain = f"{result.count:,} of {src.n:,} events · filters: {text}"
    if present_mode.shows(view, "timeline"):
        _timeline(src, view, result, plain)
    if present_mode.shows(view, "map"):
        _map(src, view, result)
    if present_mode.shows(view, "table"):
        _table(src, view, result)
