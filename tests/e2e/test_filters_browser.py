"""Sidebar filters in a real headless Chromium: chosen values stay raw names as counts change.

A multiselect shows each option with its live count ("arrest (2)"); what the page keeps, counts
and writes into the URL must be the raw name, whatever the counts do after later filters.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import EVENTS, caption, settle

pytestmark = pytest.mark.e2e

N = len(EVENTS)






def choose(page, key: str, typed: str) -> None:
    """Type into the multiselect ``key`` and take the first option offered, as a user does."""
    box = page.locator(f".st-key-{key} input").first
    box.click()
    box.fill(typed)
    page.locator("[role='option']").first.wait_for(timeout=30_000)
    box.press("Enter")
    page.keyboard.press("Escape")
    settle(page)


def search(page, text: str) -> None:
    box = page.locator(".st-key-f_text input").first
    box.fill(text)
    box.press("Enter")
    settle(page)


def chips(page, key: str) -> list[str]:
    """The chosen values shown in a multiselect (its chips)."""
    return [t.strip() for t in page.locator(f".st-key-{key} [data-tag] span[title]").all_inner_texts()]


def url_params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_three_filters_in_a_row_keep_raw_values(open_page):
    arrests = [e for e in EVENTS if e[0] == "arrest"]
    both = [e for e in arrests if "Islamic State" in e[1]]
    assert len(both) == 2  # the store holds two arrests of Islamic State members
    page = open_page()
    choose(page, "f_types", "arrest")
    assert caption(page).startswith(f"{len(arrests)} of {N} events")
    choose(page, "f_actors", "Islamic State")
    assert caption(page).startswith(f"{len(both)} of {N} events")
    search(page, "الهول")
    assert caption(page).startswith(f"1 of {N} events")
    search(page, "")
    text = caption(page)
    assert text.startswith(f"{len(both)} of {N} events"), text
    # the caption names the filters by their raw names, never by an option label with a count
    assert "actors: Islamic State ·" in text + " ·" and "types: arrest" in text and "(" not in text.split("filters:")[1]
    # the chips show each raw name once, with its current (non-zero) count
    assert chips(page, "f_types") == ["arrest (2)"] and chips(page, "f_actors") == ["Islamic State (2)"]
    assert url_params(page) == {"type": ["arrest"], "actor": ["Islamic State"]}


def test_an_old_broken_link_is_repaired(open_page):
    page = open_page("actor=Islamic+State+%282%29")
    text = caption(page)
    with_is = sum("Islamic State" in e[1] for e in EVENTS)
    assert text.startswith(f"{with_is} of {N} events"), text
    assert "actors: Islamic State" in text and "(2)" not in text
    settle(page)
    assert url_params(page) == {"actor": ["Islamic State"]}, page.url
