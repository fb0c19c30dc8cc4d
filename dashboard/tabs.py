"""The dashboard's *Articles* tab (stored articles) and *Add articles* tab (upload, then extract)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import data, tables
from dashboard.edit import md_escape


def articles_tab(path: str) -> None:
    arts = data.load_articles(path)
    st.markdown(f"**{len(arts):,} stored articles**")
    if len(arts):
        st.html(tables.articles_html(arts))
        if len(arts) > 1000:
            st.caption("Showing the 1,000 newest.")


def upload_tab(path: str) -> None:
    st.markdown("Add articles as **.txt** (title line, date line, body), **.jsonl/.json**, **.csv** or "
                "**.html** files. They are stored, then events are extracted from them.")
    files = st.file_uploader("Article files", type=["txt", "jsonl", "json", "csv", "html", "htm"],
                             accept_multiple_files=True, key="upload_files")
    if st.button("Add and extract", key="upload_go", disabled=not files, type="primary"):
        st.session_state["upload_report"] = _ingest(path, files or [])
        st.rerun()
    report = st.session_state.get("upload_report")
    if report:
        for name, n, errors in report["files"]:
            if errors:
                st.error(f"**{md_escape(name)}**: " + md_escape("; ".join(errors)))
            else:
                st.success(f"**{md_escape(name)}**: {n} article(s) read")
        st.info(report["summary"])
        if report.get("new_ids"):
            st.button(f"Show the {len(report['new_ids'])} new article(s)' events", key="upload_show", type="primary",
                      on_click=_show_new, args=(list(report["new_ids"]),),
                      help="Opens Explore filtered on the articles just added.")


def _show_new(article_ids: list[str]) -> None:
    """Explore, filtered on the articles just added (the other filters are left as they are)."""
    st.session_state["f_articles"] = article_ids
    st.session_state["tab"] = "Explore"


def _ingest(path: str, files: list[Any]) -> dict[str, Any]:
    """Read uploaded files, store the articles, extract events (with a progress bar)."""
    from events.articles import read_articles_report

    report: dict[str, Any] = {"files": [], "summary": ""}
    articles = []
    with tempfile.TemporaryDirectory(prefix="marsad-upload-") as tmp:
        for f in files:
            name = Path(f.name).name or "upload.txt"
            p = Path(tmp) / name
            p.write_bytes(f.getvalue())
            try:
                arts, errors = read_articles_report(p)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                arts, errors = [], [f"{name}: {exc}"]
            for a in arts:
                a.path = f"upload:{name}"
            articles += arts
            report["files"].append((name, len(arts), [str(e).replace(str(tmp) + "/", "") for e in errors]))
    if not articles:
        report["summary"] = "No article could be read."
        return report
    with data.open_store(path) as store:
        known = {a.id for a in articles if store.article(a.id) is not None}
        new = store.add_articles(articles)
        report["new_ids"] = list(dict.fromkeys(a.id for a in articles if a.id not in known))
        bar = st.progress(0.0, text="Extracting events…")
        try:
            from events.extract import extract_into_store
        except ImportError:
            report["summary"] = f"{new} new article(s) stored; extraction is not available yet."
            return report

        def progress(done: int, total: int | None = None, *_: Any) -> None:
            frac = done / total if total else 1.0
            bar.progress(min(1.0, max(0.0, frac)), text=f"Extracting events… {done}/{total or '?'}")

        n = extract_into_store(store, articles, processes=1, progress=progress)
        bar.progress(1.0, text="Done")
    report["summary"] = upload_summary(new, len(set(known)), n)
    return report


def upload_summary(new: int, already: int, events: int) -> str:
    """What an upload did, in words: new articles, ones already stored, events extracted."""
    if new == 0:
        return (f"Nothing new: {'this article was' if already == 1 else f'these {already} articles were'} already "
                "in the store (same title and text), so none was added twice. Their events were extracted "
                f"again ({events} event(s)); corrections made by analysts are kept.")
    text = f"{new} new article(s) stored, {events} event(s) extracted."
    if already:
        text += (f" {already} other article(s) were already in the store (same title and text) and were not "
                 "added twice.")
    return text
