"""Time as a filter in a real headless Chromium: a box brushed on the timeline narrows map and table.

Plotly's box select (from the chart's toolbar) hands the page the box's time range; the page turns
it into the time window: the map and the table keep the events overlapping it, the timeline
keeps everything and shades the window, and the URL carries it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import EVENTS, settle, table_rows

pytestmark = pytest.mark.e2e

N = len(EVENTS)
PLOT = ".st-key-timeline_box .js-plotly-plot"






def to_pixels(page, day: str) -> tuple[float, float, float]:
    """Page x of a day on the timeline's axis, and the top and bottom of its plot area."""
    return page.locator(PLOT).first.evaluate(
        """(gd, day) => {
            const r = gd.getBoundingClientRect(), L = gd._fullLayout, s = L._size;
            return [r.left + s.l + L.xaxis.d2p(day), r.top + s.t + 5, r.top + s.t + s.h - 5];
        }""", day)


def window_shapes(page) -> int:
    return page.locator(PLOT).first.evaluate(
        "gd => (gd._fullLayout.shapes || []).filter(s => s.name === 'time window').length")


def test_a_box_brushed_on_the_timeline_narrows_map_and_table(open_page):
    page = open_page()
    assert table_rows(page) == N and window_shapes(page) == 0
    plot = page.locator(PLOT).first
    plot.hover()
    page.locator(".st-key-timeline_box .modebar-btn[data-title='Box Select']").first.click()
    x0, top, bottom = to_pixels(page, "2021-12-01")
    x1, _, _ = to_pixels(page, "2022-03-01")
    page.mouse.move(x0, top)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (top + bottom) / 2, steps=5)
    page.mouse.move(x1, bottom, steps=5)
    page.mouse.up()
    page.locator(".st-key-caption_box").get_by_text("time window", exact=False).wait_for(timeout=60_000)
    settle(page)
    in_range = [e for e in EVENTS if e[7] and "2021-12-01" <= e[7] <= "2022-03-01"]
    assert len(in_range) == 2  # the attack on the prison and the escape after it
    assert table_rows(page) == len(in_range)
    assert page.locator(".st-key-caption_box").inner_text().count("time window") == 1
    # the timeline keeps every dated event and shades the window
    assert window_shapes(page) == 1
    assert page.locator(".st-key-timeline_box .cartesianlayer .point").count() >= 5
    window = parse_qs(urlsplit(page.url).query)["window"][0]
    lo, hi = window.split("..")
    assert "2021-11-25" <= lo <= "2021-12-05" and "2022-02-25" <= hi <= "2022-03-05", window

    page.locator(".st-key-t_clear button").click()
    page.locator(".st-key-caption_box").get_by_text("time window", exact=False).wait_for(state="detached")
    settle(page)
    assert table_rows(page) == N and window_shapes(page) == 0


def test_next_month_steps_the_window_and_the_table_follows(open_page):
    page = open_page("window=2024-01-01..2024-01-31")
    assert "time window 2024-01-01 – 2024-01-31: 0 events" in page.locator(".st-key-caption_box").inner_text()
    page.locator(".st-key-t_next button").click()
    page.locator(".st-key-caption_box").get_by_text("time window 2024-02-01", exact=False).wait_for(timeout=60_000)
    settle(page)
    feb = [e for e in EVENTS if e[7] and e[7] <= "2024-02-29" and e[8] >= "2024-02-01"]
    assert table_rows(page) == len(feb) == 1
    assert "time window 2024-02-01 – 2024-02-29: 1 event" in page.locator(".st-key-caption_box").inner_text()
    assert parse_qs(urlsplit(page.url).query)["window"] == ["2024-02-01..2024-02-29"]
