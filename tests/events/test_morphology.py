"""Arabic morphology in matching: inflected forms and verbal nouns match the lexicon's base words,
offsets stay on the written word, and a derived adjective is not its noun."""

from __future__ import annotations

import pytest
import yaml

from events.matcher import PhraseMatcher
from events.morphology import LEXICON, MorphologyError, bases, derived, load_morphology, prefix_ok
from geo.arabic import normalize, tokens


def found(lexicon: list[str], text: str, morphology: str | None = "full") -> list[str]:
    m = PhraseMatcher(morphology=morphology)
    for w in lexicon:
        m.add(w, w)
    return [text[x.start:x.end] for x in m.find(tokens(text), text)]


@pytest.mark.parametrize("lexicon, text, expected", [
    (["اعتقل"], "وقال إن عناصر الأمن اعتقلوهم فجر اليوم", ["اعتقلوهم"]),           # subject + pronoun
    (["اعتقل"], "وتعتقل الشرطة كل من يخالف", ["تعتقل"]),                            # imperfect prefix, clitic off
    (["اعتقل"], "سيعتقلون كل من يقترب", ["سيعتقلون"]),                            # future + imperfect + plural
    (["اعتقل"], "حملة اعتقالات واسعة في المدينة", ["اعتقالات"]),                 # verbal noun, plural
    (["تبنى"], "التنظيم تبناهما في بيان", ["تبناهما"]),                          # alef maqsura before a pronoun
    (["هاجم"], "مهاجمة مسلحين نقطة تفتيش", ["مهاجمة"]),                         # form III verbal noun
    (["هاجم"], "مسلحون يهاجمون قرية في الريف", ["يهاجمون"]),
    (["استهدف"], "استهداف رتل عسكري على الطريق", ["استهداف"]),                  # form X verbal noun
    (["غارة"], "شنت الطائرات غارات على المواقع", ["غارات"]),                     # feminine plural
    (["هجوم"], "في هجومين منفصلين", ["هجومين"]),                                 # dual
    (["هجوم"], "وأعلن مسؤوليته عن هجومها الأخير", ["هجومها"]),
    (["مسلح"], "اقتحم مسلحون القرية", ["مسلحون"]),
    (["إطلاق النار"], "إطلاقهم النار على المتظاهرين", ["إطلاقهم النار"]),        # a phrase, first word inflected
    (["قوات الأمن"], "انتشرت قوات الأمن", ["قوات الأمن"]),
])
def test_inflected_forms_match_the_base(lexicon, text, expected):
    assert found(lexicon, text) == expected


@pytest.mark.parametrize("lexicon, text", [
    (["اجتماع"], "على موقع التواصل الاجتماعي"),          # a derived adjective is not its noun
    (["اجتماع"], "الأوضاع الاجتماعية صعبة"),
    (["اجتماع*"], "شبكات التواصل الاجتماعي"),            # not through a prefix either
    (["أمن"], "الأوضاع الأمنية"),
    (["هجوم"], "خطة هجومية"),
    (["عمل"], "عمال المصنع"),                             # no ending makes عمال of عمل
    (["اعتقل"], "وصل المعتقل إلى المحكمة"),               # a prefix that is no verb prefix
    (["قتل"], "قاتل"),
    (["قبض"], "بقبضة من حديد"),                          # a grip, not an arrest
    (["أسرت"], "قتل مع أسرته"),                           # his family, not "she captured him"
    (["أوقفت"], "توقفت الاشتباكات"),                     # stopped: a perfect, not a prefix
])
def test_other_words_do_not_match(lexicon, text):
    assert found(lexicon, text) == []


def test_a_prefix_still_takes_its_inflections():
    assert found(["اجتماع*"], "عقدت اجتماعات متتالية") == ["اجتماعات"]


def test_without_morphology_only_the_written_forms_match():
    assert found(["اعتقل"], "اعتقلوهم", morphology=None) == []
    assert found(["اعتقل"], "اعتقل", morphology=None) == ["اعتقل"]


def test_names_take_number_but_not_pronouns():
    assert found(["الحوثي"], "قال الحوثيون إن", morphology="names") == ["الحوثيون"]
    assert found(["حماس"], "بكل حماسه", morphology="names") == []     # «حماسه», his zeal, is not Hamas
    assert found(["حماس"], "بكل حماسه", morphology="full") == ["حماسه"]  # why names do not take pronouns


@pytest.mark.parametrize("text, word", [
    ("وقالت المصادر إنهم اعتقلوهم", "اعتقلوهم"),
    ("والمهاجمون فرّوا", "مهاجمون"),
])
def test_offsets_cover_the_written_word_without_clitics(text, word):
    m = PhraseMatcher(morphology="full")
    m.add("اعتقل", 1)
    m.add("مهاجم", 2)
    (x,) = m.find(tokens(text), text)
    assert text[x.start:x.end].replace("ّ", "") == word


def test_verbal_nouns_come_from_the_verb_pattern():
    assert normalize("اعتقال") in derived(normalize("اعتقل"))
    assert normalize("انفجار") in derived(normalize("انفجر"))
    assert normalize("إطلاق") in derived(normalize("أطلق"))
    assert normalize("تفجير") in derived(normalize("فجر"))
    assert derived(normalize("الهجوم")) == ()          # a definite noun is no verb


def test_bases_and_prefixes():
    assert "اعتقل" in bases(normalize("اعتقلوهم"))
    assert normalize("تبنى") in bases(normalize("تبناهما"))
    assert not prefix_ok("اجتماع", "اجتماعي") and prefix_ok("اجتماع", "اجتماعات")


def test_bundled_table_is_well_formed_and_every_section_is_read():
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    m = load_morphology()
    for section in data:
        assert hasattr(m, section), f"morphology.yaml section {section} is not read"


@pytest.mark.parametrize("change, field", [
    ({"pronouns": "ه"}, "pronouns"),
    ({"derivations": ["افتعل"]}, "derivations"),
    ({"min_stem": 1}, "min_stem"),
])
def test_malformed_table_is_reported(tmp_path, change, field):
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    data.update(change)
    p = tmp_path / "morphology.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MorphologyError, match=field):
        load_morphology(str(p))
