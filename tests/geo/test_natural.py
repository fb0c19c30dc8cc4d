"""A natural feature named like a town abroad is not that town (sentences written for these tests)."""

from __future__ import annotations

import pytest

from geo.find import find_places


def names(text: str) -> list[str]:
    return [m.place.name for m in find_places(text)]


@pytest.mark.parametrize("text,not_found", [
    # a forest of the text's country named like an Indian city; the name recurs in an operation's name
    ("قالت الشرطة الكينية إنها طاردت المسلحين في غابة بوني وإن عملية «ليندا بوني» مستمرة", "Pune"),
    ("Kenyan troops combed the Pune forest for a week.", "Pune"),
])
def test_a_namesake_town_abroad_is_not_the_feature(text, not_found):
    assert not_found not in names(text)


@pytest.mark.parametrize("text,expected", [
    ("قتل جنديان في جبال القصرين غرب تونس", "Kasserine"),   # the mountains of a town of the text's country
    ("تحصن المسلحون في جبال القصرين", "Kasserine"),          # no other country named: the town stays
    ("قالت الشرطة الهندية إن حريقا اندلع في مصنع في بوني", "Pune"),  # no natural feature: the city
])
def test_a_town_of_the_texts_country_stays(text, expected):
    assert expected in names(text)


@pytest.mark.parametrize("text,expected", [
    # quotes around a name do not hide the feature noun before it
    ("استهدف هجوم انتحاري مبنى في محافظة « الدقهلية » بمصر", "Dakahlia"),
    ("وقع انفجار في محافظة \"الدقهلية\" المصرية", "Dakahlia"),
])
def test_a_quoted_name_keeps_its_feature_noun(text, expected):
    assert expected in names(text)


def test_a_quoted_word_without_a_feature_noun_is_no_region():
    assert "Dakahlia" not in names("قال « الدقهلية » إن الاجتماع انتهى")
