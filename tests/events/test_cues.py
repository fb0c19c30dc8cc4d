"""The cues lexicon (data/lexicons/cues.yaml): well-formed, read in full, the one extraction uses."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from events.extract import extract_article
from events.extract.cues import LEXICON, SPEECH_USES, cues, likeness, load_cues
from events.schema import Article
from geo.errors import LexiconError
from lexicon_usage import undocumented_sections

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_lexicon_is_well_formed_and_every_section_is_read():
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    assert set(cues().sections_read) == set(data)
    for word, uses in data["speech"].items():
        assert uses and set(uses) <= set(SPEECH_USES), word


def test_every_section_is_documented_above_it():
    assert undocumented_sections(LEXICON) == []


def _copy(tmp_path: Path, edit) -> str:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    edit(data)
    p = tmp_path / "cues.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(p)


def test_a_section_the_code_never_reads_is_refused(tmp_path):
    path = _copy(tmp_path, lambda d: d.update(spare_words=["whatever"]))
    with pytest.raises(LexiconError, match="spare_words"):
        load_cues(path)


@pytest.mark.parametrize("edit, where", [
    (lambda d: d.update(sources=[]), "sources"),
    (lambda d: d["passive"].update(after=[True, "near"]), "passive.after"),  # an unquoted on: is a boolean
    (lambda d: d["agents"].pop("prepositions"), "agents.prepositions"),
    (lambda d: d["speech"].update({"صرّح": ["said"]}), "speech"),
])
def test_a_malformed_section_is_named(tmp_path, edit, where):
    with pytest.raises(LexiconError, match=re.escape(where)):
        load_cues(_copy(tmp_path, edit))


def test_a_lexicon_passed_in_is_the_one_used(tmp_path):
    path = _copy(tmp_path, lambda d: d["speech"].update(proclaimed=["frame"]))
    assert load_cues(path).speech.search("the ministry proclaimed that")
    assert not cues().speech.search("the ministry proclaimed that")


@pytest.mark.parametrize("text, continues", [
    ("وأضاف المصدر أن الهجوم وقع ليلا", True),
    ("فيما أشارت المصادر إلى سقوط قتلى", False),
    ("وأشارت المصادر إلى سقوط قتلى", True),
    ("كما أصيب ثلاثة آخرون بجروح", True),
    ("He added that two soldiers were wounded.", True),
    ("The blast damaged several shops.", True),
    ("أعلنت الوزارة اعتقال خمسة أشخاص", False),
    ("Troops arrested five men on Monday.", False),
])
def test_openings_that_continue_the_story(text, continues):
    assert bool(cues().continues.match(text)) is continues


@pytest.mark.parametrize("before, expected", [
    ("سيارة تابعة للجيش تعرضت ل", True),
    ("قتل ثلاثة جنود في ", True),
    ("the convoy came under an ", True),
    ("two guards were killed in a ", True),
    ("شنت قوات الأمن ", False),
    ("the army launched an ", False),
])
def test_words_that_make_the_actors_undergo_the_happening(before, expected):
    assert bool(cues().undergoes.search(before)) is expected


@pytest.fixture
def lexicon_file(monkeypatch):
    """Point extraction at another cues file (and back, with the cache emptied both times)."""
    def use(path: str) -> None:
        monkeypatch.setattr(load_cues, "default", Path(path))
        load_cues.cache_clear()

    yield use
    monkeypatch.undo()
    load_cues.cache_clear()


def test_a_speech_verb_added_to_the_lexicon_changes_who_reports(tmp_path, lexicon_file):
    """The data is what extraction reads: without "proclaimed" as a frame verb the ministry is a
    party to the attack it tells of; with it, it only reports the attack."""
    art = Article(id="c1", title="", published="2024-05-02", source=None, url=None, language="en", path="x",
                  text="The Interior Ministry proclaimed that gunmen attacked an army checkpoint in Mosul on Tuesday.")
    (before,) = extract_article(art)
    lexicon_file(_copy(tmp_path, lambda d: d["speech"].update(proclaimed=["frame"])))
    (after,) = extract_article(art)
    assert before.date_start == after.date_start == "2024-04-30"
    assert "Iraqi Ministry of Interior" in before.actors and before.actor1 == "Iraqi Ministry of Interior"
    assert "Iraqi Ministry of Interior" not in after.actors and after.actor1 != "Iraqi Ministry of Interior"


def _code_strings(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "events" / "extract").glob("*.py")))
def test_no_arabic_word_is_left_in_the_code(module):
    strings = _code_strings(ROOT / "events" / "extract" / module)
    assert not [s for s in strings if re.search(r"[\u0621-\u063A\u0641-\u064A]", s)]  # letters (not the tatweel)


def test_one_comparison_vocabulary_with_two_uses():
    """event_types.yaml `comparison` holds both: the echo words types.py reads and the likeness
    words after which extraction drops places ("similar to those used in Ukraine")."""
    from events.types import load_lexicon as type_lexicon
    words = type_lexicon().likeness
    assert words and all(likeness().fullmatch(w) for w in words)
    assert not likeness().search("as happened in Moscow")


@pytest.mark.parametrize("text", [
    "Militants attacked a military base on Monday with drones similar to those used in Ukraine.",
    "هاجم مسلحون قاعدة عسكرية يوم الاثنين بطائرات مسيرة مماثلة لتلك المستخدمة في أوكرانيا.",
])
def test_places_after_a_likeness_are_not_where_it_happened(text):
    language = "ar" if not text.isascii() else "en"
    art = Article(id="l1", title="", published="2024-05-02", source=None, url=None, language=language, path="x", text=text)
    evs = extract_article(art)
    assert evs and all(e.place_name != "Ukraine" and e.country != "UA" for e in evs), [(e.event_type, e.place_name) for e in evs]


def _tenses(text: str, etype: str) -> list[str]:
    art = Article(id="t", title="", text=text, published="2024-04-26", language=None)
    return [e.tense for e in extract_article(art) if e.event_type == etype]


@pytest.mark.parametrize("text, etype, tense", [
    # a word that only starts like a future verb («سياسي», «ستة») does not make an arrest planned
    ("قال مصدر سياسي إن الشرطة اعتقلت ثلاثة ناشطين قبل انعقاد المؤتمر المقبل في بغداد.", "arrest", "past"),
    ("أفاد مصدر أمني بأن ستة مسلحين اعتقلوا قبل الانتخابات المقبلة في الموصل.", "arrest", "past"),
    ("The police said officers arrested two men before next week's summit in Basra.", "arrest", "past"),
])
def test_a_future_cue_is_a_whole_word(text, etype, tense):
    assert _tenses(text, etype) == [tense]


@pytest.mark.parametrize("window, future", [
    ("وقال إن الشرطة سوف ", True),
    ("أكد أن القوات ستنفذ ", True),
    ("من المقرر أن ", True),
    ("The ministry will ", True),
    ("قال مصدر سياسي إن ", False),
    ("اعتقل ستة ", False),
    ("سيارة مفخخة قرب ", False),
])
def test_future_cues_before_a_trigger(window, future):
    from events.extract.assemble import _future_before
    assert _future_before(window, len(window)) is future
