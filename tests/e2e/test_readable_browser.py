"""Readable views in a real headless Chromium: the table fits a 1366 px screen, the whole article
opens from the detail panel with the sentence marked, the map writes place names."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from conftest import EVENTS
from test_bins_browser import LEGEND_CUT
from events.snapshot import wait_drawn
from events.store import Store

pytestmark = pytest.mark.e2e


def test_the_table_fits_1366_px_without_sideways_scrolling(open_page):
    page = open_page(width=1366, height=900)
    scroller = page.locator(".st-key-table_box .dvn-scroller").first
    scroller.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    width, inner = scroller.evaluate("e => [e.clientWidth, e.scrollWidth]")
    assert inner <= width + 2, (inner, width)
    headers = " ".join(page.locator(".st-key-table_box [role='columnheader']").all_inner_texts())
    for name in ("Date", "Type", "Headline", "Place", "Actors", "Conf.", "Source sentence"):
        assert name in headers, headers


def _event_id(store, place: str) -> str:
    with Store(store) as s:
        return next(e.event_id for e in s.events() if e.place_name == place)


def test_the_whole_article_opens_with_the_sentence_marked(open_page, e2e_store):
    sentence = next(e[-1] for e in EVENTS if e[2] == "Baghdad")
    page = open_page(f"event={_event_id(e2e_store, 'Baghdad')}")
    panel = page.locator(".st-key-detail_box")
    panel.get_by_text("Read the whole article", exact=False).first.click()
    here = panel.locator("mark#marsad-here")
    here.wait_for(timeout=30_000)
    assert here.inner_text().strip() == sentence
    article = panel.locator(".marsad-article").first
    assert article.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the rest of the article is there too, unmarked
    others = [e[-1] for e in EVENTS[:5] if e[2] != "Baghdad"]
    text = article.inner_text()
    assert all(o in text for o in others)
    assert here.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")


def _ink_of_labels(page) -> int:
    """Pixels of the place names' dark grey on the map (marks, land and borders are other colours)."""
    deck = page.locator(".st-key-map_box [data-testid='stDeckGlJsonChart']").first
    deck.scroll_into_view_if_needed()
    wait_drawn(page, deck)
    page.wait_for_timeout(2500)  # the text layer draws once its font atlas is made
    img = np.asarray(Image.open(io.BytesIO(deck.screenshot())).convert("RGB")).astype(int)
    dark = (np.abs(img - np.array([35, 45, 55])).max(axis=2) < 40)
    return int(dark.sum())


def test_the_map_writes_place_names_and_they_can_be_hidden(open_page):
    with_names = _ink_of_labels(open_page())
    without = _ink_of_labels(open_page("labels=0"))
    # ten places, names of 4–16 letters: a few hundred dark pixels (measured 313); without them
    # only the zoom buttons' glyphs are that dark (measured 71)
    assert with_names > 200 and with_names > 3 * max(without, 50), (with_names, without)


def test_the_map_downloads_as_a_png_with_the_filters_caption(open_page):
    page = open_page("type=arrest")
    button = page.locator(".st-key-map_png button").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "marsad-map.png"
    img = Image.open(download.path())
    assert img.size == (1600, 900)
    rgb = np.asarray(img.convert("RGB")).astype(int)
    # the two arrests' marks are drawn in the arrest colour, and the caption band carries text
    from dashboard.palette import color
    from dashboard.map import LAND
    alpha = 215 / 255  # marks are drawn translucent on the land, as on the dashboard's map
    want = np.array([int(color("arrest")[i:i + 2], 16) for i in (1, 3, 5)]) * alpha \
        + np.array([int(LAND[i:i + 2], 16) for i in (1, 3, 5)]) * (1 - alpha)
    assert (np.abs(rgb[96:812] - want).max(axis=2) <= 6).sum() > 400
    assert (rgb[60:96].max(axis=2) < 150).sum() > 300


def test_the_undated_list_shows_whole_headlines_at_1366_px(open_page):
    undated = [f"{e[0].replace('_', ' ').capitalize()} in {e[2]}" for e in EVENTS if e[7] is None]
    assert undated
    page = open_page(width=1366, height=900)
    items = page.locator(".st-key-undated_box .marsad-undated li div")
    items.first.wait_for(timeout=30_000)
    assert items.all_inner_texts() == undated
    for i in range(items.count()):  # wrapped, never cut or scrolled sideways
        width, inner = items.nth(i).evaluate("e => [e.clientWidth, e.scrollWidth]")
        assert inner <= width + 1, (inner, width)


def test_the_timeline_legend_shows_every_type_uncut(open_page):
    types = {e[0] for e in EVENTS if e[7] is not None}  # the dated events' types: one entry each
    page = open_page(width=1366, height=900)
    plot = page.locator(".st-key-timeline_box .js-plotly-plot").first
    plot.wait_for(timeout=60_000)
    entries, cut = plot.evaluate(LEGEND_CUT)
    assert entries == len(types) and cut == 0, (entries, len(types), cut)
