"""Tables and the event detail panel — pure: frames and HTML strings, no Streamlit calls.

Every string that comes from an article goes through ``html.escape`` before it is placed in
HTML; highlighted spans are found in the original sentence and the pieces between them are
escaped one by one, so a ``<script>`` in a sentence stays text.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.palette import TYPE_LABELS, color
from geo.arabic import normalize_with_index, normalize, script_of

MAX_ROWS = 10_000  # rows sent to the browser; the rest are counted in a note
ARABIC_FONTS = '"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Arial", sans-serif'

TABLE_COLUMNS = ("date", "type", "headline", "place", "actors", "confidence", "sentence")
# Rows tall enough for the grid to wrap text (Streamlit wraps cells above 4rem): four lines.
ROW_HEIGHT_PX = 84
HEADER_PX = 38

# Page CSS: Arabic text right-to-left in an Arabic font; marks for the highlighted spans.
CSS = f"""
<style>
.marsad-ar {{ direction: rtl; unicode-bidi: isolate; text-align: right;
  font-family: {ARABIC_FONTS}; font-size: 1.2em; line-height: 1.9; }}
.marsad-ltr {{ direction: ltr; text-align: left; }}
.marsad-sentence {{ padding: .6em .9em; border-radius: .4em; background: #f7f7f5;
  border-inline-start: 4px solid #0f5c6e; }}
.marsad-sentence mark {{ padding: 0 .15em; border-radius: .2em; }}
mark.marsad-date {{ background: #ffe08a; }}
mark.marsad-place {{ background: #bde0fe; }}
mark.marsad-actor {{ background: #c9f2c7; }}
.marsad-legend mark {{ margin-inline-end: .6em; }}
table.marsad-fields {{ border-collapse: collapse; width: 100%; font-size: .9em; }}
table.marsad-fields th {{ text-align: left; padding: .2em .6em; color: #555; width: 11em;
  vertical-align: top; font-weight: 600; }}
table.marsad-fields td {{ padding: .2em .6em; vertical-align: top; unicode-bidi: plaintext; }}
table.marsad-fields tr:nth-child(even) {{ background: #fafafa; }}
table.marsad-articles td, table.marsad-articles th {{ padding: .3em .6em; border-bottom: 1px solid #eee; }}
.marsad-undated li {{ padding: .3em 0; border-bottom: 1px solid #eee; overflow-wrap: anywhere; }}
.marsad-undated-ar {{ font-family: {ARABIC_FONTS}; text-align: right; }}
table.marsad-articles td[dir=rtl] {{ font-family: {ARABIC_FONTS}; text-align: right; }}
</style>
"""


# -- small formatters -----------------------------------------------------------------------

def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict, np.ndarray)) else False
    except (TypeError, ValueError):
        return False


def date_label(start: Any, end: Any, precision: Any) -> str:
    """'2024-04-25', '2024-05-01 – 2024-05-10', or 'undated'."""
    if _missing(start):
        return "undated"
    s = pd.Timestamp(start)
    e = pd.Timestamp(end) if not _missing(end) else s
    if e == s:
        return f"{s:%Y-%m-%d}"
    if precision == "year" and s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31 and s.year == e.year:
        return f"{s:%Y}"
    if precision == "month" and s.day == 1 and (e + pd.Timedelta(days=1)).day == 1 and s.month == e.month:
        return f"{s:%Y-%m}"
    return f"{s:%Y-%m-%d} – {e:%Y-%m-%d}"


def date_labels(start: pd.Series, end: pd.Series, precision: pd.Series) -> list[str]:
    """:func:`date_label` for whole columns (vectorized: the table formats 10,000 rows per rerun)."""
    s = pd.to_datetime(start)
    e = pd.to_datetime(end).fillna(s)
    prec = precision.astype("object").to_numpy()
    s_txt = s.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    e_txt = e.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    out = np.where(s_txt == e_txt, s_txt, s_txt + " – " + e_txt)
    same_year = (s.dt.year == e.dt.year).to_numpy()
    whole_year = same_year & (s.dt.strftime("%m-%d") == "01-01").to_numpy() & (e.dt.strftime("%m-%d") == "12-31").to_numpy()
    out = np.where((prec == "year") & whole_year, s.dt.strftime("%Y").fillna("").to_numpy(dtype=object), out)
    whole_month = ((s.dt.day == 1) & ((e + pd.Timedelta(days=1)).dt.day == 1) & (s.dt.month == e.dt.month)).to_numpy() & same_year
    out = np.where((prec == "month") & whole_month, s.dt.strftime("%Y-%m").fillna("").to_numpy(dtype=object), out)
    out = np.where(s.isna().to_numpy(), "undated", out)
    return [str(x) for x in out]


def counts_text(counts: Any) -> str:
    if not isinstance(counts, Mapping) or not counts:
        return ""
    return ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in counts.items())


def actors_text(actors: Any) -> str:
    if isinstance(actors, (list, tuple, np.ndarray)):
        return ", ".join(str(a) for a in actors)
    return ""


def safe_url(url: Any) -> str | None:
    """The URL if it is http(s), else None (never render javascript:, data:, file: as links)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and " " not in u else None


# -- the events table ------------------------------------------------------------------------

_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def no_bidi(value: Any) -> Any:
    """Text of an article without bidi embedding/override/isolate controls: a cell must not
    reorder its characters («\u202eevil» would show as "live"). Other values pass unchanged."""
    return value.translate(_BIDI_CONTROLS) if isinstance(value, str) else value


def newest(start_day: np.ndarray, dated: np.ndarray, limit: int = MAX_ROWS) -> np.ndarray:
    """Positions of the ``limit`` newest events, newest first, undated last.

    ``argpartition`` picks them in one pass, so a million rows cost no full sort.
    """
    key = np.where(dated, start_day, -(2**62))  # undated last (and -key must not overflow)
    n = len(key)
    if n > limit:
        part = np.argpartition(-key, limit - 1)[:limit]
        return part[np.argsort(-key[part], kind="stable")]
    return np.argsort(-key, kind="stable")


def table_frame(frame: pd.DataFrame, limit: int = MAX_ROWS, total: int | None = None) -> tuple[pd.DataFrame, str | None]:
    """The rows for ``st.dataframe``: newest first, at most ``limit``, indexed by event id.

    Returns the frame and a note when rows were left out (None otherwise). ``total`` is the
    number of events the rows were taken from, when ``frame`` is already a pre-cut part.
    """
    n = len(frame)
    total = n if total is None else total
    if n == 0:
        return pd.DataFrame(columns=list(TABLE_COLUMNS), index=pd.Index([], name="event_id")), None
    start = frame["date_start"]
    days = start.to_numpy(dtype="datetime64[D]").astype("int64")
    rows = frame.iloc[newest(days, start.notna().to_numpy(), limit)]
    out = pd.DataFrame({
        "date": date_labels(rows["date_start"], rows["date_end"], rows["date_precision"]),
        "type": [TYPE_LABELS.get(t, t) for t in rows["event_type"].astype("object")],
        "headline": rows["headline"].astype("object").to_numpy(),
        "place": [
            (p if isinstance(p, str) else "") + (f" ({a})" if isinstance(a, str) and a else "")
            for p, a in zip(rows["place_name"].astype("object"), rows.get("place_name_ar", rows["place_name"]).astype("object"))
        ],
        "actors": [actors_text(a) for a in rows["actors"]],
        "confidence": (pd.to_numeric(rows["confidence"], errors="coerce").to_numpy(float)
                       if "confidence" in rows else np.full(len(rows), np.nan)),
        # U+202B RIGHT-TO-LEFT EMBEDDING: the grid cannot be styled, but this makes the
        # browser lay the Arabic sentence out right-to-left inside its cell.
        "sentence": ["\u202b" + no_bidi(s) + "\u202c" if isinstance(s, str) and script_of(s[:60]) == "ar" else no_bidi(s)
                     for s in rows["sentence"].astype("object")],
    }, index=pd.Index(rows["event_id"].astype("object").to_numpy(), name="event_id"))
    for c in ("headline", "place", "actors", "outlet"):
        if c in out:  # the text columns this table has
            out[c] = [no_bidi(v) for v in out[c]]
    note = None
    if total > len(out):
        note = f"Showing the {len(out):,} newest of {total:,} events; narrow the filters or export to see all."
    return out, note


# Column widths in pixels, chosen so that date, type, headline, place, actors, confidence and the
# source sentence fit side by side in the main area of a 1366 px screen with the sidebar open
# (about 900 px measured in Chromium, ~32 of them for the row checkboxes): rows are four lines tall and the grid wraps text, so a date interval or a long
# place name takes two lines instead of being cut. The grid writes 14 px Source Sans; a character
# is ~7.5 px wide on average (digits ~7), plus the cell's padding.
CHAR_PX = 7.5
CELL_PAD_PX = 24
WIDEST_DATE = "2024-05-01 – 2024-05-10"  # an interval: the longest label date_labels() makes
COLUMN_PX = {"date": 104, "type": 104, "headline": 150, "place": 108, "actors": 114, "confidence": 56,
             "sentence": 230}


def fit_width(texts: Iterable[str]) -> int:
    """Pixels a column needs to show the longest of ``texts`` without an ellipsis."""
    return int(max((len(t) for t in texts), default=0) * CHAR_PX + CELL_PAD_PX + 0.999)


def table_height(rows: int, most: int = 5) -> int:
    """Pixels for the header and whole rows (never a half row cut at the bottom)."""
    return HEADER_PX + ROW_HEIGHT_PX * max(1, min(rows, most)) + 2


def column_config() -> dict[str, Any]:
    """Column settings for ``st.dataframe`` (plain dicts: Streamlit's ColumnConfig shape)."""
    def col(label: str, width: str | int | None = None, help: str | None = None, **extra: Any) -> dict[str, Any]:
        d: dict[str, Any] = {"label": label, **extra}
        if width:
            d["width"] = width
        if help:
            d["help"] = help
        return d

    w = COLUMN_PX
    return {
        "event_id": col("Event id", "small"),
        "date": col("Date", w["date"], "The interval the text allows; a single day when known"),
        "type": col("Type", w["type"]),
        "headline": col("Headline", w["headline"], "An English line built from the event's fields"),
        "place": col("Place", w["place"]),
        "actors": col("Actors", w["actors"]),
        "confidence": col("Conf.", w["confidence"], "How sure the extractor was, 0–1 (the sidebar sets a minimum)",
                          type_config={"type": "number", "format": "%.2f", "min_value": None, "max_value": None,
                                       "step": None}),
        "sentence": col("Source sentence", w["sentence"],
                        "As written in the article, right-to-left for Arabic (select a row for the whole article)"),
    }


def undated_frame(frame: pd.DataFrame, limit: int = 500) -> pd.DataFrame:
    """The undated events, listed beside the timeline."""
    u = frame[frame["date_start"].isna()].head(limit)
    return pd.DataFrame({
        "type": [TYPE_LABELS.get(t, t) for t in u["event_type"].astype("object")],
        "headline": [no_bidi(v) for v in u["headline"].astype("object")],
        "place": [no_bidi(v) for v in u["place_name"].astype("object").fillna("")],
    }, index=pd.Index(u["event_id"].astype("object").to_numpy(), name="event_id"))


def undated_html(frame: pd.DataFrame, limit: int = 500) -> str:
    """The undated events as a wrapped list (type and place, then the whole headline), scrolling
    past ten: the narrow column beside the timeline must not cut a headline to a few words."""
    items = []
    for row in undated_frame(frame, limit).itertuples(index=False):
        head = str(row.headline or "")
        where = f" · {html.escape(str(row.place))}" if row.place else ""
        rtl = " dir='rtl' class='marsad-undated-ar'" if script_of(head[:60]) == "ar" else ""
        items.append(f"<li><b>{html.escape(str(row.type))}</b>{where}<div{rtl}>{html.escape(head)}</div></li>")
    return ("<ul class='marsad-undated' style='list-style:none;padding:0;margin:0;max-height:26em;"
            "overflow-y:auto;font-size:.9em'>" + "".join(items) + "</ul>")


# -- the detail panel -------------------------------------------------------------------------

def find_spans(sentence: str, needles: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Where each (kind, text) occurs in the sentence, by normalized match; no overlaps.

    Matching is done on the normalized sentence (hamza, ta marbuta, digits, diacritics) and
    mapped back to the original offsets, so «الحسكه» highlights «الحسكة». Longer needles win.
    """
    if not sentence:
        return []
    norm = normalize_with_index(sentence)
    low = norm.text
    found: list[tuple[int, int, str]] = []
    for kind, text in sorted({(k, t) for k, t in needles if isinstance(t, str) and t.strip()},
                             key=lambda kt: -len(kt[1])):
        n = normalize(text)
        if len(n) < 2:
            continue
        start = 0
        while True:
            i = low.find(n, start)
            if i < 0:
                break
            s, e = norm.span(i, i + len(n))
            if not any(s < fe and fs < e for fs, fe, _ in found):
                found.append((s, e, kind))
            start = i + len(n)
    return sorted(found)


def highlight_html(sentence: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The sentence as escaped HTML with ``<mark class="marsad-KIND">`` around the spans."""
    out: list[str] = []
    pos = 0
    for s, e, kind in spans:
        if s < pos:
            continue
        out.append(html.escape(no_bidi(sentence[pos:s])))
        out.append(f'<mark class="marsad-{html.escape(kind, quote=True)}">{html.escape(no_bidi(sentence[s:e]))}</mark>')
        pos = e
    out.append(html.escape(no_bidi(sentence[pos:])))
    return "".join(out)


def _value_html(v: Any) -> str:
    if _missing(v):
        return '<span style="color:#999">—</span>'
    if isinstance(v, pd.Timestamp):
        return html.escape(f"{v:%Y-%m-%d}")
    if isinstance(v, (list, tuple, dict, np.ndarray)):
        if isinstance(v, np.ndarray):
            v = v.tolist()
        return html.escape(json.dumps(v, ensure_ascii=False, default=str))
    return html.escape(no_bidi(str(v)))


def detail_html(event: Mapping[str, Any], article: Mapping[str, Any] | None = None,
                aliases: Mapping[str, Sequence[str]] | None = None) -> str:
    """The detail panel of one event: the sentence RTL with spans marked, the article, every field.

    Args:
        event: one row of the events frame (or ``Event.to_dict()``).
        article: the article's title, source, url, published (optional).
        aliases: actor name → the ways the text may write it (Arabic and English), to find the
            actors in the sentence; the canonical name is always tried.
    """
    sentence = str(event.get("sentence") or "")
    needles: list[tuple[str, str]] = []
    for key in ("date_text",):
        if isinstance(event.get(key), str):
            needles.append(("date", event[key]))
    for key in ("place_text", "place_name_ar", "place_name"):
        if isinstance(event.get(key), str):
            needles.append(("place", event[key]))
    actors = event.get("actors")
    for a in (list(actors) if isinstance(actors, (list, tuple, np.ndarray)) else []):
        needles.append(("actor", str(a)))
        for alias in (aliases or {}).get(str(a), ()):
            needles.append(("actor", alias))
    spans = find_spans(sentence, needles)
    rtl = script_of(sentence) == "ar"
    direction = 'dir="rtl" lang="ar" class="marsad-ar marsad-sentence"' if rtl else 'dir="ltr" class="marsad-ltr marsad-sentence"'

    parts = ['<div class="marsad-detail">']
    headline = event.get("headline")
    if isinstance(headline, str) and headline:
        parts.append(f"<h4>{html.escape(no_bidi(headline))}</h4>")
    parts.append(f'<p {direction}>{highlight_html(sentence, spans)}</p>')
    parts.append('<p class="marsad-legend"><mark class="marsad-date">date</mark>'
                 '<mark class="marsad-place">place</mark><mark class="marsad-actor">actor</mark></p>')

    art = dict(article or {})
    title = art.get("title") or event.get("article_title")
    outlet = art.get("source") or event.get("source")
    url = art.get("url") or event.get("url")
    published = art.get("published") or event.get("published")
    link = safe_url(url)
    title_html = ""
    if isinstance(title, str) and title:
        tdir = "rtl" if script_of(title) == "ar" else "ltr"
        title_html = f'<span dir="{tdir}" class="{"marsad-ar" if tdir == "rtl" else ""}">{html.escape(no_bidi(title))}</span>'
    rows = [("Article", title_html or _value_html(None)),
            ("Outlet", _value_html(outlet)),
            ("Published", _value_html(pd.Timestamp(published) if not _missing(published) and published else None)),
            ("Link", f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">{html.escape(link)}</a>'
             if link else _value_html(url))]
    parts.append('<table class="marsad-fields">')
    parts += [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows]
    parts.append("</table><details><summary>Every field of the event</summary><table class=\"marsad-fields\">")
    for k, v in event.items():
        parts.append(f"<tr><th>{html.escape(str(k))}</th><td>{_value_html(v)}</td></tr>")
    parts.append("</table></details></div>")
    return "".join(parts)


# -- articles --------------------------------------------------------------------------------

def articles_html(articles: pd.DataFrame, limit: int = 1000) -> str:
    """Stored articles as an HTML table; Arabic titles right-to-left."""
    head = "<tr><th>Title</th><th>Outlet</th><th>Published</th><th>Language</th><th>Events</th></tr>"
    body = []
    for r in articles.head(limit).itertuples(index=False):
        title = str(getattr(r, "title", "") or "")
        tdir = "rtl" if script_of(title) == "ar" else "ltr"
        outlet = str(getattr(r, "source", "") or "")
        odir = "rtl" if script_of(outlet) == "ar" else "ltr"
        pub = getattr(r, "published", None)
        pub_s = "" if _missing(pub) else f"{pd.Timestamp(pub):%Y-%m-%d}"
        link = safe_url(getattr(r, "url", None))
        title_cell = (f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">{html.escape(no_bidi(title))}</a>'
                      if link else html.escape(no_bidi(title)))
        body.append(
            f'<tr><td dir="{tdir}">{title_cell}</td><td dir="{odir}">{html.escape(no_bidi(outlet))}</td>'
            f"<td>{pub_s}</td><td>{html.escape(str(getattr(r, 'language', '') or ''))}</td>"
            f"<td>{int(getattr(r, 'events', 0) or 0)}</td></tr>"
        )
    return f'<table class="marsad-articles">{head}{"".join(body)}</table>'


def type_badge(event_type: str) -> str:
    return (f'<span style="background:{color(event_type)};color:#fff;padding:0 .4em;border-radius:.3em">'
            f"{html.escape(TYPE_LABELS.get(event_type, event_type))}</span>")
