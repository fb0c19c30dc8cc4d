"""The cue words of date choice (data/lexicons/date_choice.yaml): every section is read, and a
lexicon passed in is the one used."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.extract.anchors import LEXICON, load_date_choice
from geo.errors import LexiconError
from lexicon_usage import sections_without_effect

PROBES = [
    "وكان الجيش قد سيطر على البلدة في آذار الماضي.",  # flashback_openers (ar)
    "Rebels had seized the town in a raid in March.",  # flashback_openers (en)
    "أسفر عن مقتل ثلاثة أشخاص",  # result_openers (ar)
    "resulting in the displacement of thousands",  # result_openers (en)
    "وذلك خلال عمليات أمنية نفذت في الشمال",  # frame_openers (ar)
    "during raids carried out on Monday",  # frame_openers (en)
    "قال الوزير إن القوات اعتقلت خمسة.",  # none of them
]


def _readings(path: Path) -> list[tuple[bool, bool, bool]]:
    dc = load_date_choice(path)
    return [(bool(dc.flashback.match(t)), bool(dc.result.match(t)), bool(dc.frame.match(t))) for t in PROBES]


def test_every_section_of_date_choice_yaml_is_read(tmp_path: Path):
    assert sections_without_effect(LEXICON, _readings, tmp_path) == []


@pytest.mark.parametrize("text, flashback, result, frame", [
    ("وكانت القوات قد انسحبت من المدينة.", True, False, False),
    ("يذكر أن الهجوم هو الثاني هذا الشهر.", True, False, False),
    ("Earlier, the army said it had retaken the village.", True, False, False),
    ("ما أدى إلى نزوح مئات العائلات", False, True, False),
    ("causing heavy damage to homes", False, True, False),
    ("في إطار حملة أمنية واسعة", False, False, True),
    ("as part of an operation launched in May", False, False, True),
    # not at the start, or inside another word: no cue
    ("هاجم مسلحون القرية وكان الجيش قد انسحب منها.", False, False, False),
    ("The army advanced and residents fled during the night.", False, False, False),
    ("خلالها انسحبت القوات", False, False, False),
])
def test_cues_at_the_start(text, flashback, result, frame):
    dc = load_date_choice()
    assert (bool(dc.flashback.match(text)), bool(dc.result.match(text)), bool(dc.frame.match(text))) == \
        (flashback, result, frame)


def test_an_unknown_section_is_an_error(tmp_path: Path):
    p = tmp_path / "date_choice.yaml"
    p.write_text("conjunctions: []\nflashback_openers: {ar: [], en: []}\nresult_openers: {ar: [], en: []}\n"
                 "frame_openers: {ar: [], en: []}\nmystery: [x]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="mystery"):
        load_date_choice(p)
