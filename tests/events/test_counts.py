"""Counts: numbers bound to what they count, in digits of any script and in words."""

from __future__ import annotations

import pytest

from events.counts import counts_of, find_counts


@pytest.mark.parametrize("text, event_type, expected", [
    ("ألقت القبض على ٢٥ عنصرا من خلايا التنظيم", "arrest", {"arrested": 25}),
    ("ألقت القبض على ۲۵ عنصرا", "arrest", {"arrested": 25}),                     # Persian digits
    ("أسفر الهجوم عن ٣ قتلى و١٢ جريحا", "attack", {"killed": 3, "injured": 12}),
    ("مقتل أربعة أشخاص وإصابة سبعة آخرين", "attack", {"killed": 4, "injured": 7}),
    ("سقط خمسة عشر قتيلا في القصف", "airstrike", {"killed": 15}),
    ("قتل ثلاثة وعشرون شخصا في الانفجار", "bombing", {"killed": 23}),
    ("تمكنت الشرطة من القبض على عنصرين مطلوبين", "arrest", {"arrested": 2}),       # dual noun
    ("قتلت قوات الأمن خمسة من عناصر التنظيم", "other", {"killed": 5}),
    ("أعلن مسؤوليته عن نحو 294 هجوماً في سوريا، مقارنة بـ121 هجوماً في العام السابق", "claim", {"attacks": 294}),
    ("ليصل عدد القوات إلى نحو 2000 جندي", "deployment", {"troops": 2000}),
    ("أصيب ثمانية آخرين بجروح", "attack", {"injured": 8}),
    ("six people were killed and nine others injured", "attack", {"killed": 6, "injured": 9}),
    ("a rocket attack that killed two U.S. service members", "attack", {"killed": 2}),
    ("Three Iraqi soldiers were killed", "attack", {"killed": 3}),
    ("about 900 U.S. Army and Navy personnel are deployed there", "deployment", {"troops": 900}),
    ("More than 12,000 people were killed", "attack", {"killed": 12000}),
    ("police detained 12 suspects", "arrest", {"arrested": 12}),
    ("twenty-five militants were arrested", "arrest", {"arrested": 25}),
])
def test_bound_counts(text, event_type, expected):
    assert counts_of(text, event_type=event_type) == expected


@pytest.mark.parametrize("text, event_type", [
    ("كما حدث في سجن الحسكة عام 2022", "prison_break"),               # a year
    ("ففي عام 2024 وحده وقعت هجمات", "attack"),
    ("بموجب المادة 4 إرهاب", "arrest"),                               # a law article
    ("رجل يبلغ من العمر 35 عاما", "attack"),                           # an age
    ("the 3rd battalion", "attack"),                                  # an ordinal
    ("في الساعة 10 صباحا", "attack"),                                  # an hour
    ("ارتفعت نسبة البطالة إلى 12%", "statement"),                     # a percentage
    ("لم يسفر الهجوم عن سقوط 3 قتلى", "attack"),                       # a negated result
    ("فرّ مئات السجناء", "prison_break"),                               # vague: not by default
    ("Dozens of other soldiers were wounded", "attack"),
    ("يقع المخيم على بعد 30 كم من المدينة", "displacement"),             # a distance
])
def test_not_counts(text, event_type):
    assert counts_of(text, event_type=event_type) == {}


@pytest.mark.parametrize("text, event_type, expected", [
    ("فرّ مئات السجناء", "prison_break", {"escaped": 100}),
    ("Dozens of other soldiers were wounded", "attack", {"injured": 12}),
    ("اعتقلت الشرطة عشرات المشتبه بهم", "arrest", {"arrested": 12}),
    ("several people were killed", "attack", {"killed": 3}),
])
def test_vague_counts_give_the_lowest_estimate_when_asked(text, event_type, expected):
    assert counts_of(text, event_type=event_type, vague=True) == expected
    assert all(c.vague for c in find_counts(text, event_type=event_type, vague=True))


def test_dates_are_excluded():
    text = "قتل 3 مدنيين في 25 نيسان"
    i = text.index("25")
    assert counts_of(text, event_type="attack", exclude=[(i, i + len("25 نيسان"))]) == {"killed": 3}


def test_offsets_point_at_the_number():
    text = "ألقت القبض على ٢٥ عنصرا"
    (c,) = find_counts(text, event_type="arrest")
    assert text[c.start:c.end] == "٢٥" and c.value == 25


@pytest.mark.parametrize("text, event_type, expected", [
    ("أسفرت المعارك عن مقتل ألف وخمسمائة مسلح", "armed_clash", {"killed": 1500}),
    ("وصلت مئة وخمسين عائلة إلى المخيم", "displacement", {"families": 150}),
    ("قتل ثلاثمائة وعشرون مدنيا خلال الحصار", "armed_clash", {"killed": 320}),
    ("أطلقت السلطات سراح ثلاثة آلاف وخمسمائة معتقل", "other", {"arrested": 3500}),
    ("قتل ثلاث مئة مدني في القصف", "airstrike", {"killed": 300}),
    ("two hundred and fifty people were killed in the raid", "attack", {"killed": 250}),
    ("one thousand five hundred troops were deployed", "deployment", {"troops": 1500}),
    ("Gunmen killed twenty-two villagers", "attack", {"killed": 22}),
    ("مقتل خمسة وعشرين ألف مدني منذ بداية الحرب", "armed_clash", {"killed": 25000}),
    ("مقتل اثنين وثلاثة آخرين", "attack", {"killed": 2}),  # two numbers side by side, not 5
    ("مقتل 3 و5 جرحى", "attack", {"killed": 3, "injured": 5}),  # «و5»: a clitic before one digit
])
def test_compound_number_words(text, event_type, expected):
    assert counts_of(text, event_type=event_type) == expected


@pytest.mark.parametrize("text, event_type, expected", [
    ("قتل ما لا يقل عن 19 شخصا في الهجوم على السوق", "attack", {"killed": 19}),
    ("أسفر الانفجار عن مقتل أكثر من عشرين شخصا", "bombing", {"killed": 20}),
    ("the blast killed at least 19 people at the market", "bombing", {"killed": 19}),
    ("Police arrested more than 40 suspects", "arrest", {"arrested": 40}),
    ("اعتقلت قوات الأمن نحو 30 مطلوبا", "arrest", {"arrested": 30}),
    ("أعلنت الوزارة عودة (07) عائلات نازحة", "displacement", {"families": 7}),
    ("At least 12 attacks were recorded last year", "statement", {"attacks": 12}),
])
def test_bounds_and_written_forms_keep_the_number(text, event_type, expected):
    assert counts_of(text, event_type=event_type) == expected
