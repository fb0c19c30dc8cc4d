"""Filters on the evidence: actors by role (doer / target), either or both, minimum confidence."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.filters import FilterState, build_index, evaluate, summary

IS, SDF, ISF, US = "Islamic State", "Syrian Democratic Forces", "Iraqi Security Forces", "United States"

# (id, actor1 = doer, actor2 = target, other actors named, confidence, headline)
ROWS = [
    ("e1", SDF, IS, [], 0.9, "SDF arrest Islamic State members in al-Hol camp"),
    ("e2", IS, SDF, [], 0.7, "Islamic State attack an SDF checkpoint near Hasakah"),
    ("e3", IS, None, [], 0.35, "Islamic State claims a bombing in Raqqa"),
    ("e4", ISF, IS, [], 0.8, "Iraqi Security Forces arrest Islamic State suspects in Kirkuk"),
    ("e5", US, None, [SDF], 0.55, "US troops deployed beside the SDF in Syria"),
    ("e6", None, None, [IS, ISF], 0.2, "Clashes between Islamic State and Iraqi forces reported"),
]


@pytest.fixture(scope="module")
def idx():
    frame = pd.DataFrame({
        "event_id": [r[0] for r in ROWS],
        "actor1": [r[1] for r in ROWS], "actor2": [r[2] for r in ROWS],
        "actors": [[a for a in (r[1], r[2]) if a] + r[3] for r in ROWS],
        "confidence": [r[4] for r in ROWS], "headline": [r[5] for r in ROWS],
        "event_type": ["arrest", "attack", "bombing", "arrest", "deployment", "armed_clash"],
        "date_start": pd.to_datetime(["2024-03-10"] * 6), "date_end": pd.to_datetime(["2024-03-10"] * 6),
    })
    return build_index(frame)


def ids(idx, state: FilterState) -> set[str]:
    return set(idx.ids[evaluate(idx, state, facets=False).mask])


@pytest.mark.parametrize("state, want", [
    (FilterState(actors=(IS,)), {"e1", "e2", "e3", "e4", "e6"}),                        # named at all
    (FilterState(actors=(IS,), actor_role="doer"), {"e2", "e3"}),                         # IS acted
    (FilterState(actors=(IS,), actor_role="target"), {"e1", "e4"}),                       # IS was acted upon
    (FilterState(actors=(IS, SDF)), {"e1", "e2", "e3", "e4", "e5", "e6"}),                # either
    (FilterState(actors=(IS, SDF), actor_match="both"), {"e1", "e2"}),                    # both named
    (FilterState(actors=(IS, SDF), actor_match="both", actor_role="doer"), {"e1", "e2"}),  # one of them acted
    (FilterState(actors=(IS, ISF), actor_match="both", actor_role="target"), {"e4"}),
    (FilterState(actors=(SDF,), actor_match="both"), {"e1", "e2", "e5"}),                 # one actor: both = either
])
def test_actor_roles_and_combination(idx, state, want):
    assert ids(idx, state) == want


@pytest.mark.parametrize("minimum, want", [
    (0.0, {"e1", "e2", "e3", "e4", "e5", "e6"}),
    (0.5, {"e1", "e2", "e4", "e5"}),
    (0.8, {"e1", "e4"}),      # 0.8 itself is kept
    (0.95, set()),
])
def test_minimum_confidence(idx, minimum, want):
    assert ids(idx, FilterState(min_confidence=minimum)) == want


def test_actor_counts_follow_the_role(idx):
    """With 'doer', an actor's count is how many events it is the doer of."""
    doer = evaluate(idx, FilterState(actors=(IS,), actor_role="doer")).facets["actors"]
    assert (doer.get(IS), doer.get(SDF), doer.get(ISF)) == (2, 1, 1)
    anyrole = evaluate(idx, FilterState(actors=(IS,))).facets["actors"]
    assert (anyrole.get(IS), anyrole.get(SDF)) == (5, 3)


def test_summary_names_role_combination_and_confidence():
    text = summary(FilterState(actors=(IS, SDF), actor_role="target", actor_match="both", min_confidence=0.6))
    assert "actors as target" in text and "all chosen actors together" in text and "confidence ≥ 0.60" in text
