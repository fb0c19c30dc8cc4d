"""The event detail panel: the sentence and fields, notes on inherited date/place, the whole
article with the sentence marked (``dashboard.evidence``), and the editor of ``dashboard.edit``."""

from __future__ import annotations

import streamlit as st

from dashboard import data, edit, evidence, tables


def render(idx, path: str, candidates: list[str]) -> None:
    """The event open in the panel (one of ``candidates`` when a selection holds several)."""
    ss = st.session_state
    if len(candidates) > 1:
        pos = idx.positions(candidates[:200])
        labels = dict(zip(idx.ids[pos].astype(str), idx.frame["headline"].iloc[pos].astype(str)))
        current = ss.get("detail_id")
        pick = st.selectbox("Event", list(labels), key="detail_pick",
                            index=list(labels).index(current) if current in labels else 0,
                            format_func=lambda e: labels.get(e, e))
        ss["detail_id"] = pick
    event_id = ss.get("detail_id") or (candidates[0] if candidates else None)
    pos = idx.positions([event_id]) if event_id else []
    if not len(pos):
        st.caption("Select a row of the table (or a mark on the timeline or map) to see the event "
                   "with its source sentence.")
        return
    row = idx.frame.iloc[int(pos[0])].to_dict()
    article = data.article_info(path, str(row.get("article_id")))
    st.html(tables.detail_html(row, {k: v for k, v in (article or {}).items() if k != "text"},
                               data.actor_aliases()))
    text = (article or {}).get("text") or ""
    for note in evidence.notes(row, text):
        st.caption(note)
    if text:
        with st.expander("Read the whole article (the event's sentence highlighted)"):
            st.html(evidence.ARTICLE_CSS + evidence.article_html(text, row, (article or {}).get("language")))
    if not ss.get("present"):
        with st.expander("Correct, verify or reject this event", expanded=False):
            with data.open_store(path) as store:
                edit.render_editor(store, str(row["event_id"]), ss.get("user_name") or None)
