"""A part of a country named by a direction is a region of it, not the whole country
(sentences written for these tests)."""

from __future__ import annotations

import pytest

from geo.find import find_places
from geo.gazetteer import get_gazetteer
from geo.geocode import distance_km
from geo.parts import is_part, part_of


def _parts(text: str):
    return [m for m in find_places(text) if is_part(m.place)]


@pytest.mark.parametrize("text,words,country", [
    ("قصفت المدفعية قرى في جنوب لبنان صباح اليوم", "جنوب لبنان", "LB"),
    ("غارة جوية على جنوبي لبنان مساء الاثنين", "جنوبي لبنان", "LB"),
    ("اشتباكات عنيفة في شمال شرقي نيجيريا", "شمال شرقي نيجيريا", "NG"),
    ("وتنشط الجماعة في وسط مالي منذ سنوات", "وسط مالي", "ML"),
    ("نزح آلاف السكان بشمال موزمبيق", "شمال موزمبيق", "MZ"),
    ("Gunmen attacked a village in northern Burkina Faso on Sunday.", "northern Burkina Faso", "BF"),
    ("Troops were sent to north-east Nigeria after the raid.", "north-east Nigeria", "NG"),
    ("Rebels advanced in eastern Democratic Republic of the Congo.", "eastern Democratic Republic of the Congo", "CD"),
    ("Fighting flared again in the south of Somalia last week.", "the south of Somalia", "SO"),
    ("Clashes in Ethiopia's north displaced thousands.", "Ethiopia's north", "ET"),
    ("وسيطرت القوات على مواقع في الجنوب الليبي", "الجنوب الليبي", "LY"),
])
def test_a_direction_before_a_country_names_a_part_of_it(text, words, country):
    found = _parts(text)
    assert [m.text for m in found] == [words]
    p = found[0].place
    assert p.kind == "region" and p.country == country
    assert text[found[0].start:found[0].end] == words  # offsets stay exact


def test_the_part_lies_in_its_direction():
    gz = get_gazetteer()
    for code in ("NG", "ML", "LB", "MZ"):
        c = gz.country(code)
        north, south = part_of(gz, c, 0.0), part_of(gz, c, 180.0)
        east, west = part_of(gz, c, 90.0), part_of(gz, c, 270.0)
        assert north.lat > south.lat and east.lon > west.lon
        centre = part_of(gz, c, None)
        assert distance_km(centre.lat, centre.lon, c.lat, c.lon) < distance_km(north.lat, north.lon, c.lat, c.lon)


@pytest.mark.parametrize("text,words,country", [
    ("Nigeria: gunmen attacked a convoy in the north of the country on Friday.", "the north of the country", "NG"),
    ("قالت السلطات في مالي إن هجوما وقع في وسط البلاد", "وسط البلاد", "ML"),
    ("ذكرت وزارة الدفاع في كينيا أن اشتباكات وقعت شرق البلاد", "شرق البلاد", "KE"),
])
def test_the_country_the_text_is_about(text, words, country):
    found = _parts(text)
    assert [(m.text, m.place.country) for m in found] == [(words, country)]


@pytest.mark.parametrize("text", [
    "Gunmen attacked a checkpoint south of Maiduguri.",   # a direction before a town: the town
    "انفجرت عبوة ناسفة جنوب الموصل",
    "The army deployed in South Sudan.",                   # a country whose name begins with one
    "وصل الوفد إلى جنوب أفريقيا",
    "Thousands fled as fighting spread across Sudan's South Darfur state.",  # 's + a name, not a direction
    "اندلعت اشتباكات في الشمال",                            # no country named at all
    "وقال الشمال الشرقي إن",                                 # a direction with no nationality after it
    "تحسن الوضع في الشمال المالي للشركة",                     # «المالي»: financial, no nationality
])
def test_no_part_without_a_country_and_a_direction(text):
    assert _parts(text) == []


@pytest.mark.parametrize("text", [
    "انفجر لغم أرضي أمس في محافظة كركوك شمال البلاد",
    "A bombing hit a mosque in Faizabad, in northeastern Afghanistan.",
])
def test_a_part_after_a_place_inside_it_only_says_where_that_place_lies(text):
    found = _parts(text)
    assert len(found) == 1 and found[0].role == "apposition"
