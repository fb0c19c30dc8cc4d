"""Actors read in the article's context: the branch of a transnational group that acts in the
article's country, and the words that refer back to it."""

from __future__ import annotations

import pytest

from events.actors import find_actors


def names(text, **kw):
    return [m.actor.name for m in find_actors(text, **kw)]


@pytest.mark.parametrize("text, country, expected", [
    ("The Islamic State group claimed the suicide bombing at the mosque.", "AF", ["Islamic State Khorasan Province"]),
    ("The Islamic State group claimed the suicide bombing at the mosque.", "PK", ["Islamic State Khorasan Province"]),
    ("Islamic State fighters stormed the barracks near the lake shore.", "NG", ["Islamic State West Africa Province"]),
    ("تبنى تنظيم داعش الهجوم على القاعدة العسكرية", "ML", ["Islamic State Sahel Province"]),
    ("تبنى تنظيم داعش الهجوم على القاعدة العسكرية", "SO", ["Islamic State Somalia Province"]),
    ("أعلن تنظيم القاعدة مسؤوليته عن الهجوم", "YE", ["Al-Qaeda in the Arabian Peninsula"]),
    ("أعلن تنظيم القاعدة مسؤوليته عن الهجوم", "SO", ["Al-Shabaab"]),
    # elsewhere, or with no country, the group keeps its own name
    ("The Islamic State group claimed the knife attack.", "DE", ["Islamic State"]),
    ("The Islamic State group claimed the knife attack.", None, ["Islamic State"]),
    ("أعلن تنظيم القاعدة مسؤوليته عن الهجوم", "MR", ["Al-Qaeda"]),
])
def test_a_group_is_its_branch_in_the_article_country(text, country, expected):
    assert names(text, country=country) == expected


def test_the_group_named_earlier_is_referred_back_to_as_its_branch():
    got = names("وقال التنظيم في بيان إن مقاتليه نفذوا الهجوم", known={"Islamic State Khorasan Province"}, country="AF")
    assert got == ["Islamic State Khorasan Province"]
    got = names("وقال التنظيم في بيان إن مقاتليه نفذوا الهجوم", known={"Islamic State"}, country="AF")
    assert got == ["Islamic State Khorasan Province"]


@pytest.mark.parametrize("text, expected", [
    ("قصفت الطائرات المسيرة القاعدة العسكرية قرب المطار", []),
    ("سقطت صواريخ داخل القاعدة الجوية الأمريكية", []),
    ("استهدف هجوم بالقاعدة البحرية", []),
    ("أعلن تنظيم القاعدة الإرهابي مسؤوليته", ["Al-Qaeda"]),
    ("قالت القاعدة في بيان إنها نفذت الهجوم", ["Al-Qaeda"]),
])
def test_a_name_that_is_also_a_common_noun(text, expected):
    assert [n for n in names(text) if n == "Al-Qaeda"] == expected


@pytest.mark.parametrize("text, country, expected", [
    ("وتمكنت الأجهزة الأمنية من القبض على المتهم بعد ساعات", "LB", ["Lebanese security agencies"]),
    ("قالت الأجهزة الأمنية المغربية إنها فككت خلية", None, ["Moroccan security agencies"]),
    ("اشتبكت وحدات الحرس الوطني التونسي مع مسلحين", None, ["Tunisian National Guard"]),
    ("Two national guards were killed at the prison gate", "MR", ["Mauritanian National Guard"]),
    ("أوقفت قوات الدرك الجزائري ثلاثة مهربين", None, ["Algerian Gendarmerie"]),
    ("The Malian gendarmerie arrested two suspects", None, ["Malian Gendarmerie"]),
    # the words say forces, not agencies
    ("انتشرت قوات الأمن الصومالية في الحي", None, ["Somali security forces"]),
])
def test_a_role_is_labelled_by_its_own_words(text, country, expected):
    assert names(text, country=country) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("أعلنت قوات الأمن الكينية القبض على مشتبهين", "", {"KE": 2.0}),
    ("", "قالت الشرطة النيجيرية إن مسلحين هاجموا قرية في ولاية زامفارا.", {"NG": 1.0}),
    ("Malian army says it repelled an attack", "", {"ML": 2.0}),
    # a country named as a place or a partner is no vote here
    ("زيارة إلى تركيا", "التقى الوزير نظيره في أنقرة.", {}),
])
def test_state_actors_of_the_title_and_lead_vote_for_the_story_country(title, text, expected):
    from events.actors import actor_countries

    assert actor_countries(title, text) == expected


def test_generic_words_of_a_group_hold_in_its_branch_countries():
    assert "Al-Shabaab" in names("هاجم مقاتلو الشباب نقطة للشرطة قرب الحدود", country="KE")
    assert "Al-Shabaab" not in names("شارك الشباب في مسيرة سلمية وسط المدينة", country="EG")


@pytest.mark.parametrize("text, expected", [
    ("يتعرض الجنوب لعدوان إسرائيلي منذ أشهر", ["Israel Defense Forces"]),
    ("ندد البيان بالعدوان التركي على القرى الحدودية", ["Turkey"]),
    ("قصفت مدفعية العدو الإسرائيلي أطراف البلدة", ["Israel Defense Forces"]),
])
def test_the_nationality_of_an_aggression_is_its_author(text, expected):
    assert names(text) == expected
