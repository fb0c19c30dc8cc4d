"""geo.arabic: normalisation for matching (marks dropped, presentation forms folded), tokens and
clitics — and the promise built on it: vocalised or PDF-pasted Arabic yields the events of plain
text, with offsets into the text as given."""

from __future__ import annotations

import unicodedata

import pytest

from events.extract import extract_article
from events.schema import Article
from geo.arabic import normalize, normalize_with_index, script_of, strip_clitics, to_ascii_digits, tokens


def _forms() -> dict[str, dict[str, str]]:
    """letter -> {"isolated"/"initial"/"medial"/"final": presentation form}, from Unicode data."""
    forms: dict[str, dict[str, str]] = {}
    for cp in range(0xFE70, 0xFEFF):
        tag, *codes = (unicodedata.decomposition(chr(cp)) or "x").split()
        if tag.startswith("<") and len(codes) == 1:
            forms.setdefault(chr(int(codes[0], 16)), {})[tag.strip("<>")] = chr(cp)
    return forms


FORMS = _forms()


def pdf_paste(text: str) -> str:
    """``text`` as a PDF copy gives it: every letter in its contextual presentation form, and the
    ligatures ﻻ (lam-alef) and ﷲ (Allah)."""
    text = text.replace("الله", "\ufdf2")
    out = []
    for i, ch in enumerate(text):
        forms = FORMS.get(ch)
        if not forms:
            out.append(ch)
            continue
        joins_prev = i > 0 and "initial" in FORMS.get(text[i - 1], {})  # a dual-joining letter before
        joins_next = "initial" in forms and i + 1 < len(text) and text[i + 1] in FORMS
        shape = ("medial" if joins_prev and joins_next else "final" if joins_prev
                 else "initial" if joins_next else "isolated")
        out.append(forms.get(shape) or forms.get("final" if joins_prev else "isolated") or ch)
    shaped = "".join(out)
    for lam in ("\ufedf", "\ufee0"):  # lam + alef → one lam-alef ligature, as PDFs encode it
        shaped = shaped.replace(lam + "\ufe8e", "\ufefb" if lam == "\ufedf" else "\ufefc")
    return shaped


# -- normalize / normalize_with_index ----------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("الحسكة", "الحسكه"),                       # ta marbuta
    ("أمريكا", "امريكا"),                        # hamza on alef
    ("إدلب", "ادلب"),
    ("مصطفى", "مصطفي"),                          # alef maqsura
    ("قُتِلَ", "قتل"),                            # harakat
    ("الرقـــة", "الرقة"),                        # tatweel
    ("٢٠٢٤", "2024"),                             # Arabic-Indic digits
    ("۱۴۰۳", "1403"),                             # Persian digits
    ("ﻻ", "لا"),                                  # lam-alef ligature
    ("ﷲ", "الله"),                                # Allah ligature
    ("ﺍﻟﺮﻗﺔ", "الرقة"),                           # contextual forms (PDF paste)
    ("Raqqā", "raqqa"),                           # Latin accents and case
    ("  دير   الزور ", "دير الزور"),               # spaces collapsed
])
def test_normalize_makes_spelling_variants_one(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize("text", ["قُتِلَ ثَلَاثَةُ جُنُودٍ", "اﻻثنين في ﺍﻟﺮﻗﺔ", "حزب ﷲ", "Raqqā, ٢٠٢٤"])
def test_normalize_with_index_maps_every_character_back(text):
    n = normalize_with_index(text)
    assert len(n.text) == len(n.index)
    assert all(normalize(text[i]) in (n.text[k], "") or text[i] in "ﻻﷲ" or not text[i].strip()
               for k, i in enumerate(n.index))
    assert list(n.index) == sorted(n.index)


@pytest.mark.parametrize("text", [
    "أعلنت قوات الأمن اعتقال خمسة مطلوبين في الموصل",   # plain: folded in one pass
    "قصفت الطائرات مواقع شمال إدلب يوم ٣ آذار ٢٠٢٤",       # digits and hamza, still one to one
    "قُتِلَ ثلاثة جنود في هجومٍ على حاجز",                 # harakat: dropped
    "الرقـــة", "ﻻ تعليق", "ﺍﻟﺮﻗﺔ",                        # tatweel, ligature, contextual forms
    "Clashes in Raqqā and İdlib; AFP\u200f reported",     # accents, a direction mark
    "", " ", "\u0640",
    "«قسد» تؤكد", "أإآٱ ى ة ـــ", "مُحَمَّدٌ ١٢٣ ۴۵", "Raqqā  Ḥasakah", "ARBAEEN\tZiyara\n", "کرکوک گ",
    "Ελλάδα", "\u200fنص\u200e",
])
def test_normalize_with_index_in_one_pass_equals_char_by_char(text):
    from geo.arabic import _normalize_with_index_by_char

    assert normalize_with_index(text) == _normalize_with_index_by_char(text)
    assert normalize(text) == " ".join(_normalize_with_index_by_char(text).text.split())


def test_a_span_keeps_the_diacritics_of_its_last_letter():
    text = "فِي مَدِينَةِ الرَّقَّةِ أمس"
    n = normalize_with_index(text)
    k = n.text.index("الرقه")
    s, e = n.span(k, k + len("الرقه"))
    assert text[s:e] == "الرَّقَّةِ"


def test_normalize_is_idempotent_on_pasted_text():
    once = normalize(pdf_paste("قُتِلَ جنديان في الرقة"))
    assert normalize(once) == once == normalize("قتل جنديان في الرقه")


# -- tokens, clitics, script, digits -----------------------------------------------------------------

def test_tokens_are_normalized_with_offsets_into_the_given_text():
    text = "وَصَلَ الوفدُ إلى الحسكةِ، ثم Raqqa."
    toks = tokens(text)
    assert [w for w, _, _ in toks] == ["وصل", "الوفد", "الي", "الحسكه", "ثم", "raqqa"]
    for word, s, e in toks:
        assert normalize(text[s:e]) == word


@pytest.mark.parametrize("word, stems", [
    ("وبالحسكه", ["وبالحسكه", "بالحسكه", "الحسكه", "حسكه"]),
    ("لموسكو", ["لموسكو", "موسكو"]),
    ("والرقه", ["والرقه", "الرقه", "رقه"]),
    ("بغداد", ["بغداد", "غداد"]),  # the clitic reading is only a candidate; the gazetteer decides
])
def test_strip_clitics_offers_the_stems_as_suffixes_of_the_word(word, stems):
    got = strip_clitics(word)
    assert got[0] == word and set(stems) <= set(got)
    assert all(word.endswith(s) for s in got) and len(got) == len(set(got))


@pytest.mark.parametrize("text, script", [
    ("اعتقال خلية في الحسكة", "ar"), ("Police arrested two men", "en"), ("2024-04-26 !", "other"),
    ("ﺍﻟﺮﻗﺔ", "ar"), ("قُتِلَ", "ar"),
])
def test_script_of(text, script):
    assert script_of(text) == script


def test_to_ascii_digits_keeps_the_length():
    assert to_ascii_digits("قتل ٣ و۴ في 2024") == "قتل 3 و4 في 2024"


# -- the promise: vocalised and pasted Arabic yield the events of plain text -------------------------

SENTENCES = {
    "attack": ("قتل ثلاثة جنود في هجوم شنه تنظيم داعش على حاجز للجيش قرب مدينة تدمر يوم الأحد 14 نيسان 2024.",
               "قُتِلَ ثَلَاثَةُ جُنُودٍ فِي هُجُومٍ شَنَّهُ تَنْظِيمُ دَاعِشَ عَلَى حَاجِزٍ لِلْجَيْشِ قُرْبَ مَدِينَةِ تَدْمُرَ "
               "يَوْمَ الْأَحَدِ 14 نَيْسَانَ 2024."),
    "airstrike": ("شنت طائرات التحالف الدولي غارة جوية على موقع لتنظيم داعش في ريف دير الزور الشرقي يوم الاثنين.",
                  "شَنَّتْ طَائِرَاتُ التَّحَالُفِ الدَّوْلِيِّ غَارَةً جَوِّيَّةً عَلَى مَوْقِعٍ لِتَنْظِيمِ دَاعِشَ فِي رِيفِ دَيْرِ "
                  "الزُّورِ الشَّرْقِيِّ يَوْمَ الِاثْنَيْنِ."),
    "arrest": ("اعتقلت قوات سوريا الديمقراطية خمسة عناصر من تنظيم داعش في مدينة الرقة يوم الاثنين.",
               "اِعْتَقَلَتْ قُوَّاتُ سُورِيَا الدِّيمُقْرَاطِيَّةِ خَمْسَةَ عَنَاصِرَ مِنْ تَنْظِيمِ دَاعِشَ فِي مَدِينَةِ الرَّقَّةِ "
               "يَوْمَ الِاثْنَيْنِ."),
    "hezbollah": ("قصف حزب الله موقعا عسكريا إسرائيليا في الجليل يوم الثلاثاء.", None),
    "tatweel": ("اعتقلت الشرطة العراقية أربعة متهمين بالإرهاب في الموصل يوم الاثنين.",
                "اعتـــقلت الشرطة العراقيـة أربعة متهمين بالإرهاب في الموصـل يوم اﻻثنين."),
}


def _article(text: str) -> Article:
    return Article(id="a", title="", published="2024-04-16", source=None, url=None, language="ar",
                   text="مقدمة الخبر.\n" + text + "\nوأضاف المصدر أن التحقيق مستمر.", path="x")


def _signature(events) -> list[tuple]:
    return [(e.event_type, e.date_start, e.date_end, e.date_precision, e.place_id, tuple(e.actors),
             tuple(sorted(e.counts.items())), e.tense) for e in events]


VARIANTS = [pytest.param(name, kind, id=f"{name}-{kind}") for name in SENTENCES
            for kind in ("vocalised", "pdf") if kind == "pdf" or SENTENCES[name][1]]


@pytest.mark.parametrize("name, kind", VARIANTS)
def test_vocalised_and_pasted_arabic_yield_the_events_of_plain_text(name, kind):
    plain, vocalised = SENTENCES[name]
    given = vocalised if kind == "vocalised" else pdf_paste(plain)
    expected = extract_article(_article(plain))
    assert expected, "the plain sentence reports an event"
    art = _article(given)
    got = extract_article(art)
    assert _signature(got) == _signature(expected)
    for ev in got:
        # offsets index the text as given, and the sentence is that text, marks and forms included
        assert art.text[ev.sentence_start:ev.sentence_end] == ev.sentence
        assert normalize(ev.sentence) == normalize(given)
        for m in ev.mentions:
            assert art.text[m["start"]:m["end"]] == m["sentence"]
        for words in (ev.place_text, ev.date_text):
            assert words is None or words in art.text
