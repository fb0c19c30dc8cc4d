"""Every section of data/lexicons/dates.yaml is read: emptied, it changes what find_dates or
tense_of give for the probe sentences below (written for this test, one or more per section)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from events.dates import LEXICON_PATH, find_dates, load_lexicon, tense_of
from lexicon_usage import emptied, sections_without_effect

PUB = date(2024, 4, 26)  # a Friday

PROBES = [
    "اعتقلت القوات الأمنية خمسة مطلوبين في 26 أبريل 2024.",  # months (CLDR), mention_prepositions
    "وصل الوفد إلى دمشق في 3 كانون ثاني 2023.",  # months: variants
    "عقد المؤتمر في 15 جانفي 2024 بالعاصمة.",  # cldr_months (Algerian spelling)
    "The attack took place on April 3, 2024, near the border.",  # months: english
    "قتل ثلاثة مدنيين في 14 رمضان 1445 هـ الموافق 24 آذار 2024.",  # hijri months and markers, equivalence
    "وقال أب الضحية إن ابنه اعتقل عند الحاجز.",  # ambiguous_months
    "وقعت الحادثة في شهر آب الماضي قرب المدينة.",  # month_word, past_words
    "جرت المعركة سنة 680 ميلادي في كربلاء.",  # gregorian_markers
    "هاجم المسلحون القرية يوم الاثنين الماضي.",  # weekdays, ambiguous_weekdays, day_word
    "وأعلنت الوزارة، الاثنين، أن الحادثة التي وقعت الاثنين انتهت.",  # ambiguous_weekday_cues
    "وأفرجت السلطات عن المعتقلين الأحد عشر بعد التحقيق.",  # weekday_numbers
    "ستعقد القمة الخميس المقبل في بغداد.",  # future_words
    "ارتفعت الأسعار في آذار الجاري.",  # current_words
    "Gunmen attacked a checkpoint last Tuesday.",  # en_past, weekday_directions_en
    "The talks will resume next week in Geneva.",  # en_future
    "Aid deliveries stopped this winter.",  # en_current, season_directions_en
    "هاجم التنظيم الحاجز يوم الأحد، وفي اليوم التالي اعتقلت القوات اثنين.",  # anaphoric_days
    "استمرت الحملة ما بين 30 يوليو و5 أغسطس 2023.",  # range_openers, range_joiners
    "أغلق المعبر 28 أيلول 2023 حتى 3 تشرين الأول 2023.",  # range_until
    "هاجم مسلحون القرية. وقبل ذلك بيومين اعتقل عشرة أشخاص.",  # event_relative
    "قصفت الطائرات المدينة صباح أمس.",  # relative_days
    "اندلعت الاشتباكات فجر الجمعة في الريف.",  # day_parts_ar
    "Clashes broke out on Tuesday afternoon.",  # day_parts_en
    "اعتقلت الشرطة المشتبه به قبل ثلاثة أيام.",  # units, ago_words_ar, number_words
    "نزحت العائلات منذ يومين.",  # dual_units
    "تراجعت الهجمات خلال الأسبوع الماضي.",  # calendar_units
    "بدأ الهجوم في السابع من أكتوبر.",  # ordinal_days, of_words
    "عادت العائلات في أواخر آذار.",  # month_parts
    "انخفضت الصادرات في الربع الأول من العام الجاري.",  # quarters, year_nouns
    "ارتفع العجز في النصف الثاني من 2022.",  # halves
    "قتل شخصان خلال عيد الفطر في المدينة.",  # holiday_before, holidays
    "احتفل السكان بعيد الفطر لعام 2024 رغم القصف.",  # holiday_year, clitics (in)
    "أقيمت الصلاة عشية عيد الميلاد في الكنيسة.",  # eve_words
    "شهدت المنطقة جفافا في صيف 2023.",  # seasons
    "انتخب البرلمان رئيسه عام 2022.",  # year_words
    "اعتقل الناشط في أيلول من العام الماضي.",  # year_nouns
    "تضررت المحاصيل في صيف العام الماضي.",  # season_year
    "دخلت القوات المدينة في 2019 بعد حصار طويل.",  # year_prepositions
    "طبق القانون الصادر في 2011 على الجميع.",  # year_blockers
    "وهو المولود في 12 أيار 1980 بحمص.",  # birth_words
    "التقى الأمين العام السابق بالوفد.",  # general_heads
    "وصل الوفد يوم 3/4 إلى المطار.",  # numeric_day_before
    "ارتفع عدد القوات إلى 2000 جندي.",  # count_nouns
    "تصاعدت الهجمات مؤخرا في البادية.",  # vague
    "قالت وكالة روسيا اليوم إن الهجوم فشل.",  # today_name_before
    "نظمت الجمعية فعاليات اليوم العالمي للمرأة.",  # today_name_after
    "قصفت المدفعية القرية اليوم.",  # today_words
    "يتواصل الحصار منذ آب الماضي.",  # since_words
    "تجمع المتظاهرون في ساحة 14 آذار.",  # name_heads
    "وفي 22 نيسان 2024 عاد النازحون.",  # clitics (conjunctions)
    "تضاعفت الهجمات هذا العام.",  # this_word
    "توقف العمل في 15 الجاري بسبب الإضراب.",  # day_month_directions
    "أغلقت المدارس من 10 إلى 12 أيار 2021.",  # span_joiners
    "The market was closed on Thursday and Friday.",  # list_joiners
    "قتل عشرات المدنيين خلال الأشهر الستة الماضية.",  # rolling_directions
    "تغيرت المدينة كثيرا خلال السنين الماضية.",  # dual_endings
    "اعتقل القيادي قبل شهر في الرقة.",  # single_units
    "أعلن الحزب مرشحه قبل شهر من الانتخابات.",  # ago_blockers_after
    "لم يغادر أحد منزله ذلك اليوم.",  # that_day_before
    "امتدت الموجة خلال الأسبوع الأول من حزيران 2023.",  # week_of_month
    "عثر على الوثيقة مؤرخة 1445/10/17 هـ في الأرشيف.",  # numeric_hijri_markers
    "بنيت المدينة عام 1200 قبل الميلاد.",  # bc_markers
    "ستتواصل الاجتماعات في الأيام المقبلة.",  # vague_ahead
    "The poet Adonis (b. 1930 CE) spoke in Paris.",  # year_blockers_adjacent
    "The ceasefire began on the 13th of this month.",  # the_words, ordinal_suffixes, this_month_en
    "The strike hit the port on Saturday, on the 13th, before dawn.",  # on_words_en
    "Troops entered the town two days ago.",  # ago_words_en
    "Two soldiers died overnight in the raid, not in an overnight patrol.",  # relative_days: days, followed_by
    "Attacks rose over the past months in the north.",  # plural_suffix_en
    "Over the last two weeks, dozens were detained.",  # rolling_prepositions_en, rolling_directions_en
    "Prices rose earlier this month across the country.",  # calendar_modifiers_en
    "Fighting resumed last month near the dam.",  # calendar_directions_en
    "Casualties rose sharply over past week.",  # rolling_window_en
    "The report is due by the end of the month.",  # calendar_this_en
    "Shelling started early on Monday near the port.",  # weekday_modifiers_en, on_words_en
    "Exports fell in the second quarter of last year.",  # quarter_directions_en
    "The camp was emptied last August.",  # month_directions_en
    "The talks resumed in May after a pause.",  # month_cues_en
]
TENSE_PROBES = [
    "Militias have been attacking convoys on the highway.",  # progressive_en
    "سيستقبل الرئيس الوفد في القصر.",  # future_forms, future_verbs
    "من المقرر أن يصل الوفد غدا.",  # tense
]


def _readings(path: Path) -> list:
    lx = load_lexicon(path)
    dates = [[(m.start, m.end, m.date_start, m.date_end, m.precision, m.tense, m.offset)
              for m in find_dates(text, PUB, lexicon=lx)] for text in PROBES]
    return dates + [tense_of(s, lexicon=lx) for s in PROBES + TENSE_PROBES]


def test_every_section_of_dates_yaml_is_read(tmp_path: Path):
    assert sections_without_effect(LEXICON_PATH, _readings, tmp_path) == []


def test_a_lexicon_passed_in_is_the_one_used(tmp_path: Path):
    """find_dates(lexicon=…) reads with that file: without Arabic weekdays «يوم الأحد» is no date."""
    import yaml

    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    raw["weekdays"]["ar"] = emptied(raw["weekdays"]["ar"])
    path = tmp_path / "dates.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = "هاجم المسلحون الحاجز يوم الأحد."
    assert [m.text for m in find_dates(text, PUB)] == ["يوم الأحد"]
    assert find_dates(text, PUB, lexicon=load_lexicon(path)) == []


def test_emptied_keeps_the_shape():
    assert emptied({"a": [1, 2], "b": {"c": "x", "d": 3}}) == {"a": [], "b": {"c": "", "d": 3}}
