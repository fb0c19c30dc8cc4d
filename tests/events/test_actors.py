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
    ("أعلنت قيادة العمليات المشتركة", ["Iraqi Joint Operations Command"]),
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
    "Let the talks begin, said the mayor, and let us see",
    "the au pair arrived",
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
    ("U.S. and French troops left the base", ["United States", "France"]),
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
    # an Arabic name is reported in Latin letters; the mention keeps the words of the text
    ("وقال وزير الداخلية العراقي سامي الحداد إن الخطة جاهزة", "Sami al-Hadad"),
])
def test_title_and_name(text, person):
    assert person in names(text)
    assert all(m.text in text for m in find_actors(text))


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
    ({"name": "X", "type": "militia", "country": "SY", "roles": ["marines"], "aliases_en": ["X"]}, "roles"),
    ({"name": "X", "type": "militia", "roles": ["army"], "aliases_en": ["X"]}, "roles need the actor's country"),
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


@pytest.mark.parametrize("text, expected", [
    # a force or authority with a nationality, for any country
    ("أعلنت الشرطة النيجيرية اعتقال خمسة مشتبه بهم", ["Nigerian police"]),
    ("قالت قوات الأمن الصومالية إنها قتلت عشرة مسلحين", ["Somali security forces"]),
    ("داهمت الشرطة الكينية منزلا في مومباسا", ["Kenyan police"]),
    ("أكدت وزارة الداخلية التشادية مقتل جنديين", ["Chadian Ministry of Interior"]),
    ("اعتقلت السلطات الموريتانية ثلاثة أشخاص", ["Mauritanian government"]),
    ("Kenyan police arrested two suspects in Garissa", ["Kenyan police"]),
    ("Chadian soldiers repelled the attack", ["Chadian Army"]),
    ("Nigerien security forces were ambushed", ["Nigerien security forces"]),
    ("Guinean special forces seized the palace", ["Guinean Army"]),            # a modifier between
    # the country's own army when the lexicon names it; a construct with the country name
    ("قصف الجيش السوداني مواقع في الخرطوم", ["Sudanese Armed Forces"]),
    ("اشتبك جيش مالي مع مسلحين", ["Malian Armed Forces"]),
    ("Nigeria's army said it killed 20 militants", ["Nigerian Army"]),
    ("South Sudan's army said", ["South Sudan People's Defence Forces"]),
    ("Pakistan Army troops cordoned off the area", ["Pakistan Army"]),
    ("الجيش الوطني الصومالي يستعيد بلدة", ["Somali National Army"]),
    # a state with an actor of its own: military roles are that state
    ("نفذت طائرات تركية غارات", ["Turkey"]),
    ("قالت الشرطة التركية", ["Turkish police"]),
    # a nationality adjective on a thing names nobody
    ("أغلقت الحدود السعودية أمام الشاحنات", []),
    ("ارتفعت صادرات النفط العراقي", []),
    ("Iraqi oil exports rose", []),
    ("the Somali coast", []),
    ("قال وزير الخارجية إن الحكومة المالية ستدعم البنوك", ["Malian government"]),
])
def test_state_roles_of_every_country(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, country, expected", [
    ("أعلنت الشرطة اعتقال أربعة أشخاص", "KE", ["Kenyan police"]),
    ("The army said 12 militants were killed", "NG", ["Nigerian Army"]),
    ("وقال الجيش الوطني إنه صد هجوما", "SY", ["Syrian National Army"]),
    ("وقال الجيش الوطني إنه صد هجوما", "DZ", ["Algerian People's National Army"]),
    ("The SNA said it repelled an attack", "SO", ["Somali National Army"]),   # an acronym of two actors
    ("The SNA said it repelled an attack", "SY", ["Syrian National Army"]),
    ("هاجم مقاتلو الشباب قاعدة عسكرية", "SO", ["Al-Shabaab"]),
    ("هاجم مقاتلو الشباب قاعدة عسكرية", "EG", []),                            # «الشباب»: the youth
    ("أعلنت الشرطة اعتقال أربعة أشخاص", None, []),                          # no country, nobody
])
def test_role_words_alone_and_acronyms_take_the_article_country(text, country, expected):
    assert names(text, country=country) == expected


@pytest.mark.parametrize("text, expected", [
    ("United Kingdom Maritime Trade Operations said a vessel was hit", ["United Kingdom Maritime Trade Operations"]),
    ("the United Kingdom Hydrographic Office said", []),                     # a body named after the country
    ("the United Kingdom said it would send ships", ["United Kingdom"]),
    ("أفادت هيئة عمليات التجارة البحرية البريطانية بأن سفينة أصيبت", ["United Kingdom Maritime Trade Operations"]),
])
def test_an_organisation_name_is_not_its_parts(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("اشتبكت قوات الدعم السريع مع الجيش السوداني", ["Rapid Support Forces", "Sudanese Armed Forces"]),
    ("RSF fighters shelled El Fasher", ["Rapid Support Forces"]),
    ("هاجمت جماعة نصرة الإسلام والمسلمين موقعا للجيش البوركيني", ["Jama'at Nusrat al-Islam wal-Muslimin", "Burkina Faso Armed Forces"]),
    ("ISWAP fighters overran a base in Borno", ["Islamic State West Africa Province"]),
    ("تبنى تنظيم ولاية خراسان التفجير", ["Islamic State Khorasan Province"]),
    ("The TTP claimed the attack, not the Taliban", ["Tehreek-e-Taliban Pakistan", "Taliban"]),
    ("أعلن جيش تحرير بلوشستان مسؤوليته", ["Balochistan Liberation Army"]),
    ("M23 rebels advanced towards Goma", ["M23"]),
    ("قال الجيش الوطني الليبي إن", ["Libyan National Army"]),
    ("قصف الجيش الإسرائيلي بلدة في الجنوب", ["Israel Defense Forces"]),
    ("Fano militiamen clashed with the Ethiopian army", ["Fano", "Ethiopian National Defense Force"]),
    ("أعلن الحوثيون استهداف سفينة", ["Houthis"]),
    ("Wagner and Africa Corps fighters", ["Wagner Group", "Africa Corps"]),
    ("Allied Democratic Forces rebels killed villagers", ["Allied Democratic Forces"]),
])
def test_main_armed_actors_of_the_world(text, expected):
    assert names(text) == expected
