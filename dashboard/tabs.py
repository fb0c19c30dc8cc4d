"""The dashboard's *Articles* tab (stored articles); the *Add articles* tab is dashboard/upload.py."""

from __future__ import annotations

import streamlit as st

from dashboard import data, tables
from dashboard.upload import render_upload_tab


def articles_tab(path: str) -> None:
    arts = data.load_articles(path)
    st.markdown(f"**{len(arts):,} stored articles**")
    if len(arts):
        st.html(tables.articles_html(arts))
        if len(arts) > 1000:
            st.caption("Showing the 1,000 newest.")


# The *Add articles* tab lives in dashboard/upload.py (capped work, one line per file problem).
upload_tab = render_upload_tab
