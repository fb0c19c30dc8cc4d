"""In a real headless Chromium, a map mark that holds events of several types shows their mix:
nested discs in each type's colour inside the mark of the most frequent type."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import build_store
from events.snapshot import wait_drawn

pytestmark = pytest.mark.e2e


def _row(etype: str, place: str, place_ar: str, lat: float, lon: float, day: int, sentence: str) -> tuple:
    return (etype, ["Islamic State"], place, place_ar, lat, lon, "city", f"2024-03-{day:02d}",
            f"2024-03-{day:02d}", "day", "past", sentence)


# One town with 12 attacks and 8 meetings (one mark, two types), and one far town with 5 attacks.
ROWS = ([_row("attack", "Mosul", "الموصل", 36.34, 43.13, d, f"هاجم مسلحون حاجزاً في الموصل يوم {d} آذار 2024.")
         for d in range(1, 13)]
        + [_row("meeting", "Mosul", "الموصل", 36.34, 43.13, d, f"عقد المحافظ اجتماعاً أمنياً في الموصل يوم {d} آذار 2024.")
           for d in range(13, 21)]
        + [_row("attack", "Raqqa", "الرقة", 35.95, 39.01, d, f"هاجم مسلحون دورية في الرقة يوم {d} آذار 2024.")
           for d in range(21, 26)])


@pytest.fixture(scope="module")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("mix") / "mix.db", ROWS)


def _map_pixels(page) -> np.ndarray:
    deck = page.locator(".st-key-map_box [data-testid='stDeckGlJsonChart']").first
    deck.scroll_into_view_if_needed()
    wait_drawn(page, deck)
    page.wait_for_timeout(1500)
    return np.asarray(Image.open(io.BytesIO(deck.screenshot())).convert("RGB")).astype(int)


def test_a_mark_of_two_types_shows_the_second_as_an_inner_disc(open_page):
    img = _map_pixels(open_page())
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    red = (r > g + 80) & (r > b + 80)    # attack, #d62728, over the pale land
    blue = (b > r + 60) & (b > g + 20)   # meeting, #1f77b4 (the sea, #dde8ee, is far paler)
    assert red.sum() > 200, red.sum()
    # the meetings are drawn only as the disc inside the Mosul mark: without the mix, no blue at all
    assert blue.sum() > 100, blue.sum()
    ys, xs = np.nonzero(blue)
    ry, rx = np.nonzero(red)
    cy, cx = ys.mean(), xs.mean()
    # the blue disc sits inside a red ring: red on both sides of it, close by
    near = (np.abs(ry - cy) < 60) & (np.abs(rx - cx) < 60)
    assert (rx[near] < xs.min()).any() and (rx[near] > xs.max()).any(), "no red ring around the blue disc"
