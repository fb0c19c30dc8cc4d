"""The "Add articles" tab: odd names, malformed files, capped work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import upload
from dashboard.upload import ingest_uploads, suffix_of
from events.store import Store
from test_app import db, finish_upload  # noqa: F401 - db: a store of sample events, as MARSAD_DB

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
GOOD = ("اعتقال خلية في الرقة\nاعتقلت قوات سوريا الديمقراطية خمسة عناصر من تنظيم داعش في مدينة الرقة يوم "
        "الاثنين الأول من تموز 2024.\n").encode("utf-8")
DEEP = "[" * 50_000 + "]" * 50_000


def upload_files(files: list[tuple[str, bytes, str]]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "add"
    at.run()
    at.file_uploader(key="upload_files").set_value(files).run()
    at.button(key="upload_go").click().run()
    return finish_upload(at)


def titles(db: Path) -> list[str]:
    with Store(db) as s:
        return [a.title for a in s.articles()]


@pytest.mark.parametrize("name, suffix", [
    (".txt", ".txt"), ("report.TXT", ".txt"), ("batch.jsonl", ".jsonl"), ("page.htm", ".htm"),
    ("archive.tar.json", ".json"), ("notes", ""),
])
def test_the_format_of_an_uploaded_name(name, suffix):
    assert suffix_of(name) == suffix


def test_a_file_named_dot_txt_is_read_as_a_text_article(db):
    at = upload_files([(".txt", GOOD, "text/plain")])
    assert not at.error, [e.value for e in at.error]
    assert any(".txt" in s.value and "1 article" in s.value for s in at.success)
    assert "اعتقال خلية في الرقة" in titles(db)


def test_error_lines_name_the_file_once(db):
    bad = b'{"title": "no text"}\n{oops\n' + json.dumps({"title": "t", "text": 5}).encode() + b"\n"
    at = upload_files([("broken.jsonl", bad, "application/json")])
    [error] = [e.value for e in at.error]
    assert error.count("broken") == 1
    assert "line 1" in error and "line 2" in error and "line 3" in error


MALFORMED = [
    pytest.param("deep.json", DEEP.encode(), "nested too deeply", id="deep-json"),
    pytest.param("deep.jsonl", ('{"text": ' + DEEP + "}\n").encode(), "nested too deeply", id="deep-jsonl"),
    pytest.param("huge.jsonl", ('{"id": ' + "7" * 5000 + ', "text": "Police arrested two men."}\n').encode(),
                 "number too long", id="huge-integer"),
    pytest.param("surrogate.json", b'[{"text": "\\ud800 Police arrested two men."}]', "surrogate", id="lone-surrogate"),
    pytest.param("page.html", ('<html><script type="application/ld+json">' + DEEP + "</script><body><p>"
                               "Police arrested two men in Mosul.</p></body></html>").encode(), None, id="deep-json-ld"),
]


@pytest.mark.parametrize("name, content, why", MALFORMED)
def test_a_malformed_upload_is_one_error_and_the_good_file_is_stored(db, name, content, why):
    at = upload_files([(name, content, "application/octet-stream"), ("raqqa.txt", GOOD, "text/plain")])
    errors = [e.value for e in at.error]
    if why is None:  # the page's text is read despite its broken metadata
        assert errors == [] and any("page" in s.value and "1 article" in s.value for s in at.success)
    else:
        assert len(errors) == 1 and why in errors[0].replace("\\", "")
    assert "اعتقال خلية في الرقة" in titles(db)
    assert any("raqqa" in s.value for s in at.success)


def test_work_past_the_cap_is_stored_and_left_for_marsad_extract(db, monkeypatch):
    monkeypatch.setattr(upload, "MAX_EXTRACT_CHARS", len(GOOD.decode().split("\n")[1]) + 5)  # one body fits
    second = GOOD.replace("الرقة".encode(), "الحسكة".encode())
    at = upload_files([("a.txt", GOOD, "text/plain"), ("b.txt", second, "text/plain")])
    summary = at.info[-1].value
    assert "1 article(s) were stored without extracting" in summary and "marsad extract" in summary
    assert {"اعتقال خلية في الرقة", "اعتقال خلية في الحسكة"} <= set(titles(db))
    with Store(db) as s:
        ids = {a.title: a.id for a in s.articles()}
        per_article = {t: [e for e in s.events() if e.article_id == ids[t]] for t in ids}
    assert per_article["اعتقال خلية في الرقة"] and not per_article["اعتقال خلية في الحسكة"]


class _File:
    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_ingest_uploads_counts_and_reports_per_file(fresh_store):
    report = ingest_uploads(fresh_store, [_File("a.txt", GOOD), _File("x\nforged.txt", b"\x00\x01binary")])
    assert [f.articles for f in report.files] == [1, 0]
    assert report.files[1].name == "x\\nforged.txt" and "binary" in report.files[1].problems[0]
    assert report.new == 1 and report.extracted == 1 and report.events >= 1 and not report.deferred
