"""Sentence splitting: Arabic and English punctuation, quotes, abbreviations, offsets."""

from __future__ import annotations

import pytest

from events.sentences import clauses, split_sentences


@pytest.mark.parametrize("text, expected", [
    # Arabic full stop, question mark, semicolon as a sentence end
    ("سقط صاروخ قرب المطار. وأعلنت الوزارة حالة الطوارئ.", ["سقط صاروخ قرب المطار.", "وأعلنت الوزارة حالة الطوارئ."]),
    ("هل انتهت المعارك؟ لا أحد يعرف بعد.", ["هل انتهت المعارك؟", "لا أحد يعرف بعد."]),
    ("اعتقلت الشرطة خمسة أشخاص في المدينة؛ ونفت الوزارة أي علاقة لها بالحادث.",
     ["اعتقلت الشرطة خمسة أشخاص في المدينة؛", "ونفت الوزارة أي علاقة لها بالحادث."]),
    # line breaks end a sentence even without punctuation (titles, datelines)
    ("عنوان الخبر بلا نقطة\nنص الخبر الأول هنا.", ["عنوان الخبر بلا نقطة", "نص الخبر الأول هنا."]),
    # a quote that closes later on the line is part of the sentence that reports it
    ("قال المتحدث «انتهت العملية. عاد الجنود» ثم غادر. جملة أخرى هنا.",
     ["قال المتحدث «انتهت العملية. عاد الجنود» ثم غادر.", "جملة أخرى هنا."]),
    ("He said “It is over. We won.” Then he left the room.", ["He said “It is over. We won.”", "Then he left the room."]),
    # a closing quote after the full stop stays with its sentence
    ('The minister said: "We arrested them." Police confirmed it.', ['The minister said: "We arrested them."', "Police confirmed it."]),
    # abbreviations and decimals do not end a sentence
    ("The U.S. military said 3.5 tonnes were seized. Nobody was hurt.",
     ["The U.S. military said 3.5 tonnes were seized.", "Nobody was hurt."]),
    ("Gen. Smith met Mr. Jones in Washington D.C. on Monday. Talks ended.",
     ["Gen. Smith met Mr. Jones in Washington D.C. on Monday.", "Talks ended."]),
    # a short lead-in before ؛ is joined to its sentence so its words are not lost
    ("في السياق ذاته؛ أعلنت القوات الأمنية اعتقال ثلاثة مطلوبين.", ["في السياق ذاته؛ أعلنت القوات الأمنية اعتقال ثلاثة مطلوبين."]),
    ("", []),
    ("   \n\n  ", []),
])
def test_split(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize("text", [
    "  سقط صاروخ قرب المطار.  وأعلنت الوزارة حالة الطوارئ!\n\nثم عاد الهدوء؟ نعم",
    "One. Two three four! «خمسة. ستة» سبعة؛ ثمانية",
    "<p>HTML remnants</p> &nbsp; 12345 ... ؟؟ !!",
])
def test_offsets_point_into_the_text(text):
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_unbalanced_quote_does_not_swallow_the_rest():
    text = "قال «هذا نص بلا إغلاق. " + "جملة تالية. " * 300
    sentences = split_sentences(text)
    assert len(sentences) > 100


def test_linear_on_a_big_text():
    text = ("ألقت القوات القبض على ٢٥ عنصرا في المخيم. " * 20000)
    sentences = split_sentences(text)
    assert len(sentences) == 20000


@pytest.mark.parametrize("sentence, n", [
    ("أحبطت القوات، الخميس الماضي، عملية كبيرة", 3),
    ("ففي عام 2024 وحده، أعلن مسؤوليته عن 294 هجوما", 2),
    ("اجتماع يأتي في توقيت حساس خاصة أن المدينة تستضيف الألعاب", 2),
    ("no comma here", 1),
])
def test_clauses(sentence, n):
    spans = clauses(sentence)
    assert len(spans) == n
    assert all(0 <= a < b <= len(sentence) for a, b in spans)
