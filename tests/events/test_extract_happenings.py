"""One happening per trigger and place, and merging only reports of the same happening
(events/extract.py)."""

from __future__ import annotations

import pytest

from events.extract import extract_article
from events.schema import Article


def events_of(text, language="ar", published="2024-05-15"):
    return extract_article(Article(id="t", title="", published=published, language=language, text=text))


def happenings(text, language="ar", published="2024-05-15"):
    return sorted((e.event_type, e.place_name, e.date_start) for e in events_of(text, language, published))


@pytest.mark.parametrize("text, language, places", [
    # a list of towns: one happening in each
    ("اندلعت اشتباكات عنيفة بين الجيش وقوات الدعم السريع في مدينتي الفاشر ونيالا أمس.", "ar", {"El Fasher", "Nyala"}),
    ("Heavy clashes broke out in El Fasher and Nyala on Tuesday between the army and the RSF.", "en", {"El Fasher", "Nyala"}),
    # a stretch between two towns is one happening
    ("اندلعت اشتباكات عنيفة على الطريق بين الفاشر ونيالا أمس.", "ar", {"El Fasher"}),
])
def test_one_happening_per_listed_place(text, language, places):
    evs = [e for e in events_of(text, language) if e.event_type == "armed_clash"]
    assert {e.place_name for e in evs} == places
    assert len({e.event_id for e in evs}) == len(evs)


def test_listed_places_keep_the_count_once():
    evs = [e for e in events_of("قتل 12 شخصا في اشتباكات عنيفة في مدينتي الفاشر ونيالا أمس.") if e.event_type == "armed_clash"]
    assert len(evs) == 2
    assert sum(e.counts.get("killed", 0) for e in evs) == 12


@pytest.mark.parametrize("text, language, n", [
    # two towns named apart, however close, with the same type and day: two happenings
    ("هاجم مسلحون حاجزا للجيش في مدينة دوما أمس. وهاجم مسلحون سوقا شعبيا في دمشق أمس.", "ar", 2),
    ("Gunmen attacked an army checkpoint in Douma on Monday. Gunmen attacked a market in Damascus on Monday.", "en", 2),
    # a country both fall back to is no evidence of one happening
    ("هاجم مسلحون حاجزا للجيش في سوريا أمس. وهاجم مسلحون سوقا شعبيا في سوريا أمس.", "ar", 2),
    # a trend since last summer and one day of it are not one happening
    ("خرجت مظاهرة احتجاجية في بغداد يوم الأربعاء. وتتواصل الاحتجاجات في بغداد منذ آب الماضي.", "ar", 2),
    # the same happening told twice: one event
    ("Gunmen attacked a checkpoint in Maiduguri on Monday, killing four soldiers. The attack in Maiduguri on Monday was claimed by no group.", "en", 1),
    ("هاجم مسلحون حاجزا للجيش في مدينة دوما أمس. وأسفر الهجوم عن مقتل جنديين.", "ar", 1),
    # a continuing series, even undated, is not the day reported first
    ("خرجت مظاهرة احتجاجية في بغداد يوم الأربعاء. وتتواصل الاحتجاجات في بغداد لليوم الخامس على التوالي.", "ar", 2),
    # an attack marked as earlier is another happening
    ("هاجم مستوطنون منازل في البلدة فجر اليوم. وكان مستوطنون هاجموا منازل في البلدة في وقت سابق.", "ar", 2),
    ("Gunmen attacked a village in the north on Monday. Gunmen had previously attacked a village in the north.", "en", 2),
    # told again with nothing of another happening (no date, no place) by the same group: one event
    ("Six soldiers were killed in an ambush by Boko Haram on Monday near the lake. "
     "According to the army chief, the troops had been patrolling the area when Boko Haram struck.", "en", 1),
])
def test_merge_only_the_same_happening(text, language, n):
    kinds = [e for e in events_of(text, language) if e.event_type in ("attack", "protest")]
    assert len(kinds) == n
