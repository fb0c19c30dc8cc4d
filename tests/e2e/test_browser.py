"""The dashboard in a real headless Chromium: offline, drawn, right-to-left, cross-filtering, shareable.

One dashboard server and one browser for the module (fixtures in ``conftest.py``), over a store
of ten known events (``EVENTS``): the assertions say exactly what the user must see.
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

from conftest import EVENTS
from dashboard import map as dmap
from events.snapshot import is_local, wait_drawn
from events.store import Store

pytestmark = pytest.mark.e2e

N = len(EVENTS)


def table_rows(page) -> int:
    """Rows of the events table (glide's accessible grid counts the header row too)."""
    grid = page.locator(".st-key-table_box [role='grid']").first
    grid.wait_for(state="attached", timeout=30_000)
    return int(grid.get_attribute("aria-rowcount")) - 1


def caption(page) -> str:
    return page.locator(".st-key-caption_box").inner_text()


def wait_rerun(page, text: str, where: str = ".st-key-selection_box", timeout: int = 60_000) -> None:
    """Wait for ``text`` to appear in ``where`` and the script run to settle."""
    page.locator(where).get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stApp']\").getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout)
    page.wait_for_timeout(500)


def variety(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not the dominant background colour)."""
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    colours, counts = np.unique(img // 8, axis=0, return_counts=True)
    return len(colours), 1.0 - counts.max() / counts.sum()


def test_page_loads_with_no_request_to_any_other_host(open_page):
    requests: list[str] = []
    blocked: list[str] = []
    page = open_page(requests=requests, blocked=blocked)
    page.wait_for_timeout(2000)  # late requests: map style, fonts, WebGL workers
    assert requests, "the recorder saw the page load"
    foreign = sorted({urlsplit(u).netloc for u in requests if not is_local(u)})
    assert foreign == [] and blocked == [], f"requests left the machine: {foreign or blocked}"
    assert any(u.endswith("/app/static/style.json") for u in requests), "the offline basemap was loaded locally"
    assert page.locator("[data-testid='stException']").count() == 0
    assert caption(page).startswith(f"{N} of {N} events")


def test_timeline_and_map_are_drawn(open_page):
    page = open_page()
    timeline = page.locator(".st-key-timeline_box [data-testid='stPlotlyChart']").first
    marks = page.locator(".st-key-timeline_box .cartesianlayer .point")
    assert marks.count() >= 5, "one mark per dated day event"
    colours, ink = variety(timeline.screenshot())
    assert colours >= 12 and ink > 0.03, (colours, ink)

    deck = page.locator(".st-key-map_box [data-testid='stDeckGlJsonChart']").first
    deck.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    colours, ink = variety(deck.screenshot())
    # land, sea, borders, precision rings and marks of several types
    assert colours >= 15 and ink > 0.2, (colours, ink)


def test_arabic_renders_right_to_left(open_page):
    page = open_page("tab=articles")  # the URL opens the Articles tab
    cell = page.locator("td[dir='rtl']").first
    cell.wait_for(timeout=30_000)
    assert "مخيم الهول" in " ".join(page.locator("td[dir='rtl']").all_inner_texts())
    assert cell.evaluate("e => getComputedStyle(e).direction") == "rtl"
    font = cell.evaluate("e => getComputedStyle(e).fontFamily")
    assert "Noto" in font, font


def _mark_pixels(store: Path, width: float, height: float) -> list[tuple[float, float, dict]]:
    """Where each map mark is drawn on a ``width``×``height`` canvas (Web Mercator, as deck.gl)."""
    with Store(store) as s:
        frame = s.events_frame()
    deck = dmap.build_deck(frame)
    view = deck.initial_view_state
    world = 512 * 2 ** view.zoom

    def project(lat: float, lon: float) -> tuple[float, float]:
        x = world * (lon + 180) / 360
        y = world * (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
        return x, y

    cx, cy = project(view.latitude, view.longitude)
    out = []
    for r in next(l for l in deck.layers if l.id == dmap.PICK_LAYER).data:
        x, y = project(r["lat"], r["lon"])
        out.append((x - cx + width / 2, y - cy + height / 2, r))
    return out


def test_clicking_a_map_mark_narrows_the_table(open_page, e2e_store):
    page = open_page()
    deck = page.locator(".st-key-map_box [data-testid='stDeckGlJsonChart']").first
    deck.scroll_into_view_if_needed()
    wait_drawn(page, deck)
    box = deck.bounding_box()
    marks = _mark_pixels(e2e_store, box["width"], box["height"])
    inside = [(x, y, r) for x, y, r in marks if 30 < x < box["width"] - 60 and 30 < y < box["height"] - 30]

    def room(m):  # distance to the nearest other mark: click one that stands alone
        return min(math.dist(m[:2], o[:2]) for o in marks if o[2] is not m[2])

    x, y, rec = max(inside, key=room)
    assert room((x, y, rec)) > 25
    assert table_rows(page) == N
    page.mouse.move(box["x"] + x, box["y"] + y)  # deck.gl picks on hover first, like a user
    tip = page.locator(".deck-tooltip")
    tip.wait_for(state="visible", timeout=30_000)
    # the tooltip: English headline, the place in both languages, the Arabic right-to-left
    assert rec["place"] in tip.inner_text() and rec["place_ar"] in tip.inner_text()
    ar = tip.locator("span[lang='ar']")
    assert ar.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.mouse.click(box["x"] + x, box["y"] + y)
    try:
        wait_rerun(page, "Selection from the map", timeout=30_000)
    except Exception:  # a loaded machine can drop the first click while WebGL is still busy
        page.mouse.click(box["x"] + x, box["y"] + y)
        wait_rerun(page, "Selection from the map")
    assert table_rows(page) == rec["count"] < N
    texts = page.locator(".st-key-table_box [role='gridcell']").all_inner_texts()
    assert any(rec["place"] in t for t in texts), (rec["place"], texts)

    page.locator(".st-key-clear_selection button").click()
    page.locator(".st-key-selection_box").get_by_text("Selection from", exact=False).wait_for(state="detached")
    page.wait_for_timeout(1000)
    assert table_rows(page) == N


def test_clicking_a_timeline_mark_narrows_the_table_and_opens_the_arabic_sentence(open_page):
    page = open_page()
    points = page.locator(".st-key-timeline_box .cartesianlayer .scatterlayer .point")
    points.first.scroll_into_view_if_needed()  # the page opens scrolled to the drawn map
    box = points.first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_rerun(page, "Selection from the timeline")
    assert table_rows(page) == 1
    sentence = page.locator(".st-key-detail_box .marsad-sentence").first
    sentence.wait_for(timeout=30_000)
    assert sentence.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert any(sentence.inner_text().strip() in e[-1] or e[-1] in sentence.inner_text() for e in EVENTS)


@pytest.mark.parametrize("query, expected", [
    ("actor=Syrian+Democratic+Forces", 1),
    ("type=attack&type=arrest", 4),
])
def test_a_filtered_url_reopens_the_same_view(open_page, query, expected):
    page = open_page(query)
    assert caption(page).startswith(f"{expected} of {N} events")
    assert table_rows(page) == expected
    # the URL the page settled on (what a user copies) reopens the same view
    again = open_page(urlsplit(page.url).query)
    assert caption(again) == caption(page)
    assert table_rows(again) == expected


def test_marsad_snapshot_writes_pngs(e2e_store, tmp_path):
    out = tmp_path / "shots"
    # its own process, as a user runs it (this module's browser already holds Playwright's loop)
    run = subprocess.run([sys.executable, "-m", "events.cli", "snapshot", "--db", str(e2e_store),
                          "--output", str(out), "--query", "type=attack&present=1",
                          "--width", "1400", "--height", "900", "--timeout", "240"],
                         capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-2000:]
    assert str(out / "map.png") in run.stdout
    # two attacks: a sparse timeline, a map with land, borders and two marks, a two-row table
    for name, min_ink in (("timeline", 0.005), ("map", 0.02), ("table", 0.02)):
        png = (out / f"{name}.png").read_bytes()
        colours, ink = variety(png)
        assert colours >= 8 and ink > min_ink, (name, colours, ink)
        assert Image.open(io.BytesIO(png)).size[0] >= 600, name
