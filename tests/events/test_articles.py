"""Reading articles: every format, every encoding, the scraped seed, bad files beside good ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from events.articles import ArticlesError, IngestProblem, read_articles, read_articles_report
from events.readers import encoding as encoding_mod  # where the size limit is read
from events.schema import make_article_id
from conftest import SEED

# Our own sample article (not from any corpus): title, body, outlet.
TITLE = "اعتقال خلية في مخيم الهول شرقي الحسكة"
BODY = ("أعلنت قوى الأمن الداخلي اعتقال ثلاثة أشخاص في مخيم الهول يوم الخميس.\n"
        "وقالت في بيان إن العملية جرت بالتنسيق مع قوات التحالف الدولي.")
SOURCE = "وكالة الاختبار"
EN_TITLE = "Three arrested in al-Hol camp"
EN_BODY = "Security forces arrested three people in al-Hol camp on Thursday.\nThe operation was coordinated with the coalition."


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return p


def only(path: Path):
    arts, errors = read_articles_report(path)
    assert errors == [], errors
    assert len(arts) == 1, arts
    return arts[0]


# -- the bundled seed ---------------------------------------------------------------------------

def test_seed_splits_into_two_articles_with_their_metadata():
    arts = read_articles(SEED)
    assert len(arts) == 2
    first, second = arts
    assert first.title == '"قسد" تؤكد دعوتها لحضور اجتماع أمنى فى باريس ضد التهديدات الإرهابية'
    assert first.published == "2024-04-26"
    assert first.source == "البوابة نيوز"
    assert first.language == "ar"
    assert first.text.startswith("أحبطت قوى الأمن الداخلى")
    assert first.text.endswith("مع تنفيذ أى عملية بها.")
    # The outlet's quotes are typographic in the file; the words are the issue's.
    assert second.title.replace("“", '"').replace("”", '"') == \
        'في ظل الحكم الجديد في سوريا.. هل تولد نسخةٌ مطورة من "داعش"..!'
    assert second.source == "الجديد برس"
    assert second.published is None
    assert second.text.startswith("تشهد الساحة السورية مؤخراً")
    assert first.id != second.id


@pytest.mark.parametrize("dropped", [
    "تاريخ النشر", "المصدر:", "كلمات دلالية", "تابع أحدث الأخبار عبر تطبيق", "إقرأ أيضاً", "الجديد برس|",
    "هل تولد نسخةٌ مطورة",  # the second title is not part of either body
])
def test_seed_bodies_hold_no_metadata_or_boilerplate(dropped):
    for art in read_articles(SEED):
        assert dropped not in art.text


def test_seed_ids_are_stable_across_reads_and_copies(tmp_path):
    copy = write(tmp_path, "copy/seed.txt", SEED.read_bytes())
    assert [a.id for a in read_articles(SEED)] == [a.id for a in read_articles(copy)]


# -- scraped text rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "تابع أحدث الأخبار عبر تطبيق",
    "تابعونا على تويتر",
    "اشترك في قناتنا على تلغرام",
    "إعلان",
    "Advertisement",
])
def test_boilerplate_lines_are_dropped(tmp_path, line):
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{line}\n{BODY}\n"))
    assert line not in art.text
    assert art.text == BODY


@pytest.mark.parametrize("meta, field, value", [
    ("المصدر: وكالة الاختبار", "source", SOURCE),
    ("الرابط: https://example.org/news/1", "url", "https://example.org/news/1"),
])
def test_arabic_metadata_lines_fill_fields_and_leave_the_body(tmp_path, meta, field, value):
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{BODY}\n{meta}\nكلمات دلالية: الهول الحسكة\n"))
    assert getattr(art, field) == value
    assert art.text == BODY


@pytest.mark.parametrize("line", [
    "اشترك في الهجوم عشرات المسلحين من التنظيم.",  # "took part in": news, not a subscribe prompt
    "تابعوا سيرهم نحو الحدود رغم القصف.",  # "they went on": a verb, not "follow us"
    "إعلان حالة الطوارئ في المحافظة بعد الهجوم.",
])
def test_news_lines_that_look_like_boilerplate_are_kept(tmp_path, line):
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{BODY}\n{line}\n"))
    assert art.text == f"{BODY}\n{line}"


def test_breaking_label_is_not_an_outlet(tmp_path):
    line = "عاجل | انفجار سيارة مفخخة في مدينة القامشلي"
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{line}\n{BODY}\n"))
    assert art.source is None and art.text.startswith(line)


def test_arabic_header_with_blank_line_is_still_cleaned(tmp_path):
    text = f"{TITLE}\nتاريخ النشر: 2024-04-26\nالمصدر: {SOURCE}\n\nتابع أحدث الأخبار عبر تطبيق\n{BODY}\n"
    art = only(write(tmp_path, "a.txt", text))
    assert (art.published, art.source, art.text) == ("2024-04-26", SOURCE, BODY)


def test_read_also_inside_an_article_is_a_link_and_the_article_goes_on(tmp_path):
    more = "وأضاف البيان أن التحقيقات مستمرة مع الموقوفين."
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{BODY}\nاقرأ أيضا: انفجار في القامشلي\n{more}\n"))
    assert art.text == f"{BODY}\n{more}"


def test_a_file_without_a_title_line_keeps_its_first_paragraph(tmp_path):
    para = "أعلنت قوى الأمن الداخلي اعتقال ثلاثة أشخاص في مخيم الهول يوم الخميس، " * 4
    art = only(write(tmp_path, "a.txt", f"{para}\n{BODY}\n"))
    assert art.text == f"{para.strip()}\n{BODY}"
    assert 0 < len(art.title) <= 120 and para.startswith(art.title.rstrip("…"))


def test_read_also_followed_by_a_headline_only_is_a_dropped_link(tmp_path):
    text = f"{TITLE}\n{BODY}\nإقرأ أيضاً:\nعنوان خبر آخر لا نص له\n"
    art = only(write(tmp_path, "a.txt", text))
    assert art.text == BODY


def test_a_long_source_line_under_the_title_is_body(tmp_path):
    line = "المصدر: " + "قال مصدر أمني إن القوات اعتقلت خمسة مطلوبين في عملية نفذتها فجر اليوم " * 3
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{line}\n{BODY}\n"))
    assert art.source is None and art.text.startswith(line.strip())


def test_a_metadata_word_inside_a_sentence_is_body(tmp_path):
    # «المصدر:» starting a long sentence is text, not the outlet.
    line = "المصدر: " + "قال مسؤول أمني إن العملية أسفرت عن اعتقال عدد من المطلوبين في ريف دير الزور الشرقي"
    art = only(write(tmp_path, "a.txt", f"{TITLE}\n{BODY}\n{line}\n"))
    assert line in art.text
    assert art.source is None


# -- the header format of the dev corpus ---------------------------------------------------------

@pytest.mark.parametrize("published, expected", [
    ("2024-04-26", "2024-04-26"),
    ("unknown", None),
    ("unknown (2024-03-01 inferred)", None),  # a guess is not a publication date
    ("unknown (2022-09-09 likely)", None),
])
def test_header_format_fields_and_verbatim_body(tmp_path, published, expected):
    body = BODY + "\nالمصدر: جملة من النص تبقى كما هي"
    text = f"{TITLE}\npublished: {published}\nsource: {SOURCE}\nurl: https://example.org/a\nlanguage: ar\n\n{body}\n"
    art = only(write(tmp_path, "h.txt", text))
    assert (art.title, art.published, art.source, art.url, art.language) == \
        (TITLE, expected, SOURCE, "https://example.org/a", "ar")
    assert art.text == body  # offsets count from the start of the body, nothing removed


def test_dev_corpus_files_read_with_bodies_after_the_blank_line(corpus_dev):
    files = sorted((corpus_dev / "articles").glob("*.txt"))
    assert files
    arts, errors = read_articles_report(corpus_dev / "articles")
    assert errors == []
    assert len(arts) == len(files)
    for f, art in zip(files, arts):
        raw = f.read_text(encoding="utf-8")
        head, _, body = raw.partition("\n\n")
        assert art.text == body.rstrip("\n"), f
        assert art.title == head.split("\n")[0].strip()
        header = dict(line.split(": ", 1) for line in head.split("\n")[1:])
        assert art.language == header["language"]
        if header["published"].startswith("unknown"):
            assert art.published is None
        else:
            assert art.published == header["published"]
        gold = json.loads((corpus_dev / "gold" / f"{f.stem}.json").read_text(encoding="utf-8"))
        for g in gold:
            assert g["sentence"] in art.text, (f.name, g["sentence"][:40])


# -- formats ---------------------------------------------------------------------------------------

def _html(published_meta: str = "", time_tag: str = "") -> str:
    return f"""<!doctype html><html lang="ar"><head><meta charset="utf-8">
<title>{TITLE} - وكالة الاختبار</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="{SOURCE}">
{published_meta}
<style>p {{ color: red; }} .سري {{}}</style>
<script>var x = "نص برمجي لا يظهر";</script>
</head><body>
<nav><p>الرئيسية</p><p>سياسة</p></nav>
<article><h1>{TITLE}</h1>{time_tag}
<p>{BODY.split(chr(10))[0]}</p>
<p>{BODY.split(chr(10))[1]}</p>
<div class="share">شارك هذا الخبر</div>
</article>
<footer><p>جميع الحقوق محفوظة</p></footer>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{TITLE}"}}</script>
</body></html>"""


FORMAT_CASES = [
    ("article.txt", f"{TITLE}\nتاريخ النشر: 2024-04-26\n{BODY}\n", "2024-04-26"),
    ("article.txt", f"{TITLE}\nتاريخ النشر: ٢٦ نيسان ٢٠٢٤\n{BODY}\n", "2024-04-26"),
    ("article.txt", f"{TITLE}\nتاريخ النشر: 26 أبريل 2024\n{BODY}\n", "2024-04-26"),
    ("article.txt", f"{TITLE}\nتاريخ النشر: 26th, April 2024 GMT\n{BODY}\n", "2024-04-26"),
    ("articles.jsonl", json.dumps({"id": "given-1", "title": TITLE, "published": "2024-04-26T08:30:00Z",
                                   "source": SOURCE, "url": None, "language": "ar", "text": BODY},
                                  ensure_ascii=False) + "\n", "2024-04-26"),
    ("articles.json", json.dumps([{"id": "given-1", "title": TITLE, "published": "26 أبريل 2024",
                                   "source": SOURCE, "text": BODY}], ensure_ascii=False, indent=2), "2024-04-26"),
    ("article.json", json.dumps({"id": "given-1", "title": TITLE, "published": None, "source": SOURCE,
                                 "text": BODY}, ensure_ascii=False, indent=2), None),
    ("articles.csv", "id,title,published,source,url,language,text\r\n"
                     f'given-1,{TITLE},2024-04-26,{SOURCE},,ar,"{BODY}"\r\n', "2024-04-26"),
    ("page.html", _html('<meta property="article:published_time" content="2024-04-26T10:00:00+03:00">'), "2024-04-26"),
    ("page.html", _html(time_tag='<time datetime="2024-04-26">٢٦ نيسان</time>'), "2024-04-26"),
    ("page.htm", _html(), None),
]


@pytest.mark.parametrize("name, content, published", FORMAT_CASES)
def test_each_format_gives_the_article(tmp_path, name, content, published):
    art = only(write(tmp_path, name, content))
    assert art.title == TITLE
    assert art.text == BODY
    assert art.published == published
    assert art.language == "ar"
    if not name.endswith(".txt"):
        assert art.source == SOURCE
    if name.endswith((".jsonl", ".json", ".csv")):
        assert art.id == "given-1"  # a given id is kept
    else:
        assert art.id == make_article_id(TITLE, BODY)


def test_html_drops_scripts_styles_navigation_and_share_buttons(tmp_path):
    art = only(write(tmp_path, "page.html", _html()))
    for gone in ("نص برمجي", "color", "الرئيسية", "جميع الحقوق", "شارك هذا", "NewsArticle"):
        assert gone not in art.text


def test_english_article_is_english(tmp_path):
    art = only(write(tmp_path, "en.txt", f"{EN_TITLE}\n{EN_BODY}\n"))
    assert (art.language, art.title, art.text) == ("en", EN_TITLE, EN_BODY)


@pytest.mark.parametrize("given, expected", [("Arabic", "ar"), ("en-US", "en"), ("", "ar"), ("xx", "ar")])
def test_given_language_is_understood_else_by_script(tmp_path, given, expected):
    line = json.dumps({"title": TITLE, "text": BODY, "language": given}, ensure_ascii=False)
    assert only(write(tmp_path, "a.jsonl", line)).language == expected


# -- encodings -------------------------------------------------------------------------------------

ENCODINGS = [
    ("utf-8", lambda s: s.encode("utf-8")),
    ("utf-8 with BOM", lambda s: s.encode("utf-8-sig")),
    ("utf-16 LE with BOM", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
    ("utf-16 BE with BOM", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
    ("windows-1256", lambda s: s.encode("cp1256")),
    ("windows-1256, CRLF", lambda s: s.replace("\n", "\r\n").encode("cp1256")),
]


@pytest.mark.parametrize("label, encode", ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("suffix", [".txt", ".csv", ".jsonl"])
def test_each_encoding_reads_the_same_article(tmp_path, label, encode, suffix):
    if suffix == ".txt":
        content = f"{TITLE}\nالمصدر: {SOURCE}\n{BODY}\n"
    elif suffix == ".csv":
        content = f'title,source,text\n{TITLE},{SOURCE},"{BODY}"\n'
    else:
        content = json.dumps({"title": TITLE, "source": SOURCE, "text": BODY}, ensure_ascii=False) + "\n"
    art = only(write(tmp_path, "a" + suffix, encode(content)))
    assert (art.title, art.text, art.source) == (TITLE, BODY, SOURCE)
    assert art.id == make_article_id(TITLE, BODY)


@pytest.mark.parametrize("name, data, says", [
    ("latin1.txt", "Réunion à Genève: les ministres ont discuté la sécurité régionale.\nSuite.".encode("latin-1"),
     "neither UTF-8 nor Windows-1256"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary"),
    ("utf16-no-bom.txt", f"{TITLE}\n{BODY}".encode("utf-16-le"), "binary"),
    ("empty.txt", b"", "empty"),
    # UTF-8 with one broken byte must not be "rescued" as Windows-1256 mojibake («ط§ظ„…»).
    ("cut.txt", f"{TITLE}\n{BODY}".encode()[:60] + b"\xff" + f"{TITLE}\n{BODY}".encode()[60:], "invalid bytes"),
    ("broken.json", b'{"title": "x", "text": ', "not valid JSON"),
    ("no-text.csv", "title,source\nعنوان,مصدر\n".encode(), "no 'text' column"),
])
def test_bad_file_gives_one_error_naming_it_and_good_files_still_read(tmp_path, name, data, says):
    write(tmp_path, "good.txt", f"{TITLE}\n{BODY}\n")
    write(tmp_path, name, data)
    arts, errors = read_articles_report(tmp_path)
    assert [a.title for a in arts] == [TITLE]
    assert len(errors) == 1
    assert name in errors[0] and says in errors[0]
    assert isinstance(errors[0], IngestProblem) and errors[0].path.endswith(name)


def test_read_articles_raises_with_the_good_articles_attached(tmp_path):
    write(tmp_path, "good.txt", f"{TITLE}\n{BODY}\n")
    write(tmp_path, "bad.txt", b"\x00\x01\x02binary")
    with pytest.raises(ArticlesError, match="bad.txt") as info:
        read_articles(tmp_path)
    assert [a.title for a in info.value.articles] == [TITLE]


def test_file_over_the_size_limit_is_refused_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(encoding_mod, "MAX_FILE_BYTES", 100)
    p = write(tmp_path, "big.txt", f"{TITLE}\n{BODY}\n")
    arts, errors = read_articles_report(p)
    assert arts == [] and "big.txt" in errors[0] and "limit" in errors[0]


# -- records: bad lines and rows -------------------------------------------------------------------

def test_jsonl_bad_lines_are_reported_by_line_and_the_rest_read(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": TITLE, "text": BODY}, ensure_ascii=False),
        '{"id": "a2", "title": "مقطوع", ',
        json.dumps({"id": "a3", "title": "بلا نص"}, ensure_ascii=False),
        json.dumps({"id": "a4", "title": EN_TITLE, "text": EN_BODY, "published": "يوم ما"}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
    ]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    arts, errors = read_articles_report(p)
    assert [a.id for a in arts] == ["a1", "a4"]
    assert arts[1].published is None  # unreadable date: unknown, never today
    by_line = {e.line: e for e in errors}
    assert set(by_line) == {2, 3, 4, 5}
    assert f"{p}:2:" in by_line[2] and "not valid JSON" in by_line[2]
    assert by_line[3].field == "text"
    assert by_line[4].field == "published" and "يوم ما" in by_line[4]


def test_csv_bad_rows_are_reported_by_row_and_the_rest_read(tmp_path):
    content = ("id,title,published,text\n"
               f'c1,{TITLE},2024-04-26,"{BODY}"\n'
               "c2,عنوان بلا نص,2024-04-27,\n"
               f"c3,{EN_TITLE},2024-04-28,{EN_BODY.splitlines()[0]},extra cell\n"
               f"c4,{EN_TITLE},2024-04-29,{EN_BODY.splitlines()[0]}\n")
    p = write(tmp_path, "batch.csv", content)
    arts, errors = read_articles_report(p)
    assert [a.id for a in arts] == ["c1", "c4"]
    assert arts[0].text == BODY  # a quoted cell keeps its line break
    assert any("row 2" in e and e.field == "text" and e.line == 4 for e in errors), errors
    assert any("row 3" in e and "cells" in e and e.line == 5 for e in errors), errors


def test_same_given_id_for_different_articles_is_an_error(tmp_path):
    write(tmp_path, "a.jsonl", json.dumps({"id": "x", "title": TITLE, "text": BODY}, ensure_ascii=False))
    write(tmp_path, "b.jsonl", json.dumps({"id": "x", "title": EN_TITLE, "text": EN_BODY}))
    arts, errors = read_articles_report(tmp_path)
    assert len(arts) == 1 and len(errors) == 1 and "'x'" in errors[0] and "b.jsonl" in errors[0]


# -- folders ---------------------------------------------------------------------------------------

def test_folders_are_read_recursively_in_order_skipping_hidden_and_other_files(tmp_path):
    write(tmp_path, "b/2.txt", f"{EN_TITLE}\n{EN_BODY}\n")
    write(tmp_path, "a.txt", f"{TITLE}\n{BODY}\n")
    write(tmp_path, ".hidden.txt", "مخفي\nلا يقرأ\n")
    write(tmp_path, ".git/x.txt", "مخفي\nلا يقرأ\n")
    write(tmp_path, "README.md", "# notes")
    arts, errors = read_articles_report(tmp_path)
    assert errors == []
    assert [a.title for a in arts] == [TITLE, EN_TITLE]


@pytest.mark.parametrize("name, says", [("missing.txt", "no such file"), ("notes.docx", "unsupported")])
def test_a_named_file_that_cannot_be_read_is_an_error(tmp_path, name, says):
    if name.endswith(".docx"):
        write(tmp_path, name, b"PK\x03\x04")
    arts, errors = read_articles_report(tmp_path / name)
    assert arts == [] and name in errors[0] and says in errors[0]
