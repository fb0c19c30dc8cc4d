"""Actors: aliases with clitics and spelling variants, back-references, adjectives, capitals, titles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from events.actors import ACTOR_TYPES, LEXICON, ActorLexicon, LexiconError, _load_yaml, find_actors, load_lexicon


def names(text, **kw):
    return [m.actor.name for m in find_actors(text, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("أعلنت قوات سوريا الديمقراطية اعتقال خلية", ["Syrian Democratic Forces"]),
    ("بدعم من «قسد» في المنطقة", ["Syrian Democratic Forces"]),
    ("التابعة لقوات سورية الديمقراطية", ["Syrian Democratic Forces"]),  # clitic ل, spelling سورية
    ("أحبطت قوى الأمن الداخلى عملية", ["Asayish"]),  # alef maqsura variant
    ("عناصر من تنظيم داعش الإرهابي", ["Islamic State"]),
    ("هجوم تبناه تنظيم الدولة الإسلامية", ["Islamic State"]),
    ("بقيادة التحالف الدولي ضد داعش", ["Global Coalition against Daesh"]),
    ("قالت القيادة المركزية الأميركية", ["United States"]),
    ("أعلن البنتاغون", ["United States"]),
    ("استهدف الجيش التركي مواقع حزب العمال الكردستاني", ["Turkey", "Kurdistan Workers' Party"]),
    ("فصائل الجيش الوطني السوري", ["Syrian National Army"]),
    ("الميليشيات الموالية لإيران", ["Iran-backed militias"]),
    ("أعلنت قيادة العمليات المشتركة", ["Iraqi security forces"]),
    ("قوات البيشمركة وهيئة الحشد الشعبي", ["Peshmerga", "Popular Mobilization Forces"]),
    ("هيئة تحرير الشام وحزب الله", ["Hay'at Tahrir al-Sham", "Hezbollah"]),
    ("The SDF said ISIS cells were arrested", ["Syrian Democratic Forces", "Islamic State"]),
    ("CENTCOM and the Pentagon confirmed", ["United States", "United States"]),
    ("حذرت الأمم المتحدة", ["United Nations"]),
    ("the UN Security Council met", ["United Nations"]),
])
def test_aliases(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "This is what it is",         # "is" is not the Islamic State: capitals only
    "the sdf of words",           # lower-case short names are not acronyms
    "وصل الوفد إلى المطار",
])
def test_no_false_acronyms(text):
    assert names(text) == []


def test_the_organisation_refers_back_only_after_the_group_is_named():
    assert names("ويحاول التنظيم الإرهابي استعادة صورته") == []
    assert names("ويحاول التنظيم الإرهابي استعادة صورته", known={"Islamic State"}) == ["Islamic State"]
    # named earlier in the same text
    assert names("هاجم داعش القرية ثم انسحب التنظيم") == ["Islamic State", "Islamic State"]


@pytest.mark.parametrize("text, expected", [
    ("تمكنت القوات الخاصة الأميركية من دعم الحلفاء", ["United States"]),
    ("حذر منها مسؤولون أمريكيون وفرنسيون", ["United States", "France"]),
    ("U.S. troops remain in Syria", ["United States"]),
    ("Turkish drones struck the town", ["Turkey"]),
    ("الحدود التركية مغلقة", []),  # an adjective without a force/official word is not an actor
])
def test_nationality_adjectives(text, expected):
    assert names(text) == expected


@dataclass
class FakePlace:
    start: int
    end: int
    metonymy: bool


@pytest.mark.parametrize("text, expected", [
    ("وتعزز واشنطن علاقاتها مع شركائها", ["United States"]),
    ("المدعومة من التحالف الدولي بقيادة واشنطن", ["Global Coalition against Daesh", "United States"]),
    ("عقد المؤتمر في واشنطن أمس", []),
    ("وصل الوفد إلى أنقرة", []),
    ("Washington said it would respond", ["United States"]),
])
def test_capitals_in_actor_position(text, expected):
    assert names(text) == expected


def test_metonymy_flag_of_the_place_finder_decides():
    text = "وتستضيف باريس الاجتماع"
    i = text.index("باريس")
    assert names(text, places=[FakePlace(i, i + 5, True)]) == ["France"]
    assert names(text, places=[FakePlace(i, i + 5, False)]) == []


@pytest.mark.parametrize("text, person", [
    ("Belgian Interior Minister Paul Lenaerts said the threat was real", "Paul Lenaerts"),
    ("President Joe Biden warned", "Joe Biden"),
    ("وقال وزير الداخلية العراقي سامي الحداد إن الخطة جاهزة", "سامي الحداد"),
])
def test_title_and_name(text, person):
    assert person in names(text)


def test_offsets_point_at_the_words():
    text = "وقالت قوات سوريا الديمقراطية إن داعش هاجم"
    for m in find_actors(text):
        assert text[m.start:m.end] == m.text
        assert m.text.endswith(("الديمقراطية", "داعش"))


def test_bundled_lexicon_is_well_formed_and_covers_the_region():
    data = _load_yaml(LEXICON)
    by_name = {e["name"]: e for e in data}
    for required in ("Islamic State", "Syrian Democratic Forces", "Asayish", "Global Coalition against Daesh",
                     "United States", "Russia", "Turkey", "Syrian National Army", "Iran-backed militias",
                     "Syrian government forces", "Iraqi security forces", "Popular Mobilization Forces", "Peshmerga",
                     "Kurdistan Workers' Party", "Hay'at Tahrir al-Sham", "Hezbollah", "France", "United Nations",
                     "Kurdistan Region"):
        assert required in by_name, required
    assert len({e["name"] for e in data}) == len(data), "duplicate actor names"
    for e in data:
        assert e["type"] in ACTOR_TYPES


@pytest.mark.parametrize("entry, field", [
    ({"name": "X", "type": "army", "aliases_en": ["X"]}, "type"),
    ({"name": "X", "type": "militia", "country": "Syria", "aliases_en": ["X"]}, "country"),
    ({"name": "X", "type": "militia"}, "alias"),
    ({"name": "X", "type": "militia", "aliases_ar": "قسد"}, "aliases_ar"),
])
def test_malformed_lexicon_is_reported(tmp_path, entry, field):
    p = tmp_path / "actors.yaml"
    p.write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError, match=field):
        _load_yaml(p)


def test_an_analyst_can_add_an_actor(tmp_path):
    p = tmp_path / "actors.yaml"
    p.write_text(yaml.safe_dump([{"name": "Sons of the Desert", "type": "militia", "country": "SY",
                                  "aliases_ar": ["أبناء الصحراء"], "aliases_en": []}], allow_unicode=True), encoding="utf-8")
    lex = ActorLexicon(_load_yaml(p))
    assert [m.actor.name for m in find_actors("هاجم مسلحو أبناء الصحراء القرية", lexicon=lex)] == ["Sons of the Desert"]
    assert load_lexicon().get("Sons of the Desert") is None


@pytest.mark.parametrize("text, country, expected", [
    ("أعلنت وزارة الداخلية اعتقال خلية", "IQ", ["Iraqi Ministry of Interior"]),
    ("أعلنت وزارة الداخلية اعتقال خلية", "TR", ["Turkey"]),
    ("أعلنت وزارة الداخلية اعتقال خلية", None, []),   # no country: a generic name names nobody
    ("أعلنت وزارة الداخلية العراقية اعتقال خلية", "TR", ["Iraqi Ministry of Interior"]),  # the full name wins
    ("Security forces killed two gunmen", "IQ", ["Iraqi security forces"]),
])
def test_generic_names_need_the_article_country(text, country, expected):
    assert names(text, country=country) == expected
