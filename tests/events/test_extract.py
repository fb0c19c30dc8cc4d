"""Assembly on the bundled seed (two Arabic articles) and on bad input."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest

from events.articles import read_articles
from events.extract import extract_article, headline
from events.pipeline import extract_into_store
from events.schema import Article, Event, validate
from conftest import SEED

HAS_PLACES = importlib.util.find_spec("geo.find") is not None
needs_places = pytest.mark.skipif(not HAS_PLACES, reason="geo.find (place finder) not installed")


@pytest.fixture(scope="module")
def seed():
    arts = read_articles(SEED)
    assert len(arts) == 2, "the seed file holds two articles"
    first, second = arts
    return first, extract_article(first), second, extract_article(second)


def one(events, pred, what):
    found = [e for e in events if pred(e)]
    assert found, f"no event for {what}: " + "; ".join(f"{e.event_type} {e.date_start} {e.place_name} {e.actors}" for e in events)
    return found[0]


def test_al_hol_arrest(seed):
    art, evs, _, _ = seed
    ev = one(evs, lambda e: e.event_type == "arrest", "the al-Hol arrest")
    assert (ev.date_start, ev.date_end, ev.date_precision) == ("2024-04-25", "2024-04-25", "day")
    assert ev.date_text == "الخميس الماضي"
    assert ev.tense == "past"
    assert {"Syrian Democratic Forces", "Asayish"} & set(ev.actors) and "Islamic State" in ev.actors
    assert ev.counts.get("arrested") == 25
    assert art.text[ev.sentence_start:ev.sentence_end] == ev.sentence
    assert "25" in ev.headline and "arrested" in ev.headline


@needs_places
def test_al_hol_arrest_place(seed):
    _, evs, _, _ = seed
    ev = one(evs, lambda e: e.event_type == "arrest", "the al-Hol arrest")
    assert "Hol" in (ev.place_name or "") and ev.country == "SY" and ev.geo_precision in ("point", "city")
    assert "Hol" in ev.headline


def test_paris_meeting_is_planned_early_may(seed):
    _, evs, _, _ = seed
    ev = one(evs, lambda e: e.event_type == "meeting" and e.date_start == "2024-05-01", "the Paris meeting")
    assert ev.date_end == "2024-05-10" and ev.tense == "planned"
    assert "Global Coalition against Daesh" in ev.actors
    # the later sentences about «هذا الاجتماع» are the same happening
    assert len([e for e in evs if e.event_type == "meeting" and e.tense == "planned"]) == 1
    assert ev.mentions


@needs_places
def test_paris_meeting_place(seed):
    _, evs, _, _ = seed
    ev = one(evs, lambda e: e.event_type == "meeting" and e.date_start == "2024-05-01", "the Paris meeting")
    assert ev.place_name == "Paris" and ev.country == "FR"


def test_paris_olympics_summer_2024_planned(seed):
    _, evs, _, _ = seed
    ev = one(evs, lambda e: e.date_precision == "season", "the Olympics")
    assert (ev.date_start, ev.date_end, ev.tense) == ("2024-06-01", "2024-08-31", "planned")
    if HAS_PLACES:
        assert ev.place_name == "Paris"


def test_moscow_attack_a_month_before(seed):
    art, evs, _, _ = seed
    ev = one(evs, lambda e: e.event_type == "attack" and e.date_precision == "month", "the Moscow attack")
    assert ev.tense == "past"
    start, end = date.fromisoformat(ev.date_start), date.fromisoformat(ev.date_end)
    pub = date.fromisoformat(art.published)
    assert 20 <= (pub - start).days <= 50 and end < pub
    if HAS_PLACES:
        assert ev.country == "RU"


def test_second_article_is_undated(seed):
    _, _, art, evs = seed
    assert art.published is None
    assert evs
    # no publication date: nothing relative is resolved, no day is made up
    assert all(e.date_precision in ("year", "unknown") for e in evs), [(e.date_text, e.date_precision) for e in evs]


def test_hasakah_prison_break_2022(seed):
    _, _, _, evs = seed
    ev = one(evs, lambda e: e.event_type == "prison_break", "the Hasakah prison break")
    assert (ev.date_start, ev.date_end, ev.date_precision) == ("2022-01-01", "2022-12-31", "year")
    assert ev.tense == "past"
    if HAS_PLACES:
        assert ev.country == "SY" and ev.geo_precision in ("point", "city")


def test_294_attacks_in_2024(seed):
    _, _, _, evs = seed
    ev = one(evs, lambda e: e.counts.get("attacks") == 294, "294 attacks")
    assert ev.date_start == "2024-01-01" and ev.date_precision == "year"
    assert "Islamic State" in ev.actors  # «أعلن مسؤوليته»: the unnamed subject is the article's group
    assert 121 not in ev.counts.values()
    if HAS_PLACES:
        assert ev.country == "SY"


def test_us_deployment_2000_troops(seed):
    _, _, _, evs = seed
    ev = one(evs, lambda e: e.event_type == "deployment", "the US deployment")
    assert ev.counts.get("troops") == 2000 and "United States" in ev.actors
    if HAS_PLACES:
        assert ev.country == "SY"


def test_us_airstrikes(seed):
    _, _, _, evs = seed
    ev = one(evs, lambda e: e.event_type == "airstrike", "the US airstrikes")
    assert ev.actor1 == "United States"
    if HAS_PLACES:
        assert ev.country == "SY"  # «في مناطق صحراوية» is not in the gazetteer: the article's country


def test_un_warning_about_al_hol(seed):
    _, _, _, evs = seed
    ev = one(evs, lambda e: e.event_type == "statement" and "United Nations" in e.actors, "the UN warning")
    assert ev.actor1 == "United Nations"
    if HAS_PLACES:
        assert "Hol" in (ev.place_name or "")


def test_every_event_is_valid_and_explained(seed):
    for art, evs in ((seed[0], seed[1]), (seed[2], seed[3])):
        for ev in evs:
            validate(ev)
            assert art.text[ev.sentence_start:ev.sentence_end] == ev.sentence
            for m in ev.mentions:
                assert art.text[m["start"]:m["end"]] == m["sentence"]
            assert ev.headline and ev.method == "rules" and 0 < ev.confidence <= 1


def test_feared_attacks_are_not_past_events(seed):
    _, evs, _, _ = seed
    # «احتمالية وقوع هجمات منظمة»: only the attack that happened (in Moscow) is reported
    feared = [e for e in evs if e.event_type == "attack" and "احتمالية" in e.sentence]
    assert all(e.date_precision == "month" for e in feared)


def test_ids_are_stable_across_runs(seed):
    art, evs, _, _ = seed
    again = extract_article(art)
    assert [e.event_id for e in again] == [e.event_id for e in evs]
    assert len({e.event_id for e in evs}) == len(evs)


def test_extract_into_store_keeps_curated_events(fresh_store, seed):
    art, evs, art2, _ = seed
    fresh_store.add_articles([art, art2])
    n = extract_into_store(fresh_store, processes=1)
    assert n == fresh_store.count_events() > 0
    # re-running gives the same events, not duplicates
    assert extract_into_store(fresh_store, processes=1) == n
    assert fresh_store.count_events() == n


def article(text, **kw):
    return Article(id="t", text=text, **({"published": "2024-04-26", "language": "ar"} | kw))


@pytest.mark.parametrize("text", [
    "",
    "   \n \n",
    "1234 5678 ٩٩٩ 2024 3.5",
    "<div class='x'><p>&nbsp;</p><script>var a=1;</script></div>",
    "؟؟؟ ... !!! «» “” ؛؛",
])
def test_bad_input_gives_no_events_and_no_crash(text):
    assert extract_article(article(text)) == []


def test_html_remnants_around_a_real_sentence():
    text = "<p>ألقت الشرطة القبض على ٣ مطلوبين في مدينة الرقة أمس.</p>&nbsp;<br/>"
    evs = extract_article(article(text))
    ev = one(evs, lambda e: e.event_type == "arrest", "the arrest")
    assert ev.counts == {"arrested": 3} and ev.date_start == "2024-04-25"


def test_mixed_arabic_and_english():
    text = ("Police arrested two suspects in Vienna on Wednesday. "
            "وفي سياق متصل، اعتقلت قوات الأمن ٤ أشخاص في كركوك اليوم.")
    evs = extract_article(article(text, language="en"))
    arrests = [e for e in evs if e.event_type == "arrest"]
    assert sorted(e.counts.get("arrested") for e in arrests) == [2, 4]


def test_a_5mb_article():
    filler = "<div>تابع آخر الأخبار عبر موقعنا</div>\n" * 40000
    body = "اعتقلت الشرطة خمسة أشخاص في الموصل أمس.\n" + filler
    body += "x" * (5_000_000 - len(body.encode("utf-8")))
    assert len(body.encode("utf-8")) >= 5_000_000
    evs = extract_article(article(body))
    assert [e.event_type for e in evs] == ["arrest"]
    assert evs[0].counts == {"arrested": 5}


def test_unknown_publication_date_stays_unknown():
    evs = extract_article(article("اعتقلت الشرطة خمسة أشخاص في الموصل أمس.", published=None))
    ev = one(evs, lambda e: e.event_type == "arrest", "the arrest")
    assert ev.date_start is None and ev.date_precision == "unknown"


@pytest.mark.parametrize("fields, expected", [
    ({"event_type": "arrest", "actor1": "Syrian Democratic Forces", "actor2": "Islamic State",
      "counts": {"arrested": 25}, "place_name": "al-Hol camp"}, "SDF arrested 25 Islamic State members in al-Hol camp"),
    ({"event_type": "airstrike", "actor1": "United States", "place_name": "Syria"}, "US airstrike in Syria"),
    ({"event_type": "meeting", "actor1": "Global Coalition against Daesh", "place_name": "Paris", "tense": "planned"},
     "Planned: Global Coalition against Daesh meeting in Paris"),
])
def test_headline(fields, expected):
    assert headline(Event(article_id="a", **fields)) == expected


def test_a_trigger_inside_an_actor_name_is_not_an_event():
    evs = extract_article(article("وأعلنت قوات الحشد الشعبي أن مقاتليها دمروا مخبأين للتنظيم في جبال حمرين اليوم.",
                                  language="ar"))
    assert "deployment" not in [e.event_type for e in evs]
    assert all("Popular Mobilization Forces" in e.actors for e in evs)


def test_two_happenings_of_one_type_in_one_sentence():
    text = ("Warplanes on Friday hit depots near Deir ez-Zor, "
            "two days after an airstrike on a convoy near Palmyra last Wednesday that killed four fighters.")
    evs = extract_article(article(text, published="2024-02-02", language="en"))
    dates = sorted(e.date_start for e in evs if e.event_type in ("airstrike", "attack"))
    assert dates == ["2024-01-31", "2024-02-02"]


def test_an_arrest_before_a_plan_stays_past():
    evs = extract_article(article("A man arrested in Belgium was planning an attack on a stadium in Brussels.",
                                  published="2024-08-08", language="en"))
    arrest = one(evs, lambda e: e.event_type == "arrest", "the arrest")
    assert arrest.tense == "past"
    plot = one(evs, lambda e: e.event_type == "attack", "the plot")
    assert plot.tense == "planned"


def test_statement_needs_a_speaker_outside_the_quote():
    evs = extract_article(article('"Our unit cleared three tunnels used by ISIS," the ministry statement added.', language="en"))
    assert all(e.actor1 != "Islamic State" for e in evs if e.event_type == "statement")


@pytest.mark.parametrize("text", [
    "MOSUL (Example News) – A car bomb killed five civilians on Friday.",
    "الموصل - ألقت القوات القبض على ثلاثة مطلوبين أمس.",
    "وكالة الأنباء- الموصل\nألقت القوات القبض على ثلاثة مطلوبين أمس.",
])
def test_a_dateline_is_not_the_event_place(text):
    evs = extract_article(article(text, language="en" if text.isascii() else "ar"))
    assert evs
    for e in evs:
        assert e.place_name != "Mosul"


def test_the_attack_pointing_back_to_a_drone_strike_is_the_same_happening():
    text = ("قتل أربعة مسلحين بضربة بطائرة مسيرة تركية قرب مدينة دهوك اليوم.\n"
            "وأضاف المصدر أن قائد المجموعة قتل في الهجوم.")
    evs = extract_article(article(text, published="2024-08-23"))
    strikes = [e for e in evs if e.event_type in ("airstrike", "attack")]
    assert len(strikes) == 1 and strikes[0].event_type == "airstrike"
    assert len(strikes[0].mentions) == 1


def test_a_place_in_a_comparison_is_not_the_event_place():
    text = "The missile that struck the depot was similar to those fired by rebels in Yemen."
    for e in extract_article(article(text, language="en")):
        assert e.country != "YE"


@pytest.mark.parametrize("text, expected", [
    ("Iran-backed militias launched a drone strike on a U.S. base in Syria on Sunday.", "attack"),
    ("A Turkish drone strike hit a car near Kobani on Sunday.", "airstrike"),
])
def test_drone_strike_by_a_militia_is_an_attack(text, expected):
    evs = extract_article(article(text, language="en"))
    assert expected in [e.event_type for e in evs]


def test_a_hosting_city_is_the_place_of_the_meeting():
    text = "عقد الوزراء محادثات استضافتها بيروت يوم 3 آذار 2025 لبحث الأوضاع في محافظة إدلب."
    evs = extract_article(article(text, published="2025-03-10"))
    ev = one(evs, lambda e: e.event_type == "meeting", "the talks")
    assert ev.country == "LB"


def test_another_incident_is_another_event():
    text = ("Gunmen attacked an army checkpoint in Tuz Khurmatu on Monday.\n"
            "In another incident on Monday, rockets were fired at a base near Tuz Khurmatu.")
    evs = extract_article(article(text, published="2024-03-05", language="en"))
    assert len([e for e in evs if e.event_type == "attack"]) == 2


def test_counts_stay_with_their_own_happening():
    text = ("في 3 آذار الماضي اعتقلت الشرطة 12 مطلوبا في الموصل، "
            "وفي 20 شباط الماضي اعتقلت 7 مطلوبين في تلعفر.")
    evs = extract_article(article(text, published="2024-04-26"))
    got = sorted((e.date_start, e.counts.get("arrested")) for e in evs if e.event_type == "arrest")
    assert got == [("2024-02-20", 7), ("2024-03-03", 12)]


# --------------------------------------------------------------------------------------------
# References back to a happening, actor roles, leading dates, headlines

def test_seed_back_reference_to_the_meeting_is_no_new_event(seed):
    _, evs, _, _ = seed
    meetings = [e for e in evs if e.event_type == "meeting"]
    # «فإن الاجتماع الأمنى المشار إليه …» is the Paris meeting again, not an empty new one
    assert len(meetings) == 1, [m.headline for m in meetings]
    assert any("المشار إليه" in m["sentence"] for m in meetings[0].mentions)


@pytest.mark.parametrize("first, again, etype, lang", [
    ("عقد وزراء دفاع التحالف الدولي اجتماعا في بغداد يوم 3 آذار 2024 لبحث التعاون.",
     "وقال مراقبون إن الاجتماع المشار إليه جاء في وقت حرج.", "meeting", "ar"),
    ("هاجم مسلحون من داعش حاجزا للجيش في قضاء طوزخورماتو أمس.",
     "على الجانب الآخر، فإن الهجوم المذكور يكشف ضعف التنسيق الأمني.", "attack", "ar"),
    ("تبنى تنظيم داعش هجوما على حاجز للشرطة في ديالى يوم الأحد.",
     "ويأتي ذلك الهجوم في وقت تشهد فيه المحافظة توترا.", "attack", "ar"),
    ("Islamic State gunmen attacked a checkpoint near Kirkuk on Monday.",
     "This attack shows how fragile security remains.", "attack", "en"),
    ("Iraqi and Syrian officials met in Baghdad on 4 March 2024 to discuss the camps.",
     "On the other hand, the meeting itself was overshadowed by other crises.", "meeting", "en"),
])
def test_a_reference_back_joins_the_earlier_event(first, again, etype, lang):
    evs = extract_article(article(first + "\n" + again, published="2024-08-01", language=lang))
    same = [e for e in evs if e.event_type == etype]
    assert len(same) == 1, [e.headline for e in same]
    assert [m["sentence"] for m in same[0].mentions] == [again]
    assert same[0].date_start is not None  # the first report's date is kept


@pytest.mark.parametrize("text, lang, actor1, actor2", [
    # the agent after a verbal noun («هجمات X»), not an actor of a «حيث» clause before it
    ("وفي ريف الحسكة، حيث تشرف قوات سوريا الديمقراطية على حماية المخيمات، تتصاعد هجمات الفصائل المدعومة تركياً على القرى.",
     "ar", "Syrian National Army", None),
    ("ويتعرض الوضع الأمني في ريف حلب لضغوط كبيرة بسبب هجمات ميليشيات مدعومة من تركيا أمس.", "ar", "Syrian National Army", None),
    # «شنه X» is the agent, «على X» the target
    ("قتل جنديان في هجوم شنه تنظيم داعش على قوات البيشمركة في كركوك أمس.", "ar", "Islamic State", "Peshmerga"),
    # VSO: the verb, then its subject, then the object
    ("اعتقلت قوات الأمن العراقية خمسة عناصر من داعش في الموصل أمس.", "ar", "Iraqi security forces", "Islamic State"),
    ("The attack on Peshmerga positions near Kirkuk on Tuesday was carried out by ISIS militants.", "en", "Islamic State", "Peshmerga"),
    ("Two soldiers were killed in an attack by ISIS in Diyala on Monday.", "en", "Islamic State", None),
    ("قصفت ميليشيات موالية لتركيا قرى في ريف منبج أمس.", "ar", "Syrian National Army", None),
])
def test_actor_roles(text, lang, actor1, actor2):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    ev = one(evs, lambda e: e.event_type in ("attack", "arrest", "airstrike"), "the happening")
    assert (ev.actor1, ev.actor2) == (actor1, actor2), ev.actors


def test_an_actor_acting_after_the_attack_is_not_its_actor():
    # Macron spoke after the attack; he did not take part in it
    text = "وأدلى الرئيس الفرنسي إيمانويل ماكرون بتصريحات عقب الهجوم الإرهابي الأخير في موسكو."
    evs = extract_article(article(text))
    attack = one(evs, lambda e: e.event_type == "attack", "the Moscow attack")
    assert not {"France", "Emmanuel Macron"} & set(attack.actors)


def test_seed_roles(seed):
    _, evs1, _, evs2 = seed
    sna = one(evs2, lambda e: e.event_type == "attack" and "Syrian National Army" in e.actors, "the Turkish-backed attacks")
    assert sna.actor1 == "Syrian National Army" and sna.headline.startswith("SNA")
    moscow = one(evs1, lambda e: e.event_type == "attack" and e.date_precision == "month", "the Moscow attack")
    assert not {"France", "Emmanuel Macron"} & set(moscow.actors)


@pytest.mark.parametrize("text, lang, year", [
    ("وفي عام 2023 وحده، أعلن تنظيم داعش مسؤوليته عن 150 هجوما في العراق.", "ar", "2023"),
    ("In 2023 alone, ISIS claimed responsibility for 150 attacks in Iraq.", "en", "2023"),
    ("خلال عام 2022، تبنى تنظيم داعش عشرات الهجمات في دير الزور.", "ar", "2022"),
])
def test_a_leading_date_dates_a_claim(text, lang, year):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    claim = one(evs, lambda e: e.event_type == "claim", "the claim")
    assert (claim.date_start, claim.date_end, claim.date_precision) == (f"{year}-01-01", f"{year}-12-31", "year")


def test_seed_claim_of_294_attacks_is_dated_2024(seed):
    _, _, _, evs = seed
    claim = one(evs, lambda e: e.event_type == "claim", "the claim")
    assert (claim.date_start, claim.date_precision) == ("2024-01-01", "year")


@pytest.mark.parametrize("text, expected", [
    ("تستضيف باريس دورة الألعاب الأولمبية في صيف 2024.", "Planned: Olympic Games in Paris"),
    ("اتفقت الأطراف على وقف إطلاق النار في السويداء يوم 19 تموز 2024.", "Ceasefire in Suwayda"),
    ("تعقد دول التحالف الدولي قمة في بغداد يوم 10 أيار المقبل.", "Planned: Global Coalition against Daesh summit in Baghdad"),
])
def test_headline_names_the_happening(text, expected):
    evs = extract_article(article(text, published="2024-08-01" if "تموز" in text else "2024-04-26"))
    assert expected in [e.headline for e in evs]


@pytest.mark.parametrize("fields, expected", [
    ({"event_type": "other", "place_name": "Paris", "tense": "planned"}, "Planned event in Paris"),
    ({"event_type": "other", "place_name": "Mosul", "actor1": "Islamic State"}, "Event involving IS in Mosul"),
    ({"event_type": "other", "place_name": "Mosul"}, "Event in Mosul"),
])
def test_generic_headline_reads_naturally(fields, expected):
    assert headline(Event(article_id="a", **fields)) == expected


def test_seed_olympics_headline(seed):
    _, evs, _, _ = seed
    assert "Planned: Olympic Games in Paris" in [e.headline for e in evs]


def test_a_ceasefire_is_not_a_shooting():
    text = "وبحث الوزراء تثبيت وقف إطلاق النار في محافظة السويداء."
    assert "attack" not in [e.event_type for e in extract_article(article(text))]


@pytest.mark.parametrize("text, lang", [
    ("أعلنت الولايات المتحدة مقتل قيادي في تنظيم داعش قبل يومين في سوريا.\n"
     "وقالت القيادة المركزية الأمريكية، الأحد، إن القوات الأمريكية شنت غارة في شرق سوريا أدت إلى مقتل القيادي في تنظيم داعش.", "ar"),
    ("A senior ISIS commander was killed by U.S. forces in eastern Syria on Friday.\n"
     "CENTCOM said on Sunday that U.S. forces carried out an airstrike in eastern Syria that killed the ISIS commander.", "en"),
])
def test_the_day_of_a_report_does_not_date_the_happening_it_reports(text, lang):
    # «قالت …، الأحد، إن …» / "said on Sunday that …": Sunday is when it was told; the strike was Friday
    evs = extract_article(article(text, published="2023-07-09", language=lang))
    strikes = [e for e in evs if e.event_type in ("airstrike", "attack")]
    assert len(strikes) == 1, [e.headline for e in strikes]
    assert strikes[0].date_start == "2023-07-07" and len(strikes[0].mentions) == 1


@pytest.mark.parametrize("text", [
    "قالت الشرطة، الأحد، إن مسلحين هاجموا حاجزا في كركوك.",
    "أعلنت وزارة الداخلية اليوم الأحد اعتقال خمسة مطلوبين في بغداد.",
])
def test_with_no_other_date_the_report_day_stays(text):
    evs = extract_article(article(text, published="2023-07-09"))
    assert evs and all(e.date_start == "2023-07-09" for e in evs)


@pytest.mark.parametrize("text, lang, speaker", [
    ("On Monday, the Deputy Commander of Kurdish forces in the Makhmour sector, Hawar Sindi, said ISIS fighters were seen near the villages.",
     "en", "Hawar Sindi"),
    ("وكانت قوات سوريا الديمقراطية، نفت الخميس هزيمة تنظيم داعش بالكامل في بلدة الباغوز.", "ar", "Syrian Democratic Forces"),
    ('"We will not allow the group to return," said the Iraqi Ministry of Defence on Sunday.', "en", "Iraqi Ministry of Defence"),
])
def test_the_speaker_of_a_statement_not_what_it_is_about(text, lang, speaker):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    st = one(evs, lambda e: e.event_type == "statement", "the statement")
    assert st.actor1 == speaker
    assert "Islamic State" not in st.actors  # named in what was said, not saying it


def test_a_denial_is_not_placed_where_the_denied_happening_is():
    text = "وكانت قوات سوريا الديمقراطية، نفت الخميس هزيمة تنظيم داعش بالكامل في بلدة الباغوز."
    st = one(extract_article(article(text, published="2024-08-01")), lambda e: e.event_type == "statement", "the denial")
    assert st.place_name is None


@pytest.mark.parametrize("text, lang, parties, reporter", [
    ("أفاد جهاز مكافحة الإرهاب في إقليم كردستان بأن غارة بطائرة مسيرة شنتها تركيا أمس قرب زاخو أدت إلى مقتل ثلاثة من مقاتلي حزب العمال الكردستاني.",
     "ar", {"Turkey", "Kurdistan Workers' Party"}, "Kurdistan Region"),
    ("A roadside bomb killed two soldiers near Tikrit on Monday, a source from the Iraqi security forces told reporters.",
     "en", set(), "Iraqi security forces"),
    ("Iraq's Director General for Border Security, Karim Hadi, said two smugglers had been arrested near Rutba on Tuesday.",
     "en", set(), "Karim Hadi"),
])
def test_who_reports_a_happening_is_not_a_party_to_it(text, lang, parties, reporter):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    ev = one(evs, lambda e: e.event_type in ("airstrike", "bombing", "arrest"), "the happening")
    assert parties <= set(ev.actors) and reporter not in ev.actors


@pytest.mark.parametrize("text, lang, outsider", [
    ("وفي عام 2023 وحده، تبنى تنظيم داعش نحو 150 هجوما في العراق، فيما قدرت بعثة الأمم المتحدة العدد بنحو 200.", "ar", "United Nations"),
    ("ISIS claimed 150 attacks in Iraq in 2023, while the United Nations put the number at 200.", "en", "United Nations"),
])
def test_a_clause_of_its_own_does_not_lend_its_actors(text, lang, outsider):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    assert evs and all(outsider not in e.actors for e in evs if e.event_type in ("attack", "claim"))


@pytest.mark.parametrize("text, lang, start, end", [
    ("وفي شهر أيار الماضي، غادرت الدفعة الخامسة منذ بداية العام مخيم الهول وعلى متنها 150 عائلة.", "ar", "2024-05-01", "2024-05-31"),
    ("In May, the fifth convoy since January left al-Hol camp carrying 150 families.", "en", "2024-05-01", "2024-05-31"),
])
def test_a_leading_date_wins_over_a_since_frame(text, lang, start, end):
    # «منذ بداية العام» / "since January" frames a count; the happening is dated by the lead
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    ev = one(evs, lambda e: e.event_type == "displacement", "the convoy")
    assert (ev.date_start, ev.date_end) == (start, end)


@pytest.mark.parametrize("text, lang, territory", [
    ("On Monday, ISIS cells staged bombings in villages under SDF control east of the Euphrates.", "en", "Syrian Democratic Forces"),
    ("ونفذت خلايا داعش تفجيرا بعبوة ناسفة في المناطق الخاضعة لسيطرة قوات سوريا الديمقراطية أمس.", "ar", "Syrian Democratic Forces"),
])
def test_an_actor_naming_a_territory_is_not_a_party(text, lang, territory):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    ev = one(evs, lambda e: e.event_type == "bombing", "the bombing")
    assert "Islamic State" in ev.actors and territory not in ev.actors


@pytest.mark.parametrize("text, lang", [
    ("تبنى تنظيم داعش طعنا بسكين وقع الجمعة في مدينة هامبورغ في شمال ألمانيا.", "ar"),
    ("ISIS claimed a knife attack on Friday in the port city of Hamburg in northern Germany.", "en"),
])
def test_a_country_after_a_direction_is_a_place(text, lang):
    evs = extract_article(article(text, published="2024-08-25", language=lang))
    assert evs and all("Germany" not in e.actors for e in evs)


@pytest.mark.parametrize("text, lang, actor1, actor2, words", [
    ("A 17-year-old IS supporter arrested in Austria had planned to attack a festival in Graz.", "en",
     None, "Islamic State", "Islamic State members arrested"),
    # the police of the story's country arrest
    ("Police arrested two ISIS suspects in Vienna on Wednesday.", "en", "Austrian police", "Islamic State", "arrested 2 Islamic State members"),
    ("ألقت الشرطة القبض على خمسة عناصر من داعش في الموصل أمس.", "ar", "Iraqi police", "Islamic State", "arrested 5 Islamic State members"),
])
def test_who_is_arrested_is_not_the_arrester(text, lang, actor1, actor2, words):
    evs = extract_article(article(text, published="2024-08-08", language=lang))
    ev = one(evs, lambda e: e.event_type == "arrest", "the arrest")
    assert (ev.actor1, ev.actor2) == (actor1, actor2)
    assert words in ev.headline


@pytest.mark.parametrize("text, types", [
    ("أعلنت قيادة العمليات المشتركة اليوم استنفار قواتها في محافظة كربلاء.", ["deployment"]),
    ("أعلن وزير الداخلية اليوم أن الخطة الأمنية في كربلاء ستنطلق الأسبوع المقبل.", ["deployment", "statement"]),
])
def test_announcing_a_deployment_under_way_is_the_deployment(text, types):
    evs = extract_article(article(text, published="2024-08-01"))
    assert sorted(e.event_type for e in evs) == types


@pytest.mark.parametrize("text, lang, claim_date", [
    # the date after the claimed attack is the attack's, not the claim's
    ("تبنى تنظيم داعش الهجوم المسلح على كنيسة في إسطنبول صباح الأحد.", "ar", None),
    ("ISIS claimed responsibility for the attack on a church in Istanbul on Sunday.", "en", None),
    # a date before it is the claim's own
    ("تبنى تنظيم داعش السبت هجوما وقع الجمعة في مدينة هامبورغ.", "ar", "2024-08-24"),
])
def test_a_claim_is_not_dated_by_the_attack_it_claims(text, lang, claim_date):
    evs = extract_article(article(text, published="2024-08-25", language=lang))
    claim = one(evs, lambda e: e.event_type == "claim", "the claim")
    assert claim.date_start == claim_date


@pytest.mark.parametrize("text, lang, expected", [
    ("هاجم مسلحون مجهولون حاجزا للشرطة في كركوك أمس ثم لاذوا بالفرار.", "ar", "attack"),
    ("Gunmen opened fire on a checkpoint in Kirkuk on Monday and escaped.", "en", "attack"),
    ("Clashes broke out between the SDF and Turkish-backed factions near Manbij on Monday.", "en", "armed_clash"),
    ("فر عشرات السجناء من سجن في الحسكة أمس.", "ar", "prison_break"),
    ("Dozens of inmates escaped from a prison in Hasakah on Monday.", "en", "prison_break"),
])
def test_an_escape_is_a_prison_break_only_about_a_prison(text, lang, expected):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    assert [e.event_type for e in evs] == [expected]


def test_the_sides_of_a_clash():
    text = "أعلنت قوات سوريا الديمقراطية مقتل خمسة من عناصر داعش في اشتباكات بريف دير الزور أمس."
    ev = one(extract_article(article(text, published="2024-08-01")), lambda e: e.event_type == "armed_clash", "the clash")
    assert (ev.actor1, ev.actor2) == ("Syrian Democratic Forces", "Islamic State")


@pytest.mark.parametrize("text, expected", [
    ("خرجت مسيرة حاشدة في مدينة السويداء أمس للمطالبة بالإفراج عن المعتقلين.", ["protest"]),
    ("شارك المئات في مسيرة سلمية وسط بغداد أمس.", ["protest"]),
    ("تلقى الاقتصاد العراقي ضربة قوية بعد انخفاض أسعار النفط أمس.", []),
    ("استهدفت مسيرة تركية سيارة في ريف القامشلي أمس.", ["airstrike"]),
    ("أسقطت الدفاعات الجوية مسيرة قرب أربيل أمس.", ["airstrike"]),
])
def test_a_march_or_a_blow_is_not_a_drone_strike(text, expected):
    assert [e.event_type for e in extract_article(article(text, published="2024-08-01"))] == expected


def test_the_nationality_of_the_drone_is_its_user():
    ev = one(extract_article(article("قتل شخصان بضربة مسيرة تركية قرب السليمانية أمس.", published="2024-08-01")),
             lambda e: e.event_type == "airstrike", "the strike")
    assert ev.actor1 == "Turkey" and ev.headline.startswith("Turkey airstrike")


@pytest.mark.parametrize("text, expected", [
    ("وصل الوزير إلى الموصل فجر اليوم.", []),  # dawn, not a blast
    ("فجر انتحاري نفسه في سوق ببغداد أمس.", ["bombing"]),
    ("حذرت وزارة الصحة من انتشار فيروس كورونا في بغداد أمس.", []),  # a spreading virus
    ("انتشرت قوات الجيش في شوارع كركوك أمس.", ["deployment"]),
    ("قال رئيس التحرير في بغداد أمس إن الصحيفة ستصدر غدا.", []),  # the editor, not a liberation
    ("التقى المحافظ أسر الضحايا في كركوك أمس.", ["meeting"]),  # families, not captives
])
def test_everyday_words_that_look_like_triggers(text, expected):
    assert sorted(e.event_type for e in extract_article(article(text, published="2024-08-01"))) == expected


@pytest.mark.parametrize("text, expected", [
    ("Teachers' strikes continued in Baghdad on Monday.", []),
    ("An earthquake struck eastern Turkey on Monday.", []),
    ("Iraq struck a deal with Turkey in Ankara on Monday.", []),
    ("US strikes hit Iran-backed militia positions in Syria on Friday.", ["airstrike"]),
    ("Warplanes on Friday struck depots near Deir ez-Zor.", ["airstrike"]),
])
def test_strikes_that_are_not_air_strikes(text, expected):
    assert [e.event_type for e in extract_article(article(text, published="2024-08-01", language="en"))] == expected


@pytest.mark.parametrize("text, expected", [
    ("Food prices rocketed in Baghdad on Monday.", []),
    ("The opposition blasted the government decision in Baghdad on Monday.", []),
    ("The farmers bought a plot of land near Mosul on Monday.", []),
    ("The plan was executed smoothly in Erbil on Monday.", []),
    ("Their demands were met by the government in Baghdad on Monday.", []),
    ("Oil stocks rally in Dubai on Monday.", []),
    ("ISIS executed five civilians in Raqqa on Monday.", ["attack"]),
    ("Thousands rallied in Baghdad on Friday.", ["protest"]),
    ("The Iraqi prime minister met the Turkish president in Ankara on Monday.", ["meeting"]),
])
def test_english_words_with_an_everyday_sense(text, expected):
    assert [e.event_type for e in extract_article(article(text, published="2024-08-01", language="en"))] == expected


@pytest.mark.parametrize("text, expected", [
    ("هاجم مسلحون حاجزا للشرطة في كركوك أمس واستقبل مستشفى المدينة خمسة جرحى.", ["attack"]),  # a hospital receiving
    ("استقبل رئيس الوزراء العراقي وزير الخارجية التركي في بغداد أمس.", ["meeting"]),
    ("تخوض الأحزاب معركة انتخابية في بغداد.", []),  # an electoral battle
    ("أبرم العراق صفقة منظومة صواريخ مع فرنسا في باريس أمس.", []),  # missiles bought
    ("سقطت ثلاثة صواريخ على قاعدة عين الأسد أمس.", ["attack"]),
    ("اندلعت معارك عنيفة بين قسد وداعش في ريف دير الزور أمس.", ["armed_clash"]),
])
def test_arabic_words_with_an_everyday_sense(text, expected):
    assert [e.event_type for e in extract_article(article(text, published="2024-08-01"))] == expected


@pytest.mark.parametrize("text, lang, victim", [
    ("وأوضح البيان أن شاحنة تابعة لحزب العمال الكردستاني تعرضت لهجوم بطائرة مسيرة قرب بلدة زاخو أمس.", "ar",
     "Kurdistan Workers' Party"),
    ("قتل جنديان من الجيش العراقي بهجوم في كركوك أمس.", "ar", "Iraqi Army"),
    ("Last month, several senior SDF commanders were killed in drone strikes outside Kobani.", "en", "Syrian Democratic Forces"),
])
def test_who_is_hit_is_not_the_attacker(text, lang, victim):
    evs = extract_article(article(text, published="2024-08-01", language=lang))
    ev = one(evs, lambda e: e.event_type in ("attack", "airstrike"), "the strike")
    assert ev.actor1 != victim and ev.actor2 == victim


def test_a_merged_event_never_names_one_actor_on_both_sides():
    text = ("Two soldiers were killed in an ISIS attack in Dibis on Tuesday.\n"
            "The attack on the army post was carried out by ISIS, officials said.")
    for e in extract_article(article(text, published="2024-08-01", language="en")):
        assert e.actor1 is None or e.actor1 != e.actor2


@pytest.mark.parametrize("text, lang, dates", [
    ("وأعلن وزير الداخلية صباح اليوم الاثنين اعتقال المتهم الثاني بعد اعتقال المتهم الأول مساء أمس في إسطنبول.", "ar",
     ["2024-01-28", "2024-01-29"]),
    # one date for the clause: one happening
    ("اعتقلت الشرطة صباح اليوم خمسة مطلوبين وأكدت أن اعتقال المطلوبين جرى في بغداد.", "ar", ["2024-01-29"]),
])
def test_a_second_trigger_with_a_date_of_its_own_is_another_happening(text, lang, dates):
    evs = extract_article(article(text, published="2024-01-29", language=lang))
    assert sorted(e.date_start for e in evs if e.event_type == "arrest") == dates
