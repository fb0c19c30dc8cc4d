"""Loading the events once per store change, shared between sessions (Streamlit caches).

``st.cache_resource`` (not ``cache_data``): the prepared index of a million events is shared by
reference between every session instead of being pickled and copied on each rerun. It is
keyed on the database path and ``Store.data_version()``, which every write bumps, so an upload,
an extraction or an edit in another process shows on the next rerun. Callers treat what they
get as read-only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.filters import EventIndex, build_index
from events.schema import FIELDS
from events.store import JSON_FIELDS, Store, default_db_path, typed_frame

ROOT = Path(__file__).resolve().parent.parent
ACTORS_LEXICON = ROOT / "data" / "lexicons" / "actors.yaml"


def db_path() -> str:
    """``MARSAD_DB`` if set, else ``data/marsad.db`` (read on every rerun)."""
    return str(default_db_path())


def open_store(path: str | None = None) -> Store:
    return Store(path or db_path())


def data_version(path: str) -> int:
    with Store(path) as s:
        return s.data_version()


def events_frame(store: Store) -> pd.DataFrame:
    """``Store.events_frame()``, parsing each distinct JSON value once.

    Actor lists, counts and mentions repeat a lot (a few thousand distinct values in a million
    events), so factorizing before ``json.loads`` turns millions of parses into thousands. The
    parsed lists/dicts are shared between rows: the dashboard only reads them.
    """
    df = pd.read_sql_query(
        f"SELECT e.{', e.'.join(FIELDS)}, a.title AS article_title FROM events e "
        "LEFT JOIN articles a ON a.article_id = e.article_id",
        store.conn,
    )
    for col in JSON_FIELDS:
        if col not in df or not len(df):
            continue
        codes, uniques = pd.factorize(df[col].astype(object), use_na_sentinel=True)
        empty = "{}" if col == "counts" else "[]"
        parsed = [json.loads(u) if u else json.loads(empty) for u in uniques] + [json.loads(empty)]
        values = pd.Series(parsed, dtype=object).to_numpy()
        df[col] = values[codes]  # code -1 (NULL) takes the appended empty value
    return typed_frame(df)


@st.cache_resource(max_entries=2, show_spinner="Loading events…")
def _index(path: str, version: int) -> EventIndex:
    with Store(path) as s:
        frame = events_frame(s)
    return build_index(frame)


@st.cache_resource(max_entries=2, show_spinner=False)
def _articles(path: str, version: int) -> pd.DataFrame:
    with Store(path) as s:
        return s.articles_frame()


def load_index(path: str | None = None) -> tuple[EventIndex, int]:
    """The events index for the store at ``path`` and the store version it reflects."""
    p = path or db_path()
    v = data_version(p)
    return _index(p, v), v


def load_articles(path: str | None = None) -> pd.DataFrame:
    p = path or db_path()
    return _articles(p, data_version(p))


@st.cache_resource(show_spinner=False)
def _aliases(mtime: float) -> dict[str, list[str]]:
    try:
        import yaml

        entries = yaml.safe_load(ACTORS_LEXICON.read_text(encoding="utf-8")) or []
    except (OSError, ValueError, ImportError):
        return {}
    out: dict[str, list[str]] = {}
    for e in entries if isinstance(entries, list) else []:
        if not isinstance(e, dict) or not e.get("name"):
            continue
        names = [e.get("short")] + list(e.get("aliases_ar") or []) + list(e.get("aliases_en") or [])
        out[str(e["name"])] = [str(n) for n in names if n]
    return out


def actor_aliases() -> dict[str, list[str]]:
    """Canonical actor → aliases from ``data/lexicons/actors.yaml`` (empty when absent)."""
    try:
        mtime = ACTORS_LEXICON.stat().st_mtime
    except OSError:
        return {}
    return _aliases(mtime)


def article_info(path: str, article_id: str) -> dict[str, Any] | None:
    with Store(path) as s:
        a = s.article(article_id)
    return None if a is None else {"title": a.title, "source": a.source, "url": a.url,
                                    "published": a.published, "language": a.language}
