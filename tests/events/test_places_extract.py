"""Places of extracted events: towns read on evidence, water, offsets, roles, unresolved words,
and the place side of merging (sentences written for these tests)."""

from __future__ import annotations

import pytest

from events.extract import extract_article
from events.schema import Article, validate
from geo.geocode import distance_km


def events(text: str, language: str = "en", published: str = "2024-05-08", title: str = ""):
    evs = extract_article(Article(id="t", title=title, text=text, language=language, published=published))
    for ev in evs:
        validate(ev)
    return evs


def placed(evs, etype: str):
    found = [e for e in evs if e.event_type == etype]
    assert found, [(e.event_type, e.place_name) for e in evs]
    return found[0]


@pytest.mark.parametrize("text,language,etype,place", [
    # a town too small to be read alone, found because the article names its country
    ("Mali's army said on Tuesday that jihadists attacked a military camp in Menaka. "
     "The attack killed 12 soldiers, the army said.", "en", "attack", "Ménaka"),
    ("أعلن الجيش النيجري أن مسلحين هاجموا مركزا للشرطة في ديفا يوم الاثنين.", "ar", "attack", "Diffa"),
    # water: the gulf, not the city it is named after
    ("Houthi forces attacked a cargo ship in the Gulf of Aden on Monday, the ship's operator said.",
     "en", "attack", "Gulf of Aden"),
])
def test_event_places(text, language, etype, place):
    assert placed(events(text, language), etype).place_name == place


def test_an_offset_at_sea_is_an_approximate_point():
    evs = events("A merchant vessel was attacked on Tuesday about 60 nautical miles southwest of Aden, "
                 "in the Gulf of Aden, the maritime agency said.")
    ev = placed(evs, "attack")
    assert ev.place_name.startswith("111.1 km SW of Aden")
    assert ev.place_text.startswith("60 nautical miles southwest of Aden")
    assert ev.geo_precision == "region"  # ±46 km across: more than a town
    aden = (12.7794, 45.0367)
    assert distance_km(ev.lat, ev.lon, *aden) == pytest.approx(111.1, abs=3)
    assert ev.lat < aden[0] and ev.lon < aden[1]


@pytest.mark.parametrize("text,language,etype,not_place", [
    ("Iran-backed rebels attacked a tanker in the Red Sea on Friday.", "en", "attack", "Iran"),
    ("The rebels attacked vessels bound for Israel's ports in the Red Sea on Friday.", "en", "attack", "Israel"),
    ("هاجمت الجماعة المدعومة من إيران سفينة تجارية في البحر الأحمر يوم الجمعة.", "ar", "attack", "Iran"),
])
def test_a_country_in_a_non_place_role_is_not_the_event_place(text, language, etype, not_place):
    ev = placed(events(text, language), etype)
    assert ev.place_name == "Red Sea" and ev.place_name != not_place


def test_an_unresolved_village_keeps_its_words():
    # «قرية الزهيرات» is not in the gazetteer: its words are kept, the event is placed by what
    # the clause knows (the province), at a precision no finer than a region
    text = "قتل ثلاثة مدنيين يوم الأحد في هجوم على قرية الزهيرات في محافظة دير الزور شرقي سوريا."
    ev = placed(events(text, "ar"), "attack")
    assert ev.place_text == "قرية الزهيرات"
    assert ev.place_name == "Deir ez-Zor Governorate" and ev.geo_precision == "region"


def test_two_unresolved_villages_are_two_happenings():
    # same type, same day, same province: different villages are not merged into one attack
    text = ("قتل مدنيان يوم الأحد في هجوم على قرية الزهيرات في محافظة دير الزور. "
            "وقتل جندي يوم الأحد في هجوم على قرية المراشدة في محافظة دير الزور.")
    attacks = [e for e in events(text, "ar") if e.event_type == "attack"]
    assert sorted(e.place_text for e in attacks) == ["قرية الزهيرات", "قرية المراشدة"]


@pytest.mark.parametrize("text,language,etype,place", [
    # a country named first, then a place inside it in the same clause: the more specific one
    ("Three guards were killed when gunmen attacked the prison in Chad's capital, N'Djamena, on Monday.",
     "en", "attack", "N'Djamena"),
    ("Police arrested two men in Kenya's coastal town of Malindi on Friday over the bombing.",
     "en", "arrest", "Malindi"),
    ("اعتقلت الشرطة ثلاثة مشتبه بهم في المغرب يوم الخميس في مدينة فاس.", "ar", "arrest", "Fes"),
    # two countries: neither is inside the other, the locative one stays
    ("Turkish drones struck targets in Iraq on Sunday, officials in Ankara said.", "en", "airstrike", "Iraq"),
])
def test_a_place_inside_the_named_country_is_preferred(text, language, etype, place):
    assert placed(events(text, language), etype).place_name == place


@pytest.mark.parametrize("text,language,etype,place", [
    # the second clause names no place: it refers back to the one before it in the sentence
    ("شنت طائرات حربية غارتين على مطار صنعاء الدولي فجر اليوم، بعد ساعات من غارات جوية استهدفته مساء أمس.",
     "ar", "airstrike", "Sanaa"),
    ("Militants stormed a police post in Peshawar on Monday, and the attack killed four officers.",
     "en", "attack", "Peshawar"),
])
def test_a_clause_without_a_place_takes_the_sentence_place_before_it(text, language, etype, place):
    evs = [e for e in events(text, language) if e.event_type == etype]
    assert evs and all(e.place_name == place for e in evs), [(e.event_type, e.place_name) for e in evs]


@pytest.mark.parametrize("text,etype,place", [
    # a hyphened modifier between the locative word and the name does not hide the locative
    ("US warplanes carried out strikes in rebel-held Yemen on Monday against targets tied to the Red Sea attacks.",
     "airstrike", "Yemen"),
    ("Drones struck fuel depots in army-held Port Sudan after the Khartoum airport attack.", "airstrike", "Port Sudan"),
])
def test_a_hyphened_modifier_keeps_the_locative(text, etype, place):
    assert placed(events(text), etype).place_name == place


@pytest.mark.parametrize("text,language,etype,country,south_of", [
    ("Israeli drones struck two cars in southern Lebanon on Tuesday, killing three people.", "en", "airstrike",
     "LB", 33.6),
    ("قصفت المدفعية بلدات في جنوب لبنان صباح اليوم الثلاثاء.", "ar", "attack", "LB", 33.6),
])
def test_a_part_of_a_country_is_the_event_region(text, language, etype, country, south_of):
    ev = placed(events(text, language), etype)
    assert ev.country == country and ev.geo_precision == "region" and ev.lat < south_of


@pytest.mark.parametrize("text,language,etype,place", [
    ("A roadside bomb killed two soldiers in Kirkuk, in northern Iraq, on Monday.", "en", "bombing", "Kirkuk"),
    ("قتل جنديان يوم الاثنين إثر انفجار لغم أرضي في محافظة كركوك شمال البلاد.", "ar", "bombing", "Kirkuk Governorate"),
])
def test_a_part_after_a_place_inside_it_does_not_replace_it(text, language, etype, place):
    assert placed(events(text, language), etype).place_name == place


def test_an_event_without_a_place_takes_the_articles_place():
    text = ("Gunmen attacked a police station in Diffa, Niger, on Monday, killing four officers. "
            "Security forces arrested six suspects on Tuesday, the interior ministry said.")
    evs = events(text, title="Attack in Diffa")
    arrest = placed(evs, "arrest")
    assert arrest.place_name == "Diffa" and arrest.country == "NE"


def test_the_articles_place_lent_to_two_events_does_not_make_them_one():
    text = ("Gunmen attacked a police station in Diffa, Niger, on Monday. "
            "Soldiers arrested five smugglers on Monday, the army said. "
            "Police arrested two teachers on Monday, a lawyer said.")
    arrests = [e for e in events(text, title="Attack in Diffa") if e.event_type == "arrest"]
    assert len(arrests) == 2 and all(e.place_name == "Diffa" for e in arrests)
