"""Dates counted from another happening, reports dated "today", and the Arabic month names of
every CLDR locale (events/dates/, data/lexicons/dates.yaml, events/extract.py)."""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale

from events.dates import cldr_months, find_dates, load_lexicon
from events.extract import extract_article
from events.schema import Article
from geo.arabic import normalize

PUB = date(2023, 10, 20)


@pytest.mark.parametrize("text, start, end, precision", [
    # Moroccan names (ar_MA)
    ("وقع الهجوم في 14 غشت 2023 قرب الحدود", date(2023, 8, 14), date(2023, 8, 14), "day"),
    ("اعتقل المشتبه به في 3 شتنبر الماضي", date(2023, 9, 3), date(2023, 9, 3), "day"),
    ("جرت الانتخابات في نونبر 2021", date(2021, 11, 1), date(2021, 11, 30), "month"),
    ("أعلنت السلطات في دجنبر 2022 تفكيك خلية", date(2022, 12, 1), date(2022, 12, 31), "month"),
    ("انطلقت العملية في 5 يوليوز", date(2023, 7, 5), date(2023, 7, 5), "day"),
    # Mauritanian names (ar_MR)
    ("وقعت الاشتباكات في أغشت 2020", date(2020, 8, 1), date(2020, 8, 31), "month"),
    ("عقد الاجتماع في 2 شتمبر 2021", date(2021, 9, 2), date(2021, 9, 2), "day"),
    ("في 10 دجمبر 2019 أعلن الجيش", date(2019, 12, 10), date(2019, 12, 10), "day"),
    # Algerian / Tunisian and Levantine names stay months
    ("في 12 جويلية 2022", date(2022, 7, 12), date(2022, 7, 12), "day"),
    ("في 9 أيلول 2022", date(2022, 9, 9), date(2022, 9, 9), "day"),
    # spellings CLDR lacks are still read
    ("في كانون ثاني 2020", date(2020, 1, 1), date(2020, 1, 31), "month"),
    ("في 3 يونيه 2019", date(2019, 6, 3), date(2019, 6, 3), "day"),
])
def test_month_names_of_every_arabic_locale(text, start, end, precision):
    (m,) = [m for m in find_dates(text, PUB) if m.date_start]
    assert (m.date_start, m.date_end, m.precision) == (start, end, precision)


@pytest.mark.parametrize("locale", ["ar_MA", "ar_MR", "ar_DZ", "ar_TN", "ar_SY", "ar_IQ", "ar_EG", "ar_SA"])
def test_every_cldr_month_name_is_a_month_of_the_lexicon(locale):
    lx = load_lexicon()
    names = Locale.parse(locale).months["format"]["wide"]
    for n in range(1, 13):
        name = " ".join(names[n].split())
        assert name in cldr_months(("ar",))[n]
        assert lx.month_of[normalize(name)][1] == n, name


@pytest.mark.parametrize("text, offset", [
    ("وقبل ذلك بيومين، هاجم مسلحون حاجزا للجيش", -2),
    ("وقبل ذلك بأسبوع اعتقلت الشرطة ثلاثة أشخاص", -7),
    ("وبعد ذلك بثلاثة أيام عادت العائلات", 3),
    ("A day earlier, fighters attacked a checkpoint", -1),
    ("Two days later, police arrested the suspects", 2),
    ("This came one day after a rocket attack on the base", -1),
    ("بعد يومين من هجوم على حاجز للجيش", -2),
    ("وبعد 24 ساعة من الهجوم، اعتقلت الشرطة خمسة أشخاص", -1),
    ("Hours before the announcement, the ministry denied it", 0),
    ("two days before the vote, gunmen attacked a polling station", 2),
])
def test_dates_counted_from_another_happening(text, offset):
    (m,) = [m for m in find_dates(text, PUB) if m.offset is not None]
    assert m.offset == offset and m.date_start is None


def test_a_count_from_a_happening_dated_in_the_same_sentence_is_resolved():
    (a, b) = find_dates("أصيب أربعة شرطيين أمس الأربعاء، بعد ثلاثة أيام من تفجير مماثل", PUB)
    assert a.date_start == date(2023, 10, 19)
    assert b.date_start == date(2023, 10, 16) and b.offset is None


def events_of(text, language, published="2024-01-17"):
    return extract_article(Article(id="t", title="", published=published, language=language, text=text))


@pytest.mark.parametrize("text, language, expected", [
    # the earlier happening is dated from the one reported just before it
    ("هاجم مسلحون حاجزا للجيش في مدينة دوما يوم الأحد. وقبل ذلك بيومين، هاجم مسلحون سوقا في دمشق.", "ar",
     [("attack", "2024-01-14"), ("attack", "2024-01-12")]),
    ("Gunmen attacked an army post in Mastung on January 15. A day earlier, fighters attacked a checkpoint in Sorab.", "en",
     [("attack", "2024-01-15"), ("attack", "2024-01-14")]),
    # the happening named after "one day after" is counted back from the one before
    ("Turkish jets struck targets in Duhok on January 13. This came one day after an attack that killed nine soldiers.", "en",
     [("airstrike", "2024-01-13"), ("attack", "2024-01-12")]),
    # the attack already reported is the reference: the arrest is counted from it
    ("هاجم مسلحون حاجزا للجيش في مدينة دوما يوم الأحد. وبعد 24 ساعة من الهجوم، اعتقلت الشرطة خمسة مشتبه بهم.", "ar",
     [("arrest", "2024-01-15"), ("attack", "2024-01-14")]),
])
def test_events_dated_from_another_event(text, language, expected):
    assert sorted((e.event_type, e.date_start) for e in events_of(text, language)) == sorted(expected)


@pytest.mark.parametrize("text, language, expected", [
    # the happening "that" names was told in a sentence that yielded no event: its date counts
    ("أودت قذائف بحياة طفلين في المحافظة. وفي مديرية الشمايتين، قضى الطفل متأثرا بجروحه مساء الأحد 14 كانون الثاني 2024. "
     "وقبل ذلك بيومين، استهدفت قذائف المسلحين قرية الحصن، وشيع جثمان الضحية صباح الاثنين.", "ar", ("attack", "2024-01-12")),
    # a relative date opening the sentence outranks a date of another clause (the funeral's)
    ("هاجم مسلحون حاجزا للجيش في مدينة دوما يوم الأحد. وقبل ذلك بيومين، هاجم مسلحون سوقا في دمشق، وشيع القتلى صباح الاثنين.",
     "ar", ("attack", "2024-01-12")),
    # "these developments" are the story's current happening, not the background sentence before
    ("استعاد الجيش، اليوم الأربعاء، السيطرة على بلدة الحصن بعد اشتباكات عنيفة. وكانت السيطرة على البلدة تتنقل بين الطرفين، "
     "كان آخرها في 31 تموز الماضي. وتأتي هذه التطورات بعد ثلاثة أيام من استعادة القوات الحكومية قرية المزرعة.", "ar",
     ("armed_clash", "2024-01-14")),
    ("Troops retook the town of Kadugli on Tuesday after heavy clashes. Rebels had last seized it in a raid on July 31. "
     "This came two days after the army recaptured the nearby village of Dilling.", "en", ("armed_clash", "2024-01-14")),
])
def test_the_happening_a_relative_date_counts_from(text, language, expected):
    assert expected in [(e.event_type, e.date_start) for e in events_of(text, language)]


def test_without_a_dated_happening_before_a_relative_date_stays_unknown():
    (ev,) = events_of("A day earlier, fighters attacked a checkpoint in Sorab.", "en")
    assert ev.date_start is None and ev.date_text == "A day earlier"


@pytest.mark.parametrize("text, language, expected", [
    # a claim reported today is dated to the report, the attack to its own day
    ("أعلن تنظيم داعش، اليوم الأربعاء، مسؤوليته عن الهجوم الذي استهدف حاجزا للجيش في كركوك أمس.", "ar",
     {("claim", "2024-05-15"), ("attack", "2024-05-14")}),
    ("Islamic State claimed responsibility on Wednesday for Monday's attack on an army post.", "en",
     {("claim", "2024-05-15"), ("attack", "2024-05-13")}),
    # the claim's day is not the claimed attack's
    ("The Houthis on Wednesday claimed an attack on a cargo ship in the Red Sea.", "en",
     {("claim", "2024-05-15"), ("attack", None)}),
    # the day of the report frame is not the day of what it reports
    ("قال وزير الداخلية اليوم إن قوات الأمن اعتقلت خمسة مطلوبين في الموصل أمس.", "ar", {("arrest", "2024-05-14")}),
])
def test_reports_dated_today(text, language, expected):
    assert {(e.event_type, e.date_start) for e in events_of(text, language, "2024-05-15")} == expected


@pytest.mark.parametrize("text, start, end", [
    # a span across two months, between or from … to
    ("جرت الحملة ما بين 30 يوليوز و5 غشت الجاري", date(2023, 7, 30), date(2023, 8, 5)),
    ("اعتقل العشرات في الفترة من 28 أيلول إلى 3 تشرين الأول", date(2023, 9, 28), date(2023, 10, 3)),
    ("The curfew ran from July 30 to August 5", date(2023, 7, 30), date(2023, 8, 5)),
    ("between September 28 and October 3, 2023", date(2023, 9, 28), date(2023, 10, 3)),
])
def test_spans_across_months(text, start, end):
    (m,) = find_dates(text, PUB)
    assert (m.date_start, m.date_end, m.precision) == (start, end, "day")


@pytest.mark.parametrize("text", [
    "اعتقل في 3 تموز وأفرج عنه في 5 آب",  # two happenings, two days
    "Gunmen attacked on July 3 and again on August 5",
])
def test_two_dates_joined_without_a_span_stay_two(text):
    assert len([m for m in find_dates(text, PUB) if m.date_start]) == 2


@pytest.mark.parametrize("text, language", [
    ("أصيب أربعة شرطيين بانفجار لغم في محافظة ديالى مساء أمس الأربعاء، بعد ثلاثة أيام من هجوم مماثل قتل فيه 9 مدنيين.", "ar"),
    ("A car bomb exploded in Kirkuk on Wednesday, three days after an attack killed 12 policemen.", "en"),
])
def test_an_earlier_happening_named_in_a_clause_of_its_own_is_its_own_event(text, language):
    evs = events_of(text, language, "2022-12-22")
    assert sorted(e.date_start for e in evs) == ["2022-12-18", "2022-12-21"]
