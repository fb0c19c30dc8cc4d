"""Event types: triggers in Arabic and English, cancellation by negation/hypothesis/habit, ACLED mapping."""

from __future__ import annotations

import pytest
import yaml

from events.schema import ACLED_MAPPING, EVENT_TYPES
from events.types import LEXICON, LexiconError, _check, acled_of, find_triggers, load_lexicon, sentence_types


def types_of(text):
    return [t.event_type for t in sentence_types(text)]


@pytest.mark.parametrize("text, expected", [
    ("ألقت القوات القبض على خمسة مطلوبين في المدينة", "arrest"),
    ("أعلنت الشرطة اعتقال ثلاثة مشتبه بهم", "arrest"),
    ("تم توقيف شخصين بتهمة الإرهاب", "arrest"),
    ("Police arrested two suspects on Wednesday", "arrest"),
    ("شن مسلحون هجوما على حاجز للجيش", "attack"),
    ("فتح مسلح النار على المصلين داخل الكنيسة", "attack"),
    ("استهدف مسلحون دورية للشرطة", "attack"),
    ("Gunmen opened fire on worshippers", "attack"),
    ("شنت طائرة مسيرة غارة على سيارة قرب المدينة", "airstrike"),
    ("نفذ الطيران ضربات جوية على مواقع التنظيم", "airstrike"),
    ("A drone strike killed three fighters", "airstrike"),
    ("انفجرت عبوة ناسفة بدورية عسكرية", "bombing"),
    ("أدى تفجير سيارة مفخخة إلى مقتل خمسة", "bombing"),
    ("A car bomb exploded near the market", "bombing"),
    ("اندلعت اشتباكات عنيفة بين الطرفين", "armed_clash"),
    ("Heavy fighting broke out between the two sides", "armed_clash"),
    ("فرّ عشرات السجناء من السجن المركزي", "prison_break"),
    ("Dozens of inmates escaped from the prison", "prison_break"),
    ("عقد وزراء الخارجية اجتماعا في العاصمة", "meeting"),
    ("The ministers held talks in Amman", "meeting"),
    ("خرجت مظاهرة احتجاجية في الساحة", "protest"),
    ("Hundreds protested in the square", "protest"),
    ("تواصل نزوح العائلات من القرى", "displacement"),
    ("تبنى تنظيم داعش الهجوم", "claim"),
    ("Islamic State claimed responsibility for the attack", "claim"),
    ("أرسلت الوزارة تعزيزات عسكرية إلى الحدود", "deployment"),
    ("The Pentagon deployed 300 troops", "deployment"),
    ("حذرت الأمم المتحدة من تدهور الأوضاع", "statement"),
    ("اندلع تبادل لإطلاق النار بين الجيش ومسلحين", "armed_clash"),  # not an attack: both sides fire
    ("اختطف مسلحون ثلاثة مدنيين على الطريق", "attack"),
    ("Gunmen kidnapped two aid workers", "attack"),
    ("خرج المتظاهرون إلى الساحة الرئيسية", "protest"),
])
def test_triggers(text, expected):
    assert expected in types_of(text)


@pytest.mark.parametrize("text", [
    "يقضي الناس أوقاتهم في الحديقة",
    "The weather was pleasant and the market busy.",
    "",
    "١٢٣٤ ٥٦٧٨",
])
def test_no_trigger_no_event(text):
    assert types_of(text) == []


@pytest.mark.parametrize("text, cancelled", [
    ("المخاوف من احتمالية وقوع هجمات منظمة", "attack"),
    ("The group could attack the camp", "attack"),
    ("لم يتم اعتقال أي شخص", "arrest"),
    ("خوفا من هجمات جديدة", "attack"),
    ("وتشن الفصائل بشكل دوري هجمات على القرى", "attack"),
    ("Officials fear an attack on the convoy", "attack"),
])
def test_hypothetical_negated_or_habitual_is_not_an_event(text, cancelled):
    assert cancelled not in types_of(text)
    assert any(t.event_type == cancelled and t.cancelled for t in find_triggers(text))


def test_casualty_negation_does_not_cancel_the_attack():
    assert "attack" in types_of("استهدف هجوم صاروخي القاعدة ولم يسفر عن إصابات")


def test_still_is_not_a_negation():
    assert "deployment" in types_of("لا يزال الوجود العسكري الأمريكي قائما في سوريا")


def test_a_feared_attack_compared_with_one_that_happened_is_reported():
    text = "وحذر مسؤولون من احتمالية وقوع هجمات مثلما التي حدثت في موسكو قبل شهر"
    trigs = sentence_types(text)
    attack = [t for t in trigs if t.event_type == "attack"]
    assert attack and attack[0].echo and attack[0].start >= text.index("مثلما")


def test_foiled_plot_is_planned():
    trig = [t for t in find_triggers("أحبطت الشرطة مخططا لاستهداف الأسواق") if t.event_type == "attack"]
    assert trig and trig[0].planned


@pytest.mark.parametrize("text, kept, gone", [
    ("أعلنت الشرطة في بيان اعتقال ثلاثة مطلوبين", "arrest", "statement"),  # routine announcement folds in
    ("نفذت طائرات ضربات جوية استهدفت مواقع التنظيم", "airstrike", "attack"),
])
def test_absorbed_types(text, kept, gone):
    got = types_of(text)
    assert kept in got and gone not in got


def test_lexicon_covers_every_type_with_both_languages_and_acled():
    with open(LEXICON, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    _check(data, LEXICON)
    for t in EVENT_TYPES:
        spec = data["types"][t]
        words = list(spec.get("ar", [])) + list(spec.get("en", [])) + [w for ws in (spec.get("labels") or {}).values() for w in ws]
        assert any(not w.isascii() for w in words) and any(w.isascii() for w in words), t
        assert tuple(spec["acled"]) == ACLED_MAPPING[t], f"{t}: lexicon and schema disagree on ACLED"
        assert acled_of(t) == ACLED_MAPPING[t]


def test_malformed_lexicon_is_reported(tmp_path):
    with pytest.raises(LexiconError, match="skirmish"):
        _check({"types": {"skirmish": {"ar": ["اشتباك"], "acled": ["Battles", "Armed clash"]}}}, tmp_path / "x.yaml")
    with pytest.raises(LexiconError, match="acled"):
        _check({"types": {"attack": {"ar": ["هجوم"]}}}, tmp_path / "x.yaml")


@pytest.mark.parametrize("text, present, absent", [
    # a denial is a statement; the outcome it denies is not reported
    ("ونفت الوزارة الثلاثاء (4 أيار) هزيمة الفصائل بالكامل", "statement", "other"),
    # a press conference is where a statement is made, not a meeting
    ("said at a news conference in the capital", "statement", "meeting"),
    ("وصرح المحافظ في مؤتمر صحفي أمس", "statement", "meeting"),
])
def test_statements(text, present, absent):
    got = types_of(text)
    assert present in got and absent not in got


def test_contextual_triggers_need_their_context_words(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("types:\n  prison_break:\n    acled: [Strategic developments, Other]\n    ar: [فرار السجناء]\n"
                   "    contextual: [فر]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="context"):
        load_lexicon(str(bad))
