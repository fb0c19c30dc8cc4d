"""Crowds: a protest's people, labelled by the town or the nationality of the happening."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from events.crowds import _town, crowd_labels, load_crowds
from geo.errors import LexiconError


@dataclass
class Ev:
    event_type: str
    sentence: str
    place_name: str | None = None
    geo_precision: str | None = None
    country: str | None = None


@pytest.mark.parametrize("ev, country, expected", [
    (Ev("protest", "تظاهر المئات أمام مبنى المحافظة للمطالبة بتحسين الخدمات", "Mosul", "city", "IQ"), None, ["Mosul protesters"]),
    (Ev("protest", "Hundreds rallied outside the governor's office on Friday.", "Kano", "city", "NG"), None, ["Kano protesters"]),
    (Ev("protest", "نظم نشطاء وقفة احتجاجية أمام البرلمان", "Tunis", "city", "TN"), None, ["Tunisian activists"]),
    (Ev("protest", "Journalists staged a sit-in at the union's headquarters.", None, None, None), "EG", ["Egyptian journalists"]),
    (Ev("protest", "خرج الأهالي في مسيرة غاضبة بعد مقتل الشاب", "Al Hasakah Governorate", "region", "SY"), None, ["Al Hasakah residents"]),
    (Ev("protest", "اعتصم المحتجون في الساحة لليوم الثالث", "Clock Square (Homs)", "point", "SY"), None, ["Homs protesters"]),
    (Ev("protest", "Protesters blocked the main road.", "Kenya", "country", "KE"), None, ["Kenyan protesters"]),
    # no crowd for who undergoes a strike or an arrest
    (Ev("attack", "قتل ثلاثة من السكان في هجوم على القرية", "Gao", "city", "ML"), None, []),
    (Ev("arrest", "Police detained several protesters near the square.", "Kano", "city", "NG"), None, []),
    # a protest with no place and no country has no label to make
    (Ev("protest", "Protesters blocked the main road.", None, None, None), None, []),
])
def test_crowd_labels(ev, country, expected):
    assert crowd_labels(ev, country) == expected


@pytest.mark.parametrize("name, precision, town", [
    ("Basra Governorate", "region", "Basra"),
    ("Nineveh Province", "region", "Nineveh"),
    ("Martyrs' Square (Beirut)", "point", "Beirut"),
    ("Tahrir Square", "point", None),
    ("Egypt", "country", None),
    (None, None, None),
])
def test_the_town_of_a_label(name, precision, town):
    assert _town(name, precision) == town


def test_a_malformed_crowds_lexicon_is_reported(tmp_path):
    p = tmp_path / "crowds.yaml"
    p.write_text("crowds:\n  protesters: {label: protesters, en: [protesters]}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="label"):
        load_crowds(p)
    p.write_text("crowds:\n  protesters: {label: '{place} protesters', en: [protesters]}\ndefault: {protest: marchers}\n",
                 encoding="utf-8")
    with pytest.raises(LexiconError, match="marchers"):
        load_crowds(p)
