"""Who acts when the sentence does not say: the article's main armed group."""

from __future__ import annotations

import pytest

from events.extract import extract_article
from events.extract.roles import main_armed_group, unnamed_agent
from events.schema import Article


@pytest.mark.parametrize("votes, expected", [
    ({"Al-Shabaab": 3, "Somali National Army": 1}, "Al-Shabaab"),
    ({"Al-Shabaab": 1}, None),  # named once: not the story's group
    ({"Boko Haram": 2, "Islamic State West Africa Province": 2}, None),  # two groups alike
    ({}, None),
])
def test_main_armed_group(votes, expected):
    assert main_armed_group(votes) == expected


@pytest.mark.parametrize("event_type, actor_types, group, expected", [
    ("attack", [], "Al-Shabaab", True),
    ("bombing", ["state_forces"], "Al-Shabaab", True),
    ("armed_clash", ["state_forces"], "Rapid Support Forces", True),
    ("attack", ["non_state_armed_group"], "Al-Shabaab", False),  # the sentence names its group
    ("airstrike", [], "Al-Shabaab", False),  # a state's
    ("arrest", [], "Al-Shabaab", False),
    ("statement", [], "Al-Shabaab", False),
    ("attack", [], None, False),
])
def test_unnamed_agent(event_type, actor_types, group, expected):
    assert unnamed_agent(event_type, actor_types, group) is expected


def _article(text, lang="en"):
    return Article(id="t", source="test", url=None, title=None, published="2025-03-04", language=lang, text=text)


def test_an_unclaimed_bombing_in_a_story_about_one_group():
    text = ("Al-Shabaab fighters attacked an army base in Lower Shabelle on Monday, officials said.\n"
            "Al-Shabaab later said its fighters had seized weapons from the base.\n"
            "On Tuesday a roadside bomb killed four soldiers near Afgoye.\n")
    evs = extract_article(_article(text))
    bomb = [e for e in evs if "roadside" in (e.sentence or "")]
    assert bomb and "Al-Shabaab" in bomb[0].actors


def test_no_group_is_lent_when_the_story_names_none_twice():
    text = ("Gunmen attacked a market in the north of the country on Monday, killing six people.\n"
            "On Tuesday a roadside bomb killed four soldiers near the town.\n")
    evs = extract_article(_article(text))
    assert all(not e.actors or "Al-Shabaab" not in e.actors for e in evs)
