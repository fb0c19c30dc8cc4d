"""Which date an extracted event takes when its sentence (or its story) gives several: the
happening's own date, not the day it was announced."""

from __future__ import annotations

import pytest

from events.extract import extract_article
from events.schema import Article

PUB = "2024-04-26"  # a Friday


def _dated(text: str, etype: str) -> list[tuple[str | None, str | None]]:
    art = Article(id="t", title="", text=text, published=PUB, language=None)
    return [(e.date_start, e.date_end) for e in extract_article(art) if e.event_type == etype]


@pytest.mark.parametrize("text, etype, start, end", [
    # a date between the verb of saying and the trigger is the announcement's
    ("Police said on Monday they arrested five suspects in Mosul on Saturday.", "arrest", "2024-04-20", "2024-04-20"),
    ("The army said on Thursday it detained three suspects near Kirkuk on Tuesday night.", "arrest",
     "2024-04-23", "2024-04-23"),
    ("أعلنت وزارة الداخلية، اليوم الثلاثاء، عن اعتقال أربعة مطلوبين في مدينة الموصل يوم الأحد الماضي.", "arrest",
     "2024-04-21", "2024-04-21"),
    ("أعلن الجيش، الخميس، القبض على ثلاثة مسلحين في حلب خلال الفترة من 1 إلى 5 نيسان.", "arrest",
     "2024-04-01", "2024-04-05"),
    # … unless the later date belongs to another happening named after the trigger
    ("وأعلن وزير الداخلية صباح اليوم الجمعة اعتقال المتهم الثاني بعد اعتقال المتهم الأول مساء أمس في الموصل.", "arrest",
     "2024-04-26", "2024-04-26"),
    # with one date only, the announcement dates the arrest (a news report's usual reading)
    ("Police said on Monday they had arrested five suspects in Mosul.", "arrest", "2024-04-22", "2024-04-22"),
])
def test_the_date_of_the_happening_not_of_its_announcement(text, etype, start, end):
    assert (start, end) in _dated(text, etype)


@pytest.mark.parametrize("text, etype, start", [
    # a time adverbial follows its verb: each happening of the sentence keeps its own day
    ("Gunmen attacked a checkpoint near Kirkuk on Monday and police arrested two suspects in the city on Wednesday.",
     "arrest", "2024-04-24"),
    ("Gunmen attacked a checkpoint near Kirkuk on Monday and police arrested two suspects in the city on Wednesday.",
     "attack", "2024-04-22"),
    ("هاجم مسلحون حاجزا قرب كركوك يوم الاثنين، واعتقلت الشرطة اثنين من المشتبه بهم في المدينة يوم الأربعاء.",
     "arrest", "2024-04-24"),
    ("هاجم مسلحون حاجزا قرب كركوك يوم الاثنين، واعتقلت الشرطة اثنين من المشتبه بهم في المدينة يوم الأربعاء.",
     "attack", "2024-04-22"),
    # a date before every trigger is shared by them
    ("On Tuesday, gunmen attacked a village near Mosul and the army arrested three of them.", "arrest", "2024-04-23"),
])
def test_each_happening_keeps_its_own_date(text, etype, start):
    assert start in [s for s, _ in _dated(text, etype)]


@pytest.mark.parametrize("text, etype, start, end", [
    # the frame a happening took place in lends it its date (not the announcement's)
    ("أعلنت وزارة الدفاع، اليوم الخميس، عن توقيف ستة أشخاص يشتبه في تهريبهم السلاح، وذلك خلال عمليات أمنية نفذت "
     "ما بين 10 و15 نيسان الجاري.", "arrest", "2024-04-10", "2024-04-15"),
    ("The ministry said on Thursday it had detained six suspects, during raids carried out on April 20 in the north.",
     "arrest", "2024-04-20", "2024-04-20"),
    # a clause of its outcome has the date of the happening before it
    ("وتشن القوات هجوما متواصلا على المخيم منذ 3 آذار الماضي، أسفر عن مقتل عشرة أشخاص وتسبب في نزوح ألفي عائلة.",
     "displacement", "2024-03-03", "2024-04-26"),
    # a frame clause without a date of its own leaves the announcement's date
    ("أعلنت الوزارة، اليوم الجمعة، عن توقيف ستة أشخاص، وذلك خلال عمليات أمنية في الشمال.", "arrest",
     "2024-04-26", "2024-04-26"),
    # a clause that is not an outcome keeps its own (lack of) date
    ("وتشن القوات هجوما متواصلا على المخيم منذ 3 آذار الماضي، وقال مسؤول إن مئات العائلات نزحت من القرى المجاورة.",
     "displacement", None, None),
])
def test_a_linked_clause_lends_its_date(text, etype, start, end):
    assert (start, end) in _dated(text, etype)

