"""Arabic personal names in Latin letters (persons the lexicon does not know)."""

from __future__ import annotations

import pytest

from events.actors import find_actors
from events.transliterate import latin_name, load_names
from geo.errors import LexiconError


@pytest.mark.parametrize("arabic, latin", [
    ("محمد الحسن", "Mohammed al-Hassan"),          # given names of the table
    ("عبد الله الثاني", "Abdullah al-Thani"),       # a compound of the table
    ("عبد الكريم خليل", "Abdul Karim Khalil"),
    ("عبد المنعم الجبوري", "Abdul Manam al-Jabouri"),  # «عبد» + an al- word: Abdul …
    ("عبدالمنعم الجبوري", "Abdulmanam al-Jabouri"),   # … written as one word
    ("مصطفى البكور", "Mustafa al-Bakour"),
    ("تيسير الفلاحي", "Taysir al-Falahi"),          # a diphthong opens the word
    ("أمير العقلة", "Amir al-Aqla"),                # initial alef and ain carry the vowel
    ("سامي عون", "Sami Aoun"),
    ("Karl Smith", "Karl Smith"),                   # a Latin name is kept
])
def test_latin_name(arabic, latin):
    assert latin_name(arabic) == latin


def test_no_arabic_letter_is_left():
    for name in ("ظافر الغزي", "ثامر الذهبي", "ضياء الطائي", "ئؤء"):
        assert not any("\u0600" <= c <= "\u06ff" for c in latin_name(name))


def test_a_person_found_by_title_is_named_in_latin_letters():
    text = "وأعلن وزير النفط عبد القادر الدخيل أن الطريق أعيد فتحه"
    got = [m for m in find_actors(text) if m.actor.type == "person"]
    assert [m.actor.name for m in got] == ["Abdul Qadir al-Dakhil"]
    assert text[got[0].start:got[0].end] == "عبد القادر الدخيل"


def test_a_malformed_names_lexicon_is_reported(tmp_path):
    p = tmp_path / "names.yaml"
    p.write_text("given: {محمد: Mohammed}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="letters"):
        load_names(p)
