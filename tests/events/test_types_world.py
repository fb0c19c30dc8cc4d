"""The vocabulary of the world's conflicts by class, and the trigger words that are not
happenings (names, idioms, figurative uses, modifiers): events/types.py and event_types.yaml."""

from __future__ import annotations

import pytest
import yaml

from events.types import LEXICON, LexiconError, _check, load_lexicon, sentence_types


def types_of(text):
    return [t.event_type for t in sentence_types(text)]


@pytest.mark.parametrize("text, expected", [
    # takeover and recapture
    ("سيطرت قوات الدعم السريع على مدينة الجنينة بعد معارك عنيفة", "armed_clash"),
    ("أعلن الجيش أنه استعاد السيطرة على بلدة في ولاية الجزيرة", "armed_clash"),
    ("استعادت القوات الحكومية مطار المدينة من المسلحين", "armed_clash"),
    ("Rebels took control of the main road to the capital", "armed_clash"),
    ("Government troops recaptured the town from al-Shabaab fighters", "armed_clash"),
    ("Jihadists captured the town of Djibo after a week of fighting", "armed_clash"),
    # incursion, advance, siege
    ("توغلت قوات إسرائيلية في بلدة جنوبي البلاد", "armed_clash"),
    ("The army said its troops advanced on the city from the north", "armed_clash"),
    ("Militants have besieged the town for three months", "armed_clash"),
    ("يفرض المسلحون حصارا على المدينة منذ أسابيع", "armed_clash"),
    # war and aggression as an ongoing armed clash
    ("The Houthis, who are at war with the government, attacked a ship", "armed_clash"),
    ("يتعرض القطاع لعدوان إسرائيلي منذ أكثر من عام", "armed_clash"),
    # abduction, execution
    ("Gunmen abducted twenty students from a school in the north", "attack"),
    ("اختطف مسلحون مجهولون ثلاثة عمال إغاثة على الطريق", "attack"),
    ("The militants beheaded two villagers accused of spying", "attack"),
    # ground shelling is an attack, shelling from the air an air strike
    ("قصفت المدفعية التركية قرى في ريف المدينة", "attack"),
    ("سقطت قذائف هاون على حي سكني في المدينة", "attack"),
    ("قصفت الطائرات الحربية مواقع للمسلحين في الجبال", "airstrike"),
    ("The army shelled the villages with artillery overnight", "attack"),
    ("Warplanes bombarded rebel positions near the border", "airstrike"),
    # evacuation and flight
    ("أجلت السلطات مئات العائلات من الأحياء القريبة من خط الجبهة", "displacement"),
    ("نزحت آلاف الأسر من القرى بعد الهجمات", "displacement"),
    ("Thousands were forced to flee as fighting reached the town", "displacement"),
    # pledges and vows are statements
    ("تعهد الرئيس بمحاسبة المسؤولين عن الفساد", "statement"),
    ("توعد قائد الجماعة بالرد على الحكومة", "statement"),
    ("The governor vowed to hunt down those responsible", "statement"),
    ("The group pledged allegiance to the Islamic State leader", "statement"),
])
def test_vocabulary_by_class(text, expected):
    assert expected in types_of(text)


@pytest.mark.parametrize("text, absent", [
    # a release is not an arrest
    ("أطلقت السلطات سراح عشرين معتقلا اعتقلوا خلال الاحتجاجات", "arrest"),
    ("أفرجت الشرطة عن خمسة موقوفين بعد التحقيق", "arrest"),
    ("The detainees were released on Monday after a court order", "arrest"),
    ("Authorities released 20 detainees held since the protests", "arrest"),
    # captured people are arrests, not takeovers
    ("Police captured two suspects near the market", "armed_clash"),
    ("As of Friday, 40 escaped inmates have been recaptured", "armed_clash"),
    # a fire brought under control is not a takeover
    ("تمكنت فرق الإطفاء من السيطرة على الحريق في السوق", "armed_clash"),
    # organisation names
    ("فاز حزب المؤتمر في الانتخابات البلدية", "meeting"),
    ("انتخب المؤتمر الشعبي العام رئيسا جديدا له", "meeting"),
    ("The Summit Group reported higher profits this year", "meeting"),
    # idioms and figurative uses
    ("شن الوزير هجوما إعلاميا على المعارضة", "attack"),
    ("The minister launched a verbal attack on the opposition", "attack"),
    ("He died of a heart attack at his home", "attack"),
    ("The two sides struck a deal after weeks of talks with the fighters", "airstrike"),
    ("The ambassador resigned in protest at the decision", "protest"),
    ("اندلعت حرب كلامية بين الوزيرين", "armed_clash"),
    ("يعاني البلد من حصار اقتصادي منذ سنوات", "armed_clash"),
    ("The two countries are locked in a trade war", "armed_clash"),
    ("The lawyer began a legal battle against the ministry", "armed_clash"),
    # noun modifiers: who a place or a document is for
    ("وصلت المساعدات إلى مخيم للنازحين قرب المدينة", "displacement"),
    ("زار الوفد مخيمات اللاجئين في الشمال", "displacement"),
    ("Aid reached a camp for the displaced outside the city", "displacement"),
    ("The agency runs refugee camps along the border", "displacement"),
    ("A court issued an arrest warrant for the former minister", "arrest"),
    ("أصدر القضاء مذكرة اعتقال بحق الوزير السابق", "arrest"),
    # feared, wider wars
    ("Leaders tried to stop the crisis from boiling over into a wider war in the region", "armed_clash"),
])
def test_non_events_holding_trigger_words(text, absent):
    assert absent not in types_of(text)


@pytest.mark.parametrize("text, expected", [
    # the guards do not eat real happenings
    ("Leaders met at the summit in Nairobi on Monday", "meeting"),
    ("عقد اجتماع سياسي موسع في العاصمة", "meeting"),
    ("أرسلت الوزارة تعزيزات عسكرية إلى الحدود", "deployment"),
    ("Gunmen attacked a camp for displaced people, killing six", "attack"),
    ("Police arrested two men and released them later", "arrest"),
    ("Displaced families arrived at the camp on Sunday", "displacement"),
    ("Hundreds marched in protest against the killings", "protest"),
])
def test_real_happenings_beside_the_guards(text, expected):
    assert expected in types_of(text)


def test_every_section_of_the_lexicon_is_read():
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    known = {"types", "negation", "hypothetical", "habitual", "comparison", "foiled", "release", "not_events", "place_lists",
             "headline", "purpose"}
    assert set(data) == known
    lex = load_lexicon()
    assert set(lex.not_events) == set(data["not_events"])
    assert {name for name, spec in data["types"].items() if spec.get("shift")} == set(lex.shifts)


@pytest.mark.parametrize("patch, message", [
    ({"not_events": {"name_headz": ["حزب"]}}, "unknown list 'name_headz'"),
    ({"not_events": {"idioms": "strike a deal"}}, "idioms must be a list"),
    ({"shift": [{"to": "nonsense", "triggers": ["x"], "near": ["y"]}]}, "each shift needs"),
])
def test_malformed_new_sections_are_reported(patch, message):
    data = {"types": {"attack": {"acled": ["a", "b"], "en": ["attack"]}}}
    if "shift" in patch:
        data["types"]["attack"]["shift"] = patch["shift"]
    else:
        data.update(patch)
    with pytest.raises(LexiconError, match=message):
        _check(data, LEXICON)
