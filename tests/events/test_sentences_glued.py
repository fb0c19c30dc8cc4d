"""Sentences glued without a space after the full stop, as scraped pages have them."""

from __future__ import annotations

import pytest

from events.sentences import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("أسفر الهجوم عن سقوط إصابات.وقال المتحدث إن الوضع مستقر.", ["أسفر الهجوم عن سقوط إصابات.", "وقال المتحدث إن الوضع مستقر."]),
    ("اعتقلت الشرطة ثلاثة مطلوبين في المدينة.وأكد مصدر أمني أن التحقيق مستمر",
     ["اعتقلت الشرطة ثلاثة مطلوبين في المدينة.", "وأكد مصدر أمني أن التحقيق مستمر"]),
    ("هل انتهت المعارك؟لا أحد يعرف.", ["هل انتهت المعارك؟", "لا أحد يعرف."]),
    ("The group claimed the operations.In a statement, it said more would follow.",
     ["The group claimed the operations.", "In a statement, it said more would follow."]),
    ("Two soldiers were killed on Monday.Police said the attackers fled.",
     ["Two soldiers were killed on Monday.", "Police said the attackers fled."]),
    # an English tweet glued to the Arabic sentence after it
    ("We will respond.وقال المسؤول إن الرد سيكون قريبا.", ["We will respond.", "وقال المسؤول إن الرد سيكون قريبا."]),
])
def test_glued_sentences_are_split(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize("text", [
    "The U.S.Army said 3.5 tonnes of explosives were seized.",  # initials, a decimal
    "He arrived at 3.30 pm with Mr.Smith and the delegation.",  # a time, an abbreviation
    "Read the report at www.example.org.The page was updated.",  # a URL
    "Write to press@ministry.gov.Iq for the statement.",  # an e-mail address
    "The app runs on Node.js and was hacked twice.",  # a name with a dot
    "قال د.محمد إن الحصيلة ارتفعت إلى 2.5 بالمئة.",  # an Arabic abbreviation, a decimal
    "ISIS.IS claimed the attack in a statement.",  # an acronym after the dot
])
def test_dots_inside_words_do_not_split(text):
    assert [s.text for s in split_sentences(text)] == [text]


def test_glued_offsets_point_into_the_text():
    text = "أسفر الهجوم عن سقوط إصابات.وقال المتحدث.The statement.In full"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
    assert len(split_sentences(text)) == 4
