"""What each event type is (event_types.yaml): violent or not, roles, counts, headline templates."""

from __future__ import annotations

import copy

import pytest
import yaml

from events.extract import extract_article, headline
from events.schema import EVENT_TYPES, Article, Event
from events.types import LEXICON, LexiconError, _check, attributes_of, load_lexicon


def test_every_type_says_what_it_is():
    lex = load_lexicon()
    for name in EVENT_TYPES:
        a = lex.attributes[name]
        assert a.roles and a.headline, name
    assert {n for n in EVENT_TYPES if attributes_of(n).violent} == {"attack", "airstrike", "bombing", "armed_clash",
                                                                  "prison_break"}
    assert {n for n in EVENT_TYPES if attributes_of(n).report} == {"claim", "statement"}
    assert attributes_of("meeting").counts == frozenset()


def _data():
    return copy.deepcopy(yaml.safe_load(LEXICON.read_text(encoding="utf-8")))


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["types"]["attack"].update(violent="yes"), "violent must be true or false"),
    (lambda d: d["types"]["arrest"].update(roles=["target"]), "roles must be one of"),
    (lambda d: d["types"]["airstrike"].update(non_state="militia strike"), "non_state must be a type"),
    (lambda d: d["types"]["protest"].update(counts=["people killed"]), "counts must be a list of count keys"),
    (lambda d: d["types"]["claim"].update(headline=[{"txt": "{actor1} claims"}]), "each headline is a template"),
    (lambda d: d.update(headline={"where": " in {place}", "prefix": "x"}), "headline must be a mapping"),
])
def test_a_malformed_attribute_is_named(tmp_path, edit, message):
    data = _data()
    edit(data)
    with pytest.raises(LexiconError, match=message):
        _check(data, tmp_path / "event_types.yaml")


@pytest.mark.parametrize("fields, expected", [
    ({"event_type": "arrest", "counts": {"arrested": 4}, "place_name": "Kirkuk"}, "4 people arrested in Kirkuk"),
    ({"event_type": "arrest", "actor2": "Islamic State"}, "Islamic State members arrested"),
    ({"event_type": "arrest", "actor1": "Iraqi police", "counts": {"arrested": 2, "killed": 1}},
     "Iraqi police arrested 2 people"),
    ({"event_type": "attack", "actor1": "Islamic State", "counts": {"attacks": 3, "killed": 9}, "place_name": "Raqqa"},
     "3 IS attacks in Raqqa, 9 killed"),
    ({"event_type": "attack", "counts": {"attacks": 1, "injured": 2}}, "Attack, 2 injured"),
    ({"event_type": "bombing", "actor1": "Islamic State", "place_name": "Kabul"}, "Bombing in Kabul by IS"),
    ({"event_type": "armed_clash", "actor1": "Syrian Democratic Forces", "actor2": "Islamic State"},
     "Clashes between SDF and Islamic State"),
    ({"event_type": "prison_break", "counts": {"escaped": 12}, "place_name": "Hasakah"},
     "Prison break in Hasakah: 12 escaped"),
    ({"event_type": "displacement", "place_name": "Tal Afar"}, "Displacement from Tal Afar"),
    ({"event_type": "claim", "actor1": "Islamic State", "counts": {"attacks": 5}}, "IS claims responsibility for 5 attacks"),
    ({"event_type": "statement", "place_name": "Baghdad"}, "Official statement in Baghdad"),
    ({"event_type": "deployment", "counts": {"troops": 300}, "tense": "planned"},
     "Planned: Deployment (about 300 troops)"),
    ({"event_type": "other", "actor1": "Islamic State", "place_name": "Mosul"}, "Event involving IS in Mosul"),
    ({"event_type": "other", "actor1": "Islamic State", "tense": "planned"}, "Planned event involving IS"),
    ({"event_type": "other", "tense": "planned"}, "Planned event"),
])
def test_headline_templates(fields, expected):
    assert headline(Event(article_id="a", **fields)) == expected


def test_a_label_names_the_happening_in_the_headline():
    ev = Event(article_id="a", event_type="meeting", actor1="Syrian Democratic Forces", place_name="Erbil")
    assert headline(ev, "talks") == "SDF talks in Erbil"
    assert headline(ev) == "SDF meeting in Erbil"


@pytest.mark.parametrize("text, language, reporter", [
    ("قال جهاز مكافحة الإرهاب إن مسلحين هاجموا نقطة للجيش في الموصل أمس.", "ar", "Iraqi security forces"),
    ("The Interior Ministry said that gunmen attacked an army checkpoint in Mosul on Tuesday.", "en",
     "Iraqi Ministry of Interior"),
])
def test_who_reports_a_violent_happening_is_not_a_party_to_it(text, language, reporter):
    art = Article(id="v1", title="", published="2024-05-02", source=None, url=None, language=language, path="x", text=text)
    (attack,) = [e for e in extract_article(art) if e.event_type == "attack"]
    assert reporter not in attack.actors and attack.actors == ["Iraqi Army"]
