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
