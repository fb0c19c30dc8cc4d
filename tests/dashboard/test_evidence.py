"""The article behind an event: its sentence highlighted, inherited date/place traced to their sentence."""

from __future__ import annotations

import pytest

from dashboard.evidence import article_html, inherited, notes, sentence_span

AR = ("اجتمع وفد من التحالف الدولي مع مسؤولين محليين في مدينة الحسكة يوم الأحد 3 آذار 2024.\n"
      "وأضاف المصدر أن قوات الأمن اعتقلت ثلاثة مطلوبين بعد الاجتماع.\n"
      "وقال مسؤول إن <script>alert(1)</script> لا يمثل الموقف الرسمي.")
S1 = AR.split("\n")[0]
S2 = AR.split("\n")[1]


def arrest(**over):
    start = AR.index(S2)
    ev = {"sentence": S2, "sentence_start": start, "sentence_end": start + len(S2),
          "date_text": "يوم الأحد 3 آذار 2024", "place_text": "مدينة الحسكة", "mentions": []}
    ev.update(over)
    return ev


def test_the_sentence_is_found_by_its_offsets_or_by_search():
    ev = arrest()
    assert sentence_span(ev, AR) == (ev["sentence_start"], ev["sentence_end"])
    # offsets from another version of the text: found by search instead
    assert sentence_span(arrest(sentence_start=0, sentence_end=10), AR) == (ev["sentence_start"], ev["sentence_end"])


def test_a_date_and_place_from_the_sentence_before_are_traced_there():
    got = inherited(arrest(), AR)
    assert [(k, w) for k, w, _, _ in got] == [("date", "يوم الأحد 3 آذار 2024"), ("place", "مدينة الحسكة")]
    assert all(e <= len(S1) for _, _, _, e in got)  # both in the first sentence
    lines = notes(arrest(), AR)
    assert len(lines) == 2 and "date" in lines[0] and "another sentence" in lines[0]


def test_words_of_the_event_sentence_are_not_inherited():
    start = AR.index(S1)
    ev = {"sentence": S1, "sentence_start": start, "sentence_end": len(S1),
          "date_text": "يوم الأحد 3 آذار 2024", "place_text": "مدينة الحسكة"}
    assert inherited(ev, AR) == [] and notes(ev, AR) == []


def test_the_article_is_right_to_left_with_the_sentence_and_its_sources_marked():
    out = article_html(AR, arrest(), "ar")
    assert out.startswith('<div dir="rtl" lang="ar"')
    assert f'<mark class="marsad-here" id="marsad-here" title="the event&#x27;s sentence">{S2}</mark>' in out
    assert 'class="marsad-source"' in out and "<b>مدينة الحسكة</b>" in out and "<b>يوم الأحد 3 آذار 2024</b>" in out
    # article text stays text
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.count("<br>") == 2


def test_an_english_article_with_a_second_mention():
    text = ("Security forces arrested three suspects in Kirkuk on Monday. "
            "Officials said more arrests were expected. "
            "The three suspects were arrested near the citadel, police said.")
    first = text.index("Security")
    third = text.index("The three")
    ev = {"sentence": text[first:text.index(" Officials")], "sentence_start": first,
          "sentence_end": text.index(" Officials"), "date_text": "on Monday", "place_text": "Kirkuk",
          "mentions": [{"sentence": text[third:], "start": third, "end": len(text)}]}
    out = article_html(text, ev, "en")
    assert out.startswith('<div dir="ltr"')
    assert out.count('class="marsad-here"') == 1 and out.count('class="marsad-mention"') == 1
    assert 'class="marsad-source"' not in out


@pytest.mark.parametrize("bad", [{"sentence_start": None}, {"sentence_start": "x"}, {"sentence_end": 10**9}])
def test_broken_offsets_do_not_break_the_panel(bad):
    out = article_html(AR, arrest(**bad), "ar")
    assert 'class="marsad-here"' in out  # found by search
