"""Arabic inside English labels, as Chromium draws it: a chosen place's chip reads
"Al-Hol camp · مخيم الهول (1)" in that order, not "… (1) مخيم الهول"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

# x-extent of a substring of an element's text, as drawn (one client rect per line box piece)
_EXTENT = """(el, sub) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(sub);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(n, i); r.setEnd(n, i + sub.length);
    const b = r.getBoundingClientRect();
    return [b.left, b.right];
  }
  return null;
}"""


def _chip(page, text: str):
    chip = page.locator(".st-key-f_places [data-tag] span[title]", has_text=text).first
    chip.wait_for(timeout=30_000)
    return chip


@pytest.mark.parametrize("query, latin, arabic", [
    ("place=Al-Hol+camp", "Al-Hol camp", "مخيم الهول"),
    ("place=Deir+ez-Zor", "Deir ez-Zor", "دير الزور"),
])
def test_a_chosen_place_chip_reads_name_then_arabic_then_count(open_page, query, latin, arabic):
    page = open_page(query)
    chip = _chip(page, latin)
    latin_x = chip.evaluate(_EXTENT, latin)
    arabic_x = chip.evaluate(_EXTENT, arabic)
    count_x = chip.evaluate(_EXTENT, "(1)")
    assert latin_x and arabic_x and count_x, chip.inner_text()
    # left to right: the English name, then the Arabic name, then its count
    assert latin_x[1] <= arabic_x[0] + 1, (latin_x, arabic_x)
    assert arabic_x[1] <= count_x[0] + 1, (arabic_x, count_x)


def test_the_caption_keeps_a_quoted_arabic_search_inside_its_quotes(open_page):
    page = open_page("q=%D8%A7%D9%84%D9%87%D9%88%D9%84")  # search: الهول
    caption = page.locator(".st-key-caption_box").first
    caption.wait_for(timeout=30_000)
    opening, word, closing = (caption.evaluate(_EXTENT, s) for s in ("“", "الهول", "”"))
    assert opening and word and closing, caption.inner_text()
    assert opening[1] <= word[0] + 1 and word[1] <= closing[0] + 1, (opening, word, closing)
