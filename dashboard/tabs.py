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
        new = store.add_articles(articles)
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
    report["summary"] = f"{new} new article(s) stored, {n} event(s) extracted."
    return report
