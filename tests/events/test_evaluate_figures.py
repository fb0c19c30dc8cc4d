"""Figures of `marsad evaluate` beyond recall and precision: many-to-one recall next to one-to-one recall,
fully right, per language and per file, parts of the corpus, and the per-field error list."""

from __future__ import annotations

import json

import pytest

from events.cli import main
from events.evaluate import (combine, covered_gold, evaluate, field_errors, format_errors, format_report,
                             score_article)
from events.schema import Event

AR_BODY = ("قتل ثلاثة جنود وأصيب اثنان بانفجار عبوة ناسفة قرب الحويجة أمس، وقتل شرطي بهجوم مسلح في داقوق يوم الأحد.\n"
           "وأعلنت الشرطة اعتقال مشتبه به في المدينة.")
AR_1 = AR_BODY.split("\n")[0]
AR_2 = AR_BODY.split("\n")[1]
EN_BODY = "Gunmen attacked a checkpoint near Mopti on Monday, killing four soldiers. The army said it repelled them."
EN_1 = "Gunmen attacked a checkpoint near Mopti on Monday, killing four soldiers."
EN_2 = "The army said it repelled them."

HAWIJA = {"place": "Hawija", "country": "IQ", "lat": 35.33, "lon": 43.77, "geo_precision": "city"}
DAQUQ = {"place": "Daquq", "country": "IQ", "lat": 35.14, "lon": 44.45, "geo_precision": "city"}
MOPTI = {"place": "Mopti", "country": "ML", "lat": 14.49, "lon": -4.18, "geo_precision": "city"}


def gold_event(sentence, etype, **kw):
    g = {"sentence": sentence, "event_type": etype, "date_start": None, "date_end": None, "date_precision": "unknown",
         "date_text": None, "tense": "past", "place": None, "place_text": None, "country": None, "lat": None,
         "lon": None, "latlon_approx": None, "geo_precision": None, "actors": [], "counts": {}, "note": ""}
    g.update(kw)
    return g


def day(d):
    return {"date_start": d, "date_end": d, "date_precision": "day"}


def system_event(body, sentence, etype, place=None, **kw):
    start = body.index(sentence)
    if place:
        kw.update(place_id="geonames:" + place["place"], place_name=place["place"], country=place["country"],
                  lat=place["lat"], lon=place["lon"], geo_precision=place["geo_precision"])
    return Event(article_id="a", event_type=etype, sentence=sentence, sentence_start=start,
                 sentence_end=start + len(sentence), **kw)


# the Arabic sentence reports two happenings: a bombing near Hawija yesterday, an attack in Daquq on Sunday
AR_GOLD = [
    gold_event(AR_1, "bombing", **day("2024-05-14"), **HAWIJA, actors=["Iraqi Army"]),
    gold_event(AR_1, "attack", **day("2024-05-12"), **DAQUQ),
    gold_event(AR_2, "arrest", **HAWIJA, actors=["Iraqi Police"]),
]


def test_one_system_event_for_two_gold_events_counts_once_one_to_one_but_twice_many_to_one():
    system = [system_event(AR_BODY, AR_1, "bombing", HAWIJA, **day("2024-05-14"), actors=["Iraqi Army"])]
    sc = score_article(system, AR_GOLD, AR_BODY)
    f = sc.figures()
    assert covered_gold(system, AR_GOLD, AR_BODY) == {0, 1}
    assert f["recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert f["recall_many_to_one"] == pytest.approx(2 / 3, abs=1e-3)
    assert f["fully_right"] == pytest.approx(1 / 3, abs=1e-3)


@pytest.mark.parametrize("system, fully, type_acc, date_acc, place_acc", [
    # both happenings fully right, the arrest missed
    ([system_event(AR_BODY, AR_1, "bombing", HAWIJA, **day("2024-05-14")),
      system_event(AR_BODY, AR_1, "attack", DAQUQ, **day("2024-05-12"))], 2 / 3, 1.0, 1.0, 1.0),
    # the second happening took the first one's date: matched, but not fully right
    ([system_event(AR_BODY, AR_1, "bombing", HAWIJA, **day("2024-05-14")),
      system_event(AR_BODY, AR_1, "attack", DAQUQ, **day("2024-05-14"))], 1 / 3, 1.0, 0.5, 1.0),
    # a compatible but not equal type (airstrike for the bombing) is matched, not fully right
    ([system_event(AR_BODY, AR_1, "airstrike", HAWIJA, **day("2024-05-14")),
      system_event(AR_BODY, AR_2, "arrest", HAWIJA)], 1 / 3, 0.5, 1.0, 1.0),
    # the arrest placed at the country only: the place is wrong
    ([system_event(AR_BODY, AR_2, "arrest", {"place": "Iraq", "country": "IQ", "lat": 33.0, "lon": 44.0,
                                             "geo_precision": "country"})], 0.0, 1.0, 1.0, 0.0),
    ([], 0.0, 0.0, 0.0, 0.0),
])
def test_fully_right_needs_type_date_and_place(system, fully, type_acc, date_acc, place_acc):
    f = score_article(system, AR_GOLD, AR_BODY).figures()
    assert f["fully_right"] == pytest.approx(fully, abs=1e-3)
    assert (f["type_accuracy"], f["date_accuracy"], f["place_accuracy"]) == pytest.approx((type_acc, date_acc, place_acc), abs=1e-3)


@pytest.mark.parametrize("ev, g, wrong", [
    (system_event(EN_BODY, EN_1, "attack", MOPTI, **day("2024-06-03"), actors=["Mali"]),
     gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI, actors=["Mali"]), []),
    (system_event(EN_BODY, EN_1, "bombing", MOPTI, **day("2024-06-03"), actors=["Mali"]),
     gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI, actors=["Mali"]), ["type"]),
    (system_event(EN_BODY, EN_1, "attack", MOPTI, actors=["Mali"]),
     gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI, actors=["Mali"]), ["date"]),
    (system_event(EN_BODY, EN_1, "attack", None, **day("2024-06-03"), actors=["Mali"]),
     gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI, actors=["Mali"]), ["place"]),
    (system_event(EN_BODY, EN_1, "attack", MOPTI, **day("2024-06-03"), actors=["Mali", "JNIM"]),
     gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI, actors=["Mali"]), ["actors"]),
    # actor labels compare without case and a leading "the"
    (system_event(EN_BODY, EN_1, "attack", MOPTI, **day("2024-06-03"), actors=["the Malian Army"]),
     gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI, actors=["Malian army"]), []),
])
def test_field_errors_name_the_wrong_fields(ev, g, wrong):
    assert [name for name, _, _ in field_errors(ev, g)] == wrong


def test_field_errors_show_gold_and_system_values():
    ev = system_event(EN_BODY, EN_1, "attack", None, date_start="2024-06-01", date_end="2024-06-07",
                      date_precision="week")
    g = gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI)
    errors = dict((name, (gv, sv)) for name, gv, sv in field_errors(ev, g))
    assert errors["date"] == ("2024-06-03 (day)", "2024-06-01..2024-06-07 (week)")
    assert errors["place"] == ("Mopti (ML, city)", "none")


def _two_languages():
    ar = score_article([system_event(AR_BODY, AR_1, "bombing", HAWIJA, **day("2024-05-14"))], AR_GOLD, AR_BODY,
                       "01_ar", "ar")
    en_gold = [gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI)]
    en = score_article([system_event(EN_BODY, EN_1, "attack", MOPTI, **day("2024-06-03")),
                        system_event(EN_BODY, EN_2, "statement", actors=["Mali"])], en_gold, EN_BODY, "02_en", "en")
    return combine([("ar", ar), ("en", en)])


def test_per_language_and_per_file_figures():
    total = _two_languages()
    assert set(total.by_language) == {"ar", "en"}
    ar, en = total.by_language["ar"].figures(), total.by_language["en"].figures()
    assert (ar["gold"], ar["matched"], ar["fully_right"]) == (3, 1, pytest.approx(1 / 3, abs=1e-3))
    assert (en["gold"], en["system"], en["precision"], en["fully_right"]) == (1, 2, 0.5, 1.0)
    assert [a["article"] for a in total.per_article] == ["01_ar", "02_en"]
    assert total.figures()["gold"] == 4 and total.figures()["fully_right"] == 0.5
    report = format_report(total)
    assert "recall 1:1" in report and "recall many:1" in report and "fully_right" in report
    assert any(line.startswith("en ") for line in report.splitlines())


def test_error_list_shows_wrong_fields_misses_and_extras():
    text = format_errors(_two_languages())
    assert "01_ar" in text and "02_en" in text
    assert "MISSED gold #1 attack" in text and "MISSED gold #2 arrest" in text
    assert "EXTRA system statement" in text
    # the bombing was fully right on type, date and place; its actors were not
    assert "gold: Iraqi Army" in text and "got: -" in text


def _write_corpus(root, files):
    (root / "articles").mkdir()
    (root / "gold").mkdir()
    for name, (lang, body, gold) in files.items():
        (root / "articles" / f"{name}.txt").write_text(
            f"t\npublished: 2024-05-15\nsource: s\nurl: u\nlanguage: {lang}\n\n{body}\n", encoding="utf-8")
        (root / "gold" / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.fixture
def small_corpus(tmp_path):
    return _write_corpus(tmp_path, {
        "01_ar": ("ar", AR_BODY, AR_GOLD),
        "02_en": ("en", EN_BODY, [gold_event(EN_1, "attack", **day("2024-06-03"), **MOPTI)]),
        "03_en": ("en", EN_BODY, [gold_event(EN_2, "statement")]),
    })


@pytest.mark.parametrize("part, files", [
    ("all", ["01_ar", "02_en", "03_en"]), ("odd", ["01_ar", "03_en"]), ("even", ["02_en"]),
    ("01-17", ["01_ar", "02_en", "03_en"]),
])
def test_parts_of_the_corpus(small_corpus, part, files):
    sc = evaluate(small_corpus, part=part, extractor=lambda article: [])
    assert [a["article"] for a in sc.per_article] == files


def test_cli_part_and_verbose(small_corpus, capsys):
    assert main(["evaluate", str(small_corpus), "--part", "even", "-v"]) == 0
    out = capsys.readouterr().out
    assert "02_en" in out and "01_ar" not in out
    assert "recall many:1" in out and "fully_right" in out
    assert main(["evaluate", str(small_corpus), "--part", "odd", "--json", "-v"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["article"] for a in data["articles"]] == ["01_ar", "03_en"]
    assert set(data["languages"]) == {"ar", "en"} and "recall_many_to_one" in data["total"]
    assert all("errors" in a for a in data["errors"])


def test_cli_rejects_an_unknown_part(small_corpus, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", str(small_corpus), "--part", "first"])
    assert exc.value.code == 2
    assert "--part" in capsys.readouterr().err
