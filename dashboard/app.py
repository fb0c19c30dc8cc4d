"""Marsad dashboard (``streamlit run dashboard/app.py``) — thin layout: widgets and layout only.

Everything shown is built by pure functions: ``filters`` (masks, facets), ``timeline`` (plotly),
``map`` (pydeck), ``tables`` (frames, HTML), ``state`` (URL), ``data`` (cached loading).
The store is ``$MARSAD_DB`` or ``data/marsad.db``; with ``$MARSAD_SOURCE`` (``marsad serve --source``) the
events come from that Parquet dataset through DuckDB (``dataset_page``, ``duck``).

Stable widget keys (for tests and tests/e2e; ``st-key-<key>`` is also a CSS class):

  sidebar filters   f_text, f_actors, f_places, f_types, f_countries, f_outlets, f_articles,
                    f_dates (date range), f_undated (toggle), f_dprec, f_gprec, f_near (place),
                    f_km, f_rejected (toggle), reset_filters (button)
  view              present (toggle), lane_by (radio type/actor/place), basemap_online, map_rings,
                    map_labels (toggles in map_controls), map_legend (container),
                    tab (tabs "Explore", "Articles", "Add articles"), clear_selection (button)
  time window       t_range, t_step, t_prev, t_next, t_play, t_clear in timebar_box
                    (dashboard/timebar.py); the window is session state ``t_window``
  containers        timeline_box, undated_box, map_box, table_box, detail_box, exports_box,
                    caption_box (presentation caption), selection_box
  charts / table    timeline_<n>, map_<n>, events_table_<n> — the number changes when a
                    selection is cleared (a fresh widget drops the old highlight); find them
                    inside their *_box container.
  exports           dl_csv, dl_geojson, dl_jsonl, dl_parquet, dl_timelinejs, dl_kml, dl_kepler, dl_acled
  upload            upload_files, upload_go
  detail            detail_pick (when a selection holds several events); the editor of
                    dashboard/edit.py below it; user_name (sidebar, for the edit log)

Session state: ``selection`` (frozenset of event ids, or None) and ``selection_source``
("timeline", "map", "table"). A selection narrows the *other* views; its own view keeps
showing everything the filters allow. Map marks map back to events via
``dashboard.map.selection_mask``; timeline marks carry their event id in ``customdata[0]``.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import streamlit as st

from dashboard import data, detail, safety, sidebar, state, tables, timebar, timeline, views
from dashboard import map as map_module
from dashboard import present as present_mode
from dashboard import tabs as other_tabs
from dashboard import window as tw
from dashboard.bidi import isolate
from dashboard.duck import SourceError
from dashboard.edit import md_escape, render_add_event
from dashboard.facets import FACETS
from dashboard.filters import FilterState, evaluate, narrow, summary
from events.store import StoreError

TAB_LABELS = {"explore": "Explore", "articles": "Articles", "add": "Add articles"}
TAB_NAMES = {v: k for k, v in TAB_LABELS.items()}
VIEWS = ("timeline", "map", "table")
MIN_DATE = sidebar.MIN_DATE

TIMELINE_COLS = ("event_id", "date_start", "date_end", "date_precision", "date_text", "tense",
                 "event_type", "headline", "place_name", "place_name_ar", "actors", "confidence")
# What dashboard.map reads (counts only to size by a count; not used here).
MAP_COLS = ("lat", "lon", "event_type", "geo_precision", "headline", "place_name", "place_name_ar",
            "date_start", "date_end", "confidence")

# Widget key → FilterState attribute (the facets' multiselects).
MULTI_KEYS = {f.widget: f.name for f in FACETS}


# -- state: URL ⇄ widgets --------------------------------------------------------------------

def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _seed_widgets(view: state.ViewState) -> None:
    """Put a decoded view into the widgets' session state (first run of a session)."""
    f = view.filters
    ss = st.session_state
    for key, attr in MULTI_KEYS.items():
        ss[key] = list(getattr(f, attr))
    ss["f_text"] = f.text
    dates = tuple(d for d in (f.date_from, f.date_to) if d)
    if f.date_from is None and f.date_to:
        dates = (MIN_DATE, f.date_to)
    ss["f_dates"] = dates
    ss["f_undated"] = f.include_undated
    ss["f_near"] = f.near_place or ""
    ss["f_km"] = float(f.near_km)
    ss["f_rejected"] = f.show_rejected
    ss["f_role"] = f.actor_role
    ss["f_match"] = f.actor_match
    ss["f_conf"] = float(f.min_confidence)
    if view.event:  # a link naming an event opens it in the detail panel
        ss["detail_id"] = view.event
    ss["lane_by"] = view.lane_by
    ss["present"] = view.present
    ss["p_title"] = view.title
    ss["p_subtitle"] = view.subtitle
    ss["p_slide"] = view.slide
    ss["basemap_online"] = view.online_basemap
    ss["map_rings"] = view.rings
    ss["map_labels"] = view.labels
    ss["tab"] = TAB_LABELS[view.tab]
    ss["t_window"] = view.window
    ss["t_step"] = view.step


def _view_from_widgets() -> state.ViewState:
    ss = st.session_state
    dates = tuple(ss.get("f_dates") or ())
    d_from = dates[0] if len(dates) >= 1 else None
    d_to = dates[1] if len(dates) >= 2 else None
    f = FilterState(
        **{attr: tuple(ss.get(key) or ()) for key, attr in MULTI_KEYS.items()},
        date_from=d_from if d_from and d_from != MIN_DATE else None,
        date_to=d_to,
        include_undated=bool(ss.get("f_undated", True)),
        near_place=ss.get("f_near") or None,
        near_km=float(ss.get("f_km") or 50.0),
        text=str(ss.get("f_text") or ""),
        show_rejected=bool(ss.get("f_rejected", False)),
        actor_role=ss.get("f_role") or "any",
        actor_match=ss.get("f_match") or "either",
        min_confidence=float(ss.get("f_conf") or 0.0),
    )
    return state.ViewState(
        filters=f,
        lane_by=ss.get("lane_by") or "type",
        present=bool(ss.get("present", False)),
        title=str(ss.get("p_title") or ""),
        subtitle=str(ss.get("p_subtitle") or ""),
        slide=ss.get("p_slide") or "all",
        tab=TAB_NAMES.get(ss.get("tab") or "Explore", "explore"),
        online_basemap=bool(ss.get("basemap_online", False)),
        rings=bool(ss.get("map_rings", True)),
        labels=bool(ss.get("map_labels", True)),
        window=ss.get("t_window"),
        step=ss.get("t_step") or "month",
        event=ss.get("detail_id") or None,
    )


def _reset_filters() -> None:
    _seed_widgets(state.ViewState(lane_by=st.session_state.get("lane_by", "type"),
                                  present=st.session_state.get("present", False)))


# -- selection -------------------------------------------------------------------------------

def _nonce(view: str) -> int:
    return st.session_state.setdefault("sel_nonce", {v: 0 for v in VIEWS})[view]


def _bump(*views: str) -> None:
    n = st.session_state.setdefault("sel_nonce", {v: 0 for v in VIEWS})
    for v in views:
        n[v] += 1


def _on_select(view: str) -> None:
    st.session_state["_pending_selection"] = view


def _clear_selection() -> None:
    st.session_state["selection"] = None
    st.session_state["selection_source"] = None
    st.session_state["detail_id"] = None
    _bump(*VIEWS)


def _shown_key(view: state.ViewState) -> tuple:
    """What decides the rows a view shows besides the store: filters, time window, selection."""
    ss = st.session_state
    return view.filters, view.window, ss.get("selection"), ss.get("selection_source")


def _view_mask(view: str, mask: np.ndarray, idx) -> np.ndarray:
    """What ``view`` shows: the filtered events, narrowed by a selection made elsewhere and,
    but on the timeline (which shades it), by the time window."""
    sel = st.session_state.get("selection")
    if view != "timeline":
        in_window = tw.mask(idx.start_day, idx.end_day, idx.dated, st.session_state.get("t_window"))
        if in_window is not None:
            mask = mask & in_window
    if sel is not None and st.session_state.get("selection_source") != view:
        return narrow(idx, mask, sel) if sel else np.zeros_like(mask)
    return mask


def _take_pending_selection(idx, mask: np.ndarray) -> None:
    """Turn the chart/table event that triggered this rerun into a set of event ids."""
    view = st.session_state.pop("_pending_selection", None)
    if view is None:
        return
    shown = _view_mask(view, mask, idx)  # what the view showed when it was clicked
    pos = np.flatnonzero(shown)
    widget = st.session_state.get(f"{'events_table' if view == 'table' else view}_{_nonce(view)}")
    sel = (widget or {}).get("selection") or {}
    ids: set[str] = set()
    if view == "timeline" and tw.from_selection(sel):
        # A box drawn on the timeline brushes time: it sets the window, not a selection.
        st.session_state["t_window"] = tw.from_selection(sel)
        st.session_state["t_play"] = False
        _bump("timeline", "map", "table")
        return
    if view == "timeline":
        lane = st.session_state.get("lane_by") or "type"
        extra = {"actor": ["actors"], "place": ["place_name"]}.get(lane, [])
        frame = idx.take(pos, ["event_id", "date_start", "date_end", "event_type", *extra])
        ids = timeline.selected_event_ids(sel, frame)
    elif view == "map":
        objects = (sel.get("objects") or {}).get(map_module.PICK_LAYER, [])
        if objects:
            frame = idx.take(pos, MAP_COLS)
            m = map_module.selection_mask(frame, objects).to_numpy(dtype=bool)
            ids = set(idx.ids[pos[m]].astype(str))
    elif view == "table":
        rows = sel.get("rows") or []
        if rows:
            top = pos[tables.newest(idx.start_day[pos], idx.dated[pos])]
            r = [i for i in rows if 0 <= i < len(top)]
            ids = {str(idx.ids[top[i]]) for i in r}
            if ids:
                st.session_state["detail_id"] = next(iter(ids))
    old_source = st.session_state.get("selection_source")
    if ids:
        st.session_state["selection"] = frozenset(ids)
        st.session_state["selection_source"] = view
        if len(ids) == 1:
            st.session_state["detail_id"] = next(iter(ids))
        # The other views are about to change their data: drop their stale highlights; so does
        # this view's when it was narrowed by another view's selection a moment ago.
        _bump(*[v for v in VIEWS if v != view or (old_source not in (None, view))])
    elif old_source == view:
        _clear_selection()


# -- page ------------------------------------------------------------------------------------

# (format, button label, file name): every export format, for the events shown.
EXPORTS = (("csv", "CSV", "marsad-events.csv"), ("geojson", "GeoJSON", "marsad-events.geojson"),
           ("jsonl", "JSONL", "marsad-events.jsonl"), ("parquet", "Parquet", "marsad-events.parquet"),
           ("timelinejs", "TimelineJS", "marsad-timeline.json"), ("kml", "KML", "marsad-events.kml"),
           ("kepler", "kepler.gl", "marsad-kepler.json"), ("acled", "ACLED CSV", "marsad-acled.csv"))


def _export_file(path: str, idx, pos: np.ndarray, fmt: str) -> bytes:
    return data.export_file(path, idx.take(pos), fmt)


def _exports(idx, pos: np.ndarray, path: str) -> None:
    from events.exports import EXPORT_MEDIA_TYPES

    cols = st.columns(4)
    for i, (fmt, label, name) in enumerate(EXPORTS):
        cols[i % 4].download_button(
            f"⬇ {label} ({len(pos):,} events)", key=f"dl_{fmt}", mime=EXPORT_MEDIA_TYPES[fmt],
            file_name=name, on_click="ignore",
            # Deferred: the rows are taken and the file built only when clicked, not on every rerun
            # (taking them here copied the shown rows of the frame once per button, every rerun).
            data=functools.partial(_export_file, path, idx, pos, fmt),
        )


def _filters_line(idx, view: state.ViewState, mask: np.ndarray) -> str:
    """The filters in one plain line, for the timeline's PNG."""
    line = f"{int(mask.sum()):,} of {idx.n:,} events · filters: {isolate(summary(view.filters, idx.article_titles))}"
    if view.window:
        line += f" · time window {tw.describe(view.window)} (map and table)"
    return line


def _explore(idx, path: str, view: state.ViewState, mask: np.ndarray) -> None:
    ss = st.session_state
    sel = ss.get("selection")
    with st.container(key="selection_box", horizontal=True):
        if sel is not None:
            st.info(f"Selection from the {ss.get('selection_source')}: {len(sel):,} event{'s' if len(sel) != 1 else ''} "
                    f"({int(narrow(idx, mask, sel).sum()):,} under the current filters) — it narrows the other views.")
        st.button("Clear selection", key="clear_selection", on_click=_clear_selection,
                  disabled=sel is None, icon="✖")

    if present_mode.shows(view, "timeline"):
        _timeline_section(idx, view, mask, sel)
    if present_mode.shows(view, "map"):
        _map_section(idx, view, mask)
    if present_mode.shows(view, "table"):
        _table_section(idx, path, view, mask, sel)


def _timeline_section(idx, view: state.ViewState, mask: np.ndarray, sel) -> None:
    """The timeline, its time-window controls, and the undated events beside it."""
    ss = st.session_state
    present = view.present
    slide = present and view.slide == "timeline"
    t_mask = _view_mask("timeline", mask, idx)
    t_pos = np.flatnonzero(t_mask)
    n_dated = int(idx.dated[t_pos].sum())
    if n_dated <= timeline.MAX_MARKS:  # one mark per event
        t_frame = idx.take(t_pos, TIMELINE_COLS)
    else:  # counts: grouped on the index's arrays, no text copied (kept while nothing changes)
        t_frame = views.cached(idx, ("timeline", view.lane_by, *_shown_key(view)),
                               lambda: views.timeline_groups(idx, t_pos, view.lane_by))
    left, right = st.columns([4, 1]) if not present else (st.container(), None)
    with left, st.container(key="timeline_box"):
        st.radio("Timeline lanes", list(timeline.LANES), key="lane_by", horizontal=True,
                 format_func=lambda l: timeline.LANE_LABELS[l])
        fig = views.cached(idx, ("figure", *_shown_key(view), view.lane_by, present, view.slide), lambda: timeline.build_timeline(
            t_frame, lane_by=view.lane_by, presentation=present, max_marks=timeline.MAX_MARKS,
            title="Events over time" if present else None,
            highlight=sel if ss.get("selection_source") == "timeline" else None,
            window=view.window, caption=_filters_line(idx, view, mask), n_undated=len(t_pos) - n_dated, n_dated=n_dated))
        if slide:
            fig.update_layout(height=present_mode.SLIDE_HEIGHT_PX)
        st.plotly_chart(fig, key=f"timeline_{_nonce('timeline')}", on_select=lambda: _on_select("timeline"),
                        selection_mode=("points", "box", "lasso"),
                        config={"displaylogo": False, "displayModeBar": not present,
                                "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "marsad-timeline"}})
        dated_pos = t_pos[idx.dated[t_pos]]
        timebar.render(timebar.data_range(idx.start_day[dated_pos], idx.end_day[dated_pos]))
    undated_pos = t_pos[~idx.dated[t_pos]]
    target = right if right is not None else st.container()
    with target, st.container(key="undated_box"):
        st.markdown(f"**Undated events: {len(undated_pos):,}**")
        if len(undated_pos):
            st.html(tables.undated_html(idx.take(undated_pos[:500], ("event_id", "date_start", "event_type",
                                                                    "headline", "place_name"))))
            if len(undated_pos) > 500:
                st.caption(f"The first 500 of {len(undated_pos):,}: the table below lists them all.")
        else:
            st.caption("None under the current filters.")



def _map_section(idx, view: state.ViewState, mask: np.ndarray) -> None:
    present = view.present
    m_pos = np.flatnonzero(_view_mask("map", mask, idx))
    with st.container(key="map_box"):
        with st.container(horizontal=True, key="map_controls"):
            st.toggle("Online basemap", key="basemap_online",
                      help="Off: offline country outlines, no request leaves the machine. On: Carto's "
                           "basemap from the network (when it cannot be reached, a message says so and the offline "
                           "outlines stay).")
            st.toggle("Precision rings", key="map_rings",
                      help="Rings around region- and country-level places (at 100k events they blanket the map).")
            st.toggle("Place names", key="map_labels", help="The names of the busiest places on the map.")
        if int(idx.located[m_pos].sum()) <= map_module.DEFAULT_THRESHOLD:
            m_frame = idx.take(m_pos, MAP_COLS)
        else:  # bins: counts per place and type first, the text of one event per group
            m_frame = views.cached(idx, ("map", *_shown_key(view)), lambda: views.map_groups(idx, m_pos))
        online = view.online_basemap
        if online and (problem := _basemap_problem(map_module.ONLINE_STYLE_URL)):
            st.warning(f"The online basemap is not available: {problem}. The offline outlines are shown; "
                       "switch the online basemap off to hide this message.", icon="🗺️")
            online = False
        deck = views.cached(idx, ("deck", *_shown_key(view), online, present, view.rings, view.labels),
                            lambda: map_module.build_deck(m_frame, online_basemap=online,
                                                          presentation=present, rings=view.rings, labels=view.labels))
        if present:
            st.markdown("#### Map of events")
        with st.container(key="map_legend"):
            st.html(map_module.legend_html(m_frame, rings=view.rings))
        st.pydeck_chart(deck, key=f"map_{_nonce('map')}", on_select=lambda: _on_select("map"),
                        selection_mode="multi-object",
                        height=(present_mode.SLIDE_HEIGHT_PX if view.slide == "map" else 560) if present else 480)
        if not present:
            st.download_button("Map PNG", key="map_png", icon="⬇️", file_name="marsad-map.png", mime="image/png",
                               data=lambda: _map_png(m_frame, _filters_line(idx, view, mask), view.rings),
                               on_click="ignore",
                               help="The map as drawn, on the offline outlines, with its legend and the filters.")
        unlocated = int((~idx.located[m_pos]).sum())
        if unlocated:
            st.caption(f"{unlocated:,} " + ("event has" if unlocated == 1 else "events have")
                       + " no coordinates and " + ("is" if unlocated == 1 else "are") + " not on the map.")


@st.cache_data(ttl=300, show_spinner=False)
def _basemap_problem(url: str) -> str | None:
    """Whether the online basemap answers (asked at most every 5 minutes, only when switched on)."""
    return map_module.basemap_problem(url)


def _map_png(m_frame, caption: str, rings: bool) -> bytes:
    """The map PNG (dashboard/mapimage.py) of the events on the map, with the filter caption."""
    from dashboard import mapimage

    records, _ = map_module.map_records(m_frame)
    names = map_module.place_labels(records)
    basemap = map_module.basemap_labels(map_module.opening_view(records), names)
    return mapimage.map_png(records, caption=caption, legend=map_module.legend_items(m_frame),
                            labels=names, rings=rings, basemap=basemap)


def _table_section(idx, path: str, view: state.ViewState, mask: np.ndarray, sel) -> None:
    """The events table, the detail panel, adding by hand and the exports."""
    present = view.present
    tb_pos = np.flatnonzero(_view_mask("table", mask, idx))
    with st.container(key="table_box"):
        if present:
            st.markdown("#### Events")
        def build():
            top = tb_pos[tables.newest(idx.start_day[tb_pos], idx.dated[tb_pos])]
            return tables.table_frame(
                idx.take(top, ("event_id", "date_start", "date_end", "date_precision", "event_type", "headline",
                               "place_name", "place_name_ar", "actors", "confidence", "sentence")),
                total=len(tb_pos))

        table_df, note = views.cached(idx, ("table", *_shown_key(view)), build)  # kept: read-only
        # presentation: no selection, so no column of row checkboxes in a screenshot (Any: Streamlit's
        # overloads take "ignore" or a callback, not a value that may be either)
        on_select: Any = "ignore" if present else (lambda: _on_select("table"))
        st.dataframe(table_df, key=f"events_table_{_nonce('table')}", column_config=tables.column_config(),
                     hide_index=True, on_select=on_select,
                     selection_mode="single-row", row_height=tables.ROW_HEIGHT_PX,
                     height=tables.table_height(len(table_df), 6 if present else 5))
        if note:
            st.caption(note)
    if present and view.slide == "table":
        return
    with st.container(key="detail_box"):
        st.markdown("#### Event detail")
        cands = [e for e in (sorted(sel)[:200] if sel else [])]
        detail.render(idx, path, cands)
    if not present:
        with st.expander("Add an event by hand"):
            with data.open_store(path) as store:
                render_add_event(store, st.session_state.get("user_name") or None)
        with st.container(key="exports_box"):
            st.markdown("**Export the events shown**")
            _exports(idx, tb_pos, path)


def _open(load):
    """The event source ``load()`` gives (the store's index or a dataset; an unusable one is one
    line on the page), with chosen values repaired, and the view the widgets hold."""
    try:
        src = load()
    except (StoreError, SourceError) as exc:
        st.error(str(exc))
        st.stop()
    sidebar.repair(src)
    view = _view_from_widgets()
    if view.present:
        st.html(present_mode.CSS)
    return src, view


def _dataset_page(path: str, directory: str) -> None:
    """The page on a dataset source (see dashboard/dataset_page.py)."""
    from dashboard import dataset_page

    src, view = _open(lambda: dataset_page.load_source(directory, path, data.data_version(path)))
    dataset_page.render(src, view, _reset_filters)
    wanted = state.encode(view.with_(event=None, window=None))
    if wanted != _url_params():
        st.query_params.from_dict(wanted)


def main() -> None:
    st.set_page_config(page_title="Marsad — مرصد", page_icon="🛰", layout="wide")
    st.html(tables.CSS)
    ss = st.session_state
    if not ss.get("_seeded"):
        _seed_widgets(state.decode(_url_params()))
        ss["_seeded"] = True
        ss.setdefault("selection", None)
        ss.setdefault("selection_source", None)

    path = data.db_path()
    directory = data.source_dir()
    if directory:  # `marsad serve --source DIR/`: a Parquet dataset through DuckDB
        _dataset_page(path, directory)
        return
    idx, view = _open(lambda: data.load_index(path)[0])
    result = evaluate(idx, view.filters)
    mask = result.mask
    _take_pending_selection(idx, mask)
    # a box brushed on the timeline has just set the time window
    view = view.with_(window=st.session_state.get("t_window"))

    sidebar.render(idx, result.facets, (int((mask & ~idx.dated).sum()), int((~idx.dated).sum())), _reset_filters)

    head, toggle = st.columns([4, 1])
    with head:
        present_mode.heading(view)
    with toggle:
        st.toggle("Presentation", key="present", help="Hide the sidebar, larger type, a caption of the filters.")
    shown = np.flatnonzero(mask)
    first = idx.start_day[shown][idx.dated[shown]].min() if idx.dated[shown].any() else None
    last = idx.end_day[shown][idx.dated[shown]].max() if idx.dated[shown].any() else None
    span = (f"{np.datetime64(int(first), 'D')} to {np.datetime64(int(last), 'D')}" if first is not None and last is not None
            else "no dated events")
    with st.container(key="caption_box"):
        # md_escape: filter values come from the URL and from article titles (markdown injection)
        line = (f"**{len(shown):,} of {idx.n:,} events** · {span} · filters: "
                f"{md_escape(isolate(summary(view.filters, idx.article_titles)))}")
        if view.window:
            inside = tw.mask(idx.start_day, idx.end_day, idx.dated, view.window) & mask
            k = int(inside.sum())
            line += (f" · **time window {tw.describe(view.window)}: {k:,} event{'s' if k != 1 else ''}**"
                     " on the map and table")
        # Presentation: the same line in body text, so a screenshot can be read.
        (st.markdown if view.present else st.caption)(line)

    if idx.n == 0:
        st.info("The store is empty. Add articles in the **Add articles** tab, or from a terminal: "
                "`marsad ingest data/articles && marsad extract` (or `marsad synth --events 10000` for "
                f"synthetic events). Store: `{path}`.")

    tabs = st.tabs(list(TAB_LABELS.values()), key="tab", on_change="rerun")
    with tabs[0]:
        if tabs[0].open is not False and idx.n:
            _explore(idx, path, view, mask)
    with tabs[1]:
        if tabs[1].open is not False:
            other_tabs.articles_tab(path)
    with tabs[2]:
        if tabs[2].open is not False:
            other_tabs.upload_tab(path)

    # The URL follows the widgets (and the event open in the detail panel), so a copied link
    # reopens this view.
    wanted = state.encode(view.with_(event=ss.get("detail_id") or None))
    if wanted != _url_params():
        st.query_params.from_dict(wanted)


safety.run_page(main)  # refuses unsafe settings; an error is one short line
