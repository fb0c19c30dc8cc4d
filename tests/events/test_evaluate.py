"""Scoring against a gold set: matching by sentence and type, the figures, bad gold directories."""

from __future__ import annotations

import json

import pytest

from events.evaluate import GoldError, evaluate, format_report, match, place_correct, read_gold, type_compatible
from events.schema import Event

BODY = ("اعتقلت الشرطة خمسة أشخاص في الموصل أمس.\n"
        "وقال المتحدث إن العملية نجحت.\n"
        "انفجرت عبوة ناسفة في كركوك اليوم.")
S1 = "اعتقلت الشرطة خمسة أشخاص في الموصل أمس."
S2 = "وقال المتحدث إن العملية نجحت."
S3 = "انفجرت عبوة ناسفة في كركوك اليوم."


def gold_event(sentence, etype, **kw):
    g = {"sentence": sentence, "event_type": etype, "date_start": None, "date_end": None, "date_precision": "unknown",
         "date_text": None, "tense": "past", "place": None, "place_text": None, "country": None, "lat": None,
         "lon": None, "latlon_approx": None, "geo_precision": None, "actors": [], "counts": {}, "note": ""}
    g.update(kw)
    return g


def system_event(sentence, etype, **kw):
    start = BODY.index(sentence)
    return Event(article_id="a", event_type=etype, sentence=sentence, sentence_start=start,
                 sentence_end=start + len(sentence), **kw)


@pytest.fixture
def gold_dir(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "01_test.txt").write_text(
        "عنوان\npublished: 2024-04-26\nsource: test\nurl: http://example.org\nlanguage: ar\n\n" + BODY + "\n",
        encoding="utf-8")
    gold = [
        gold_event(S1, "arrest", date_start="2024-04-25", date_end="2024-04-25", date_precision="day",
                   place="Mosul", country="IQ", lat=36.34, lon=43.13, geo_precision="city",
                   actors=["Iraqi police"], counts={"arrested": 5}, also_reported_in=[S2]),
        gold_event(S3, "bombing", date_start="2024-04-26", date_end="2024-04-26", date_precision="day",
                   place="Kirkuk", country="IQ", lat=35.47, lon=44.39, geo_precision="city"),
    ]
    (tmp_path / "gold" / "01_test.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_read_gold_keeps_body_offsets(gold_dir):
    (ga,) = read_gold(gold_dir)
    assert ga.article.published == "2024-04-26"
    assert ga.article.text.startswith(S1)
    assert len(ga.gold) == 2


def test_perfect_extractor_scores_one(gold_dir):
    def perfect(article):
        return [
            system_event(S1, "arrest", date_start="2024-04-25", date_end="2024-04-25", date_precision="day",
                         place_id="geonames:1", place_name="Mosul", country="IQ", lat=36.33, lon=43.11,
                         geo_precision="city", actors=["Iraqi police"], counts={"arrested": 5}),
            system_event(S3, "bombing", date_start="2024-04-26", date_end="2024-04-26", date_precision="day",
                         place_id="geonames:2", place_name="Kirkuk", country="IQ", lat=35.46, lon=44.39,
                         geo_precision="city"),
        ]
    f = evaluate(gold_dir, extractor=perfect).figures()
    assert f["recall"] == f["precision"] == f["type_accuracy"] == f["date_accuracy"] == f["place_accuracy"] == 1.0
    assert f["actor_f1"] == 1.0 and f["counts_accuracy"] == 1.0


def test_wrong_fields_lower_the_right_figures(gold_dir):
    def sloppy(article):
        return [
            # right sentence, compatible but not equal type, wrong day, place 100 km off
            system_event(S1, "other", date_start="2024-04-24", date_end="2024-04-24", date_precision="day",
                         place_id="geonames:9", place_name="Erbil", country="IQ", lat=36.19, lon=44.01,
                         geo_precision="city", actors=["Islamic State"]),
            # an event the gold does not have
            system_event(S2, "statement", actors=["Iraqi police"]),
        ]
    f = evaluate(gold_dir, extractor=sloppy).figures()
    assert f["recall"] == 0.5 and f["precision"] == 0.5
    assert f["type_accuracy"] == 0.0 and f["date_accuracy"] == 0.0 and f["place_accuracy"] == 0.0
    assert f["actor_f1"] == 0.0


def test_also_reported_in_and_mentions_match():
    gold = [gold_event(S1, "arrest", also_reported_in=[S2])]
    ev = system_event(S2, "arrest")
    assert match([ev], gold, BODY) == [(0, 0)]
    ev3 = system_event(S3, "arrest", mentions=[{"sentence": S1, "start": 0, "end": len(S1)}])
    assert match([ev3], gold, BODY) == [(0, 0)]


def test_incompatible_type_does_not_match():
    assert match([system_event(S1, "protest")], [gold_event(S1, "arrest")], BODY) == []
    assert type_compatible("airstrike", "attack") and not type_compatible("meeting", "bombing")


def test_one_system_event_matches_one_gold_event():
    gold = [gold_event(S1, "arrest"), gold_event(S1, "arrest")]
    assert len(match([system_event(S1, "arrest")], gold, BODY)) == 1


@pytest.mark.parametrize("ev, g, ok", [
    (Event(article_id="a"), {"place": None}, True),
    (Event(article_id="a", place_id="x", lat=1.0, lon=1.0, geo_precision="city"), {"place": None}, False),
    (Event(article_id="a", place_id="x", place_name="Kirkuk", lat=35.4, lon=44.4, geo_precision="city"),
     {"place": "Kirkuk Governorate", "place_alternatives": ["Kirkuk"], "lat": 35.4, "lon": 44.1, "geo_precision": "region"}, True),
    (Event(article_id="a", place_id="x", place_name="Iraq", country="IQ", lat=33.0, lon=44.0, geo_precision="country"),
     {"place": "Kirkuk", "lat": 35.47, "lon": 44.39, "geo_precision": "city"}, False),
])
def test_place_correct(ev, g, ok):
    assert place_correct(ev, g) is ok


def test_bad_gold_dirs_are_reported(tmp_path):
    with pytest.raises(GoldError, match="articles/ and gold/"):
        read_gold(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "x.json").write_text("[]", encoding="utf-8")
    with pytest.raises(GoldError, match="no article x.txt"):
        read_gold(tmp_path)
    (tmp_path / "articles" / "x.txt").write_text("t\npublished: unknown\n\nbody\n", encoding="utf-8")
    (tmp_path / "gold" / "x.json").write_text("[{", encoding="utf-8")
    with pytest.raises(GoldError, match="x.json:1"):
        read_gold(tmp_path)


def test_dev_corpus_runs_end_to_end(corpus_dev):
    scores = evaluate(corpus_dev)
    f = scores.figures()
    assert f["gold"] >= 60 and f["system"] > 0
    for k in ("recall", "precision", "type_accuracy", "date_accuracy", "place_accuracy", "actor_f1"):
        assert 0.0 <= f[k] <= 1.0
    # a floor well below the current figures: a regression that halves recall fails here
    assert f["recall"] >= 0.5 and f["precision"] >= 0.5
    report = format_report(scores)
    assert "recall" in report and "actor_f1" in report


def test_two_happenings_of_one_sentence_pair_by_date():
    # two arrests reported in one sentence: each system event pairs with the gold event of its day
    gold = [gold_event(S1, "arrest", date_start="2024-04-25", date_end="2024-04-25"),
            gold_event(S1, "arrest", date_start="2024-04-20", date_end="2024-04-20")]
    system = [system_event(S1, "arrest", date_start="2024-04-20", date_end="2024-04-20"),
              system_event(S1, "arrest", date_start="2024-04-25", date_end="2024-04-25")]
    assert sorted(match(system, gold, BODY)) == [(0, 1), (1, 0)]
