"""The events table, the detail panel and the articles list: what the analyst reads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dash_sample import sample_events, sample_frame
from dashboard.tables import (
    articles_html, column_config, counts_text, date_label, date_labels, detail_html, find_spans, highlight_html,
    newest, safe_url, table_frame,
)
from dashboard.palette import TYPE_LABELS
from dashboard import tables

EVENTS = {e.headline: e for e in sample_events()}
HOL = EVENTS["SDF arrest 25 Islamic State members in al-Hol camp"]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return sample_frame()


def test_table_is_newest_first_with_undated_last(frame):
    t, note = table_frame(frame)
    assert note is None
    dates = list(t["date"])
    assert dates[0] == "2024-06-10" and dates[-1] == "undated"
    assert dates.index("2022") > dates.index("2024-03-22")
    assert list(t.columns) == ["date", "type", "headline", "place", "actors", "confidence", "sentence"]


def test_table_row_reads_like_the_event(frame):
    t, _ = table_frame(frame)
    row = t.loc[HOL.event_id]
    assert row["type"] == "arrest"
    assert row["place"] == "al-Hol camp (مخيم الهول)"
    assert row["actors"] == "Syrian Democratic Forces, Islamic State"
    assert row["confidence"] == pytest.approx(HOL.confidence)
    # The Arabic sentence is embedded right-to-left for the grid.
    assert row["sentence"].startswith("\u202b") and HOL.sentence in row["sentence"]


def test_table_caps_rows_and_says_so(frame):
    t, note = table_frame(frame, limit=3)
    assert len(t) == 3 and "3 newest of 8" in note
    assert list(t["date"]) == ["2024-06-10", "2024-06-10", "2024-05-01 – 2024-05-10"]


def test_newest_picks_the_latest_without_full_sort():
    rng = np.random.default_rng(0)
    days = rng.integers(0, 10_000, 100_000)
    dated = rng.random(100_000) > 0.1
    pos = newest(days, dated, 50)
    expect = np.sort(days[dated])[::-1][:50]
    assert list(days[pos]) == list(expect)


@pytest.mark.parametrize("start, end, precision, label", [
    ("2024-04-25", "2024-04-25", "day", "2024-04-25"),
    ("2022-01-01", "2022-12-31", "year", "2022"),
    ("2024-05-01", "2024-05-31", "month", "2024-05"),
    ("2024-05-01", "2024-05-10", "week", "2024-05-01 – 2024-05-10"),
    ("2024-06-01", "2024-08-31", "season", "2024-06-01 – 2024-08-31"),
    (None, None, "unknown", "undated"),
])
def test_date_label(start, end, precision, label):
    s = pd.Timestamp(start) if start else pd.NaT
    e = pd.Timestamp(end) if end else pd.NaT
    assert date_label(s, e, precision) == label
    # The vectorized version used by the table says the same.
    col = lambda v: pd.Series([v, pd.Timestamp("2020-02-02")], dtype="datetime64[us]")  # noqa: E731
    labels = date_labels(col(s), col(e), pd.Series([precision, "day"]))
    assert labels == [label, "2020-02-02"]


def test_counts_text():
    assert counts_text({"killed": 145, "injured": 1200}) == "killed 145, injured 1,200"
    assert counts_text({}) == ""


def test_column_config_covers_the_table(frame):
    t, _ = table_frame(frame)
    cfg = column_config()
    assert set(t.columns) <= set(cfg)
    assert all("label" in c for c in cfg.values())


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1", True), ("http://example.org", True), ("javascript:alert(1)", False),
    ("data:text/html,<b>x</b>", False), ("file:///etc/passwd", False), (None, False), ("  HTTPS://x.org ", True),
])
def test_only_http_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_spans_found_by_normalized_match():
    sentence = "وكان مئات السجناء قد فروا من سجن الصناعة في الحسكة عام ٢٠٢٢."
    spans = find_spans(sentence, [("place", "الحسكه"), ("date", "عام ٢٠٢٢")])
    assert [(sentence[s:e], k) for s, e, k in spans] == [("الحسكة", "place"), ("عام ٢٠٢٢", "date")]


def test_longer_span_wins_over_overlap():
    sentence = "قوات سوريا الديمقراطية في سوريا"
    spans = find_spans(sentence, [("place", "سوريا"), ("actor", "قوات سوريا الديمقراطية")])
    assert [(sentence[s:e], k) for s, e, k in spans] == [("قوات سوريا الديمقراطية", "actor"), ("سوريا", "place")]


def test_highlight_escapes_everything():
    sentence = 'هجوم <script>alert("x")</script> في "الحسكة" & غيرها'
    out = highlight_html(sentence, find_spans(sentence, [("place", "الحسكة")]))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark class="marsad-place">الحسكة</mark>' in out
    assert "&amp;" in out and "&quot;" in out


def test_detail_panel(frame):
    row = frame[frame["event_id"] == HOL.event_id].iloc[0].to_dict()
    art = {"title": '«قسد» <b>x</b>', "source": "البوابة نيوز", "url": "https://example.org/ar/hol",
           "published": "2024-04-26"}
    out = detail_html(row, art, {"Islamic State": ["تنظيم داعش", "داعش"],
                                 "Syrian Democratic Forces": ["قوات سوريا الديمقراطية", "قسد"]})
    assert '<p dir="rtl" lang="ar" class="marsad-ar marsad-sentence">' in out
    assert '<mark class="marsad-date">يوم الخميس ٢٥ نيسان ٢٠٢٤</mark>' in out
    assert '<mark class="marsad-place">مخيم الهول</mark>' in out
    assert '<mark class="marsad-actor">قوات سوريا الديمقراطية</mark>' in out
    assert '<mark class="marsad-actor">تنظيم داعش</mark>' in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<b>x</b>" not in out
    assert 'href="https://example.org/ar/hol"' in out and "2024-04-26" in out
    # Every field of the event is listed.
    for field in ("event_id", "date_precision", "geo_precision", "confidence", "counts", "mentions", "status"):
        assert f"<th>{field}</th>" in out


def test_detail_panel_english_sentence_is_ltr(frame):
    row = frame[frame["language"] == "en"].iloc[0].to_dict()
    out = detail_html(row, {"url": "javascript:alert(1)"})
    assert 'dir="ltr"' in out and 'href="javascript' not in out
    assert '<mark class="marsad-place">Kirkuk</mark>' in out


def test_articles_html_rtl_and_escaped():
    arts = pd.DataFrame([
        {"title": "«قسد» تحبط مخططاً", "source": "البوابة نيوز", "published": pd.Timestamp("2024-04-26"),
         "language": "ar", "url": "https://example.org", "events": 6},
        {"title": "<img src=x onerror=alert(1)>", "source": "Wire", "published": pd.NaT,
         "language": "en", "url": "javascript:x", "events": 0},
    ])
    out = articles_html(arts)
    assert '<td dir="rtl"><a href="https://example.org"' in out
    assert "<img" not in out and "&lt;img" in out and 'href="javascript' not in out


PRESET_PX = {"small": 75, "medium": 200, "large": 400}  # Streamlit's named widths


def px(cfg: dict) -> int:
    w = cfg.get("width")
    return PRESET_PX[w] if isinstance(w, str) else int(w)


def test_columns_fit_a_1366_px_screen_and_each_wrapped_line_fits(frame):
    """At 1366 px with the sidebar open the grid gets ~900 px (Chromium): the seven columns fit, and
    rows wrap (four lines), so a column only needs room for the longest *word* of its values
    («2024-05-01 –» of an interval date, «displacement») — a 75 px column showed «2022-01-2…»."""
    cfg = column_config()
    t, _ = table_frame(frame)
    assert sum(px(cfg[c]) for c in t.columns) + 32 <= 900  # and the column of row checkboxes
    assert tables.ROW_HEIGHT_PX > 64  # Streamlit wraps cell text only in rows above 4rem
    interval = date_labels(pd.Series(pd.to_datetime(["2022-01-20"])), pd.Series(pd.to_datetime(["2022-01-31"])),
                           pd.Series(["day"]))[0]
    assert interval == "2022-01-20 – 2022-01-31"
    need = lambda s: max(len(w) for w in s.replace(" – ", " –\n").split()) * 7 + 16  # noqa: E731
    assert px(cfg["date"]) >= max(need(d) for d in [interval, *t["date"]])
    assert px(cfg["type"]) >= max(need(x) for x in [*TYPE_LABELS.values(), *t["type"]])
    # the sentence and the headline get the most room
    assert px(cfg["sentence"]) >= px(cfg["headline"]) == max(px(c) for k, c in cfg.items() if k != "sentence")


def test_table_height_shows_whole_rows():
    assert tables.table_height(1) == tables.HEADER_PX + tables.ROW_HEIGHT_PX + 2
    assert tables.table_height(200) == tables.table_height(5)  # scrolls beyond five rows
    assert (tables.table_height(3) - tables.HEADER_PX - 2) % tables.ROW_HEIGHT_PX == 0
