"""The articles lexicon (data/lexicons/articles.yaml): well-formed, every section read, the one the
readers use (a lexicon passed in is the one used)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from events.readers import READERS
from events.readers.common import _FileError, language_of, parse_published
from events.readers.html import parse_html
from events.readers.lexicon import LEXICON, SECTIONS, load_article_words
from events.readers.records import parse_csv, parse_json
from events.readers.text import parse_text
from geo.errors import LexiconError
from lexicon_usage import edited_copy, sections_without_effect, undocumented_sections

# Real-shaped article files, written for these tests; each comment names the sections it needs.
TEXT_PROBES = [
    # meta_keys (header format, English keys), language_names
    "انفجار عبوة ناسفة قرب سوق شعبي\npublished: 2024-05-12\nsource: وكالة الأنباء\nlanguage: Arabic\n\n"
    "Unknown gunmen detonated a roadside bomb near a crowded market on Sunday, wounding three civilians.\n",
    # meta_keys (Arabic keys in the body), boilerplate, boilerplate_exact, read_also
    "اعتقال خلية مسلحة في المدينة\nتاريخ النشر: 2024-06-03\n\n"
    "أعلنت الشرطة اعتقال أربعة أشخاص يشتبه بانتمائهم إلى خلية مسلحة.\n"
    "تابعونا على تطبيق الأخبار\nإعلان\n"
    "وأضاف البيان أن التحقيقات مستمرة لكشف بقية أفراد الخلية.\n"
    "اقرأ أيضا: مقتل جنديين في هجوم على حاجز\n\nالمصدر: وكالة المدينة\n",
    # not_outlets: «عاجل |» opens the body, it is not the outlet
    "سقوط قذيفة على حي سكني\n\nعاجل | سقطت قذيفة هاون على حي سكني مساء السبت دون وقوع إصابات.\n",
    # an outlet credit that is one, and a «read also» block that starts another article
    "مقتل مسلحين في اشتباك\n\nالمرصد اليومي | قتل مسلحان في اشتباك مع قوة أمنية فجر الاثنين.\n"
    "كلمات دلالية: اشتباك، أمن\nإقرأ أيضاً\n\nإغلاق معبر حدودي بعد هجوم\n\n"
    "وكالة الحدود | أغلقت السلطات المعبر الحدودي بعد هجوم استهدف نقطة تفتيش.\n",
    # English scraped text: boilerplate openings in English
    "Two soldiers killed in ambush\nSource: Example Wire\n\n"
    "Two soldiers were killed when gunmen ambushed a patrol on Friday.\nFollow us on social media\n"
    "Advertisement\nRead more: Police arrest three after market blast\n",
]
PUBLISHED_PROBES = ["غير معروف", "unknown (2024-03-01 inferred)", "مجهول", "n/a", "null", "-", "2024-04-26", "kind of soon"]
LANGUAGE_PROBES = [("Arabic", "Troops entered the town.", "Troops entered the town at dawn."),
                   ("English", "دخلت القوات البلدة", "دخلت القوات البلدة فجرا."),
                   ("en-GB", "دخلت القوات البلدة", "دخلت القوات البلدة فجرا."),
                   ("other", "دخلت القوات", "دخلت القوات البلدة.")]


def _articles(parse, text: str, lx) -> list:
    try:
        got, errors = parse(text, "probe", lexicon=lx)
    except _FileError as exc:
        return [exc.message]
    return [a.to_dict() for a in got] + [str(e) for e in errors]


def _readings(path: Path) -> list:
    lx = load_article_words(path)
    return ([_articles(parse_text, t, lx) for t in TEXT_PROBES]
            + [parse_published(v, lx) for v in PUBLISHED_PROBES]
            + [language_of(g, title, text, lx) for g, title, text in LANGUAGE_PROBES])


def test_every_section_of_articles_yaml_is_read(tmp_path: Path):
    assert sections_without_effect(LEXICON, _readings, tmp_path) == []


def test_the_bundled_sections_are_the_ones_the_code_reads():
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    assert list(data) == list(SECTIONS)


def test_every_section_is_documented_above_it():
    assert undocumented_sections(LEXICON) == []


def _copy(tmp_path: Path, edit) -> Path:
    return edited_copy(LEXICON, tmp_path, edit)


PROMPT_TEXT = "عودة التيار الكهربائي إلى الأحياء\n\nعادت الكهرباء إلى معظم الأحياء بعد إصلاح المحطة.\nحمّلوا تطبيقنا المجاني\n"


def test_a_lexicon_passed_in_is_the_one_used(tmp_path: Path):
    """An analyst adds a scraper prompt to a copy of the lexicon: that copy drops the line, the
    bundled lexicon keeps it."""
    lx = load_article_words(_copy(tmp_path, lambda d: d["boilerplate"].append("حملوا تطبيقنا")))
    kept, _ = parse_text(PROMPT_TEXT, "p.txt")
    dropped, _ = parse_text(PROMPT_TEXT, "p.txt", lexicon=lx)
    assert "تطبيقنا" in kept[0].text and "تطبيقنا" not in dropped[0].text
    assert dropped[0].text.startswith("عادت الكهرباء")


@pytest.mark.parametrize("parse, text", [
    (parse_json, '{"title": "t", "published": "lost date", "text": "Troops entered the town."}'),
    (parse_csv, "title,published,text\nt,lost date,Troops entered the town.\n"),
    (parse_html, "<html><head><meta name='date' content='lost date'></head><body><p>Troops entered the town.</p></body></html>"),
])
def test_every_reader_takes_the_lexicon_passed_in(tmp_path: Path, parse, text):
    """A copy of the lexicon that says "lost date" is an unknown date: each reader reads with it."""
    lx = load_article_words(_copy(tmp_path, lambda d: d["unknown_dates"].append("lost date")))
    assert parse(text, "p")[1] and "lost date" in parse(text, "p")[1][0]
    got, errors = parse(text, "p", lexicon=lx)
    assert errors == [] and got[0].published is None


def test_every_suffix_has_a_reader_taking_a_lexicon():
    for suffix, parse in READERS.items():
        assert "lexicon" in parse.__code__.co_varnames, suffix


def test_an_unknown_section_is_refused(tmp_path: Path):
    with pytest.raises(LexiconError, match="spare_words"):
        load_article_words(_copy(tmp_path, lambda d: d.update(spare_words=["whatever"])))


@pytest.mark.parametrize("edit, where", [
    (lambda d: d.pop("read_also"), "read_also"),
    (lambda d: d.update(not_outlets=[True, "video"]), "not_outlets"),  # an unquoted on/yes is a boolean
    (lambda d: d["meta_keys"].update(byline=["by"]), "meta_keys"),
    (lambda d: d["language_names"].update(fr=["french"]), "language_names"),
    (lambda d: d["meta_keys"].update(source="المصدر"), "meta_keys.source"),
])
def test_a_malformed_section_is_named(tmp_path: Path, edit, where):
    with pytest.raises(LexiconError, match=re.escape(where)):
        load_article_words(_copy(tmp_path, edit))


@pytest.mark.parametrize("line, dropped", [
    ("تابعونا على منصات التواصل", True),
    ("إعلان", True),
    ("Share", True),
    ("تابعت القوات ملاحقة المسلحين حتى الفجر.", False),  # «تابع…» that is news
    ("اشترك عشرات المسلحين في الهجوم على الحاجز.", False),  # «اشترك في…» that is news
])
def test_boilerplate_lines_and_news_lines(line, dropped):
    text = f"عنوان الخبر\n\nسقطت قذيفة على حي سكني مساء السبت.\n{line}\n"
    got, _ = parse_text(text, "p.txt")
    assert (line not in got[0].text) is dropped
