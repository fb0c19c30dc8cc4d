"""Filters and facets: what an analyst gets for each choice, on a realistic handful of events."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dash_sample import sample_articles, sample_events
from dashboard.event_index import build_index
from dashboard.filters import FilterState, apply, evaluate, haversine_km, narrow, summary
from dashboard.search import search_words, word_regex
from geo.arabic import normalize

EVENTS = {e.headline: e for e in sample_events()}


def hid(prefix: str) -> str:
    return next(e.event_id for h, e in EVENTS.items() if h.startswith(prefix))


@pytest.fixture(scope="module")
def idx():
    from events.store import Store

    s = Store(":memory:")
    s.add_articles(sample_articles())
    s.put_events(sample_events())
    frame = s.events_frame()
    s.close()
    return build_index(frame)


def ids(idx, state: FilterState) -> set[str]:
    return set(apply(idx, state)["event_id"])


ALL_VISIBLE = {e.event_id for e in sample_events() if e.status != "rejected"}


@pytest.mark.parametrize("state, expected", [
    (FilterState(), ALL_VISIBLE),
    (FilterState(actors=("Global Coalition",)), {hid("Global Coalition")}),
    (FilterState(actors=("United States", "Global Coalition")),
     {hid("About 2,000"), hid("US airstrikes"), hid("Global Coalition")}),
    (FilterState(types=("arrest",)), {hid("SDF arrest"), hid("Iraqi Security Forces arrest")}),
    (FilterState(countries=("IQ",)), {hid("Iraqi Security Forces arrest")}),
    (FilterState(places=("Hasakah", "Paris")), {hid("Hundreds"), hid("Global Coalition")}),
    (FilterState(outlets=("Example Wire",)), {hid("Iraqi Security Forces arrest")}),
    (FilterState(geo_precisions=("point", "city")),
     {hid("SDF arrest"), hid("Global Coalition"), hid("Islamic State attack"), hid("Hundreds"),
      hid("Iraqi Security Forces arrest")}),
    (FilterState(date_precisions=("day",)),
     {hid("SDF arrest"), hid("Islamic State attack"), hid("Iraqi Security Forces arrest")}),
    (FilterState(show_rejected=True), {e.event_id for e in sample_events()}),
    (FilterState(actors=("Islamic State",), types=("attack",)), {hid("Islamic State attack")}),
])
def test_filters_keep_the_matching_events(idx, state, expected):
    assert ids(idx, state) == expected


@pytest.mark.parametrize("d_from, d_to, undated, expected", [
    # Interval overlap: the 2022 prison break (a year) overlaps any range in 2022.
    (date(2022, 6, 1), date(2022, 6, 30), False, {"Hundreds"}),
    # The planned Paris meeting (1–10 May) overlaps a range that starts on 5 May.
    (date(2024, 5, 5), None, False, {"Global Coalition", "Iraqi Security Forces arrest"}),
    (None, date(2024, 3, 31), False, {"Hundreds", "Islamic State attack"}),
    # Undated events are kept by default whatever the range.
    (date(2024, 6, 1), date(2024, 6, 30), True, {"Iraqi Security Forces arrest", "About 2,000", "US airstrikes"}),
    (None, None, False, {"SDF arrest", "Global Coalition", "Islamic State attack", "Hundreds",
                         "Iraqi Security Forces arrest"}),
])
def test_date_range_overlaps_and_undated_switch(idx, d_from, d_to, undated, expected):
    state = FilterState(date_from=d_from, date_to=d_to, include_undated=undated)
    assert ids(idx, state) == {hid(p) for p in expected}


@pytest.mark.parametrize("query, expected", [
    ("الحسكه", {"Hundreds"}),            # ta marbuta folded: «الحسكه» finds «الحسكة»
    ("بالحسكة", {"Hundreds"}),           # a clitic on the query word
    ("مخيم الهول", {"SDF arrest"}),      # every word must appear
    ("crocus", {"Islamic State attack"}),
    ("KIRKUK arrest", {"Iraqi Security Forces arrest"}),
    ("كروكوس", {"Islamic State attack"}),
    ("داعش", {"SDF arrest", "Islamic State attack"}),  # in the Arabic sentences
    ("no-such-word-anywhere", set()),
])
def test_free_text_search_normalizes_like_extraction(idx, query, expected):
    assert ids(idx, FilterState(text=query)) == {hid(p) for p in expected}


def test_within_km_of_a_place(idx):
    # al-Hol camp is ~40 km from Hasakah city; Kirkuk is far.
    near = ids(idx, FilterState(near_place="Hasakah", near_km=60))
    assert near == {hid("Hundreds"), hid("SDF arrest")}
    assert ids(idx, FilterState(near_place="Hasakah", near_km=5)) == {hid("Hundreds")}
    assert ids(idx, FilterState(near_place="Atlantis", near_km=5000)) == set()


def test_haversine_matches_known_distance():
    # Paris – Moscow ≈ 2,486 km.
    d = haversine_km(np.radians([48.8534]), np.radians([2.3488]), np.radians(55.7522), np.radians(37.6156))
    assert 2470 < d[0] < 2500


def test_facets_count_under_the_other_filters(idx):
    r = evaluate(idx, FilterState(actors=("Global Coalition",), types=("meeting", "arrest")))
    # Actor counts are under the type filter only: arrests + the meeting.
    assert r.facets["actors"]["Islamic State"] == 2
    assert r.facets["actors"]["Global Coalition"] == 1
    # Type counts are under the actor filter only.
    assert r.facets["types"]["meeting"] == 1 and r.facets["types"].get("arrest", 0) == 0
    assert r.count == 1


def test_rejected_do_not_count_in_facets_by_default(idx):
    r = evaluate(idx, FilterState())
    assert r.facets["types"].get("statement", 0) == 0
    r = evaluate(idx, FilterState(show_rejected=True))
    assert r.facets["types"]["statement"] == 1


def test_narrow_to_a_selection(idx):
    m = evaluate(idx, FilterState()).mask
    sel = {hid("Hundreds"), "ev_not_there"}
    assert set(idx.frame.loc[narrow(idx, m, sel), "event_id"]) == {hid("Hundreds")}
    assert narrow(idx, m, None).sum() == m.sum()


TEXTS = ["وكان مئات السجناء قد فروا من سجن الحسكة عام ٢٠٢٢", "الحسكه", "الحَسَكَة", "الحســكة",
         "Raqqā and ḤASAKAH", "ＲＡＱＱＡ", "مُحَمَّد ٢٥", "no match here", "", "إدلب وأريحا", "كرکوک"]


@pytest.mark.parametrize("word", ["حسكه", "raqqa", "hasakah", "محمد", "25", "ادلب", "اريحا", "كركوك", "2022"])
def test_word_regex_matches_what_normalize_would(word):
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.match_substring_regex(pa.array(TEXTS), word_regex(word)).to_pylist()
    assert found == [word in normalize(t) for t in TEXTS]
    assert any(found)


@pytest.mark.parametrize("query, words", [
    ("الحسكه", [["حسكه"]]),
    ("وبالحسكة", [["حسكه"]]),
    ("وزير", [["وزير"]]),  # a stem of three letters would match too much
    ("Raqqa  city", [["raqqa"], ["city"]]),
    ("«داعش»", [["داعش"]]),
])
def test_search_words(query, words):
    assert search_words(query) == words


def test_summary_states_the_filters():
    s = summary(FilterState(actors=("Islamic State",), date_from=date(2024, 1, 1), text="الحسكة",
                            near_place="Hasakah", near_km=25, include_undated=False))
    assert "dates 2024-01-01" in s and "Islamic State" in s and "الحسكة" in s
    assert "within 25 km of Hasakah" in s and "undated hidden" in s


def test_scales_to_many_rows_without_python_loops():
    """A larger frame: masks stay aligned with rows (vectorized paths, exploded actors)."""
    base = pd.DataFrame([e.to_dict() for e in sample_events()])
    frame = pd.concat([base] * 500, ignore_index=True)
    frame["event_id"] = [f"ev_{i}" for i in range(len(frame))]
    for c in ("date_start", "date_end"):
        frame[c] = pd.to_datetime(frame[c])
    big = build_index(frame)
    r = evaluate(big, FilterState(actors=("Global Coalition",)))
    assert r.count == 500
    assert r.facets["types"]["meeting"] == 500


@pytest.mark.parametrize("values, want", [
    (["arrest"], ["arrest"]),
    (["arrest (2)"], ["arrest"]),
    (["arrest (15,711) (0)"], ["arrest"]),
    (["Paris · باريس (2)"], ["Paris"]),                 # the shown label of a place, with its count
    (["armed clash (3)"], ["armed_clash"]),              # a label made from the value
    (["arrest (2)", "arrest"], ["arrest"]),              # one choice, not two
    (["Atlantis (4)"], ["Atlantis"]),                    # unknown: kept (the user's input), count stripped
])
def test_repair_choices(values, want):
    from dashboard.filters import repair_choices
    labels = {"Paris": "Paris · باريس", "armed_clash": "armed clash"}
    assert repair_choices(values, ["arrest", "Paris", "armed_clash"], lambda v: labels.get(v, v)) == want
