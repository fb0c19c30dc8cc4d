"""Hostile input files: special files, malformed content, odd file names.

Each shape sits beside a good file: the good one is stored, the bad one gets exactly one line on
stderr naming it, and nothing raises.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from events.articles import parse_html, read_articles_report, read_file_report
from events.readers import encoding as encoding_mod  # where the size limit is read
from events.cli import main
from events.store import Store

ROOT = Path(__file__).resolve().parents[2]
GOOD_TITLE = "اعتقال خلية في مخيم الهول شرقي الحسكة"
GOOD_BODY = "أعلنت قوى الأمن الداخلي اعتقال ثلاثة أشخاص في مخيم الهول يوم الخميس."
BODY_2 = "Police arrested two men in Mosul on Tuesday after a raid on a warehouse."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def good_file(folder: Path) -> Path:
    p = folder / "a_good.txt"
    p.write_text(f"{GOOD_TITLE}\n{GOOD_BODY}\n", encoding="utf-8")
    return p


def record(text: str, **extra) -> str:
    return json.dumps({"title": "Raid in Mosul", "text": text, **extra}, ensure_ascii=False)


# -- only regular files are read ------------------------------------------------------

def _limited() -> None:
    # Old code read /dev/zero until memory ran out: cap it so a regression fails fast instead
    # of taking the machine down.
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_a_fifo_and_a_symlink_to_a_device_are_refused_and_the_rest_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good_file(folder)
    os.mkfifo(folder / "feed.jsonl")  # nobody writes to it: reading it would wait forever
    (folder / "zero.txt").symlink_to("/dev/zero")  # st_size 0, endless content
    db = tmp_path / "marsad.db"
    proc = subprocess.run([sys.executable, "-m", "events.cli", "ingest", str(folder), "--db", str(db)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, preexec_fn=_limited)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 2, lines
    assert any("feed.jsonl" in ln and "FIFO" in ln and "regular file" in ln for ln in lines)
    assert any("zero.txt" in ln and "device" in ln for ln in lines)
    assert "Traceback" not in proc.stderr
    assert [a.title for a in Store(db).articles()] == [GOOD_TITLE]


def test_the_size_limit_holds_while_reading_not_only_from_the_size_on_disk(tmp_path, monkeypatch):
    """A file that says it is small (st_size: a growing file, a /proc file) is cut at the limit."""
    p = tmp_path / "grows.txt"
    p.write_text(f"{GOOD_TITLE}\n{GOOD_BODY * 20}\n", encoding="utf-8")
    monkeypatch.setattr(encoding_mod, "MAX_FILE_BYTES", 300)
    real_fstat, real_stat = os.fstat, Path.stat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, 0, 0, 0)))
    monkeypatch.setattr(Path, "stat", lambda self, **kw: os.stat_result((*real_stat(self, **kw)[:6], 10, 0, 0, 0)))
    arts, errors = read_file_report(p)
    assert arts == [] and len(errors) == 1 and "limit" in errors[0]


# -- one malformed file never aborts the rest --------------------------------------------

DEEP = "[" * 50_000 + "]" * 50_000
HUGE = "9" * 5_000

BAD_FILES = [
    pytest.param("deep.json", DEEP, "nested too deeply", id="deep-json-array"),
    pytest.param("deep_object.json", '{\n"articles": ' + DEEP + "\n}", "nested too deeply", id="deep-json-object"),
    pytest.param("deep.jsonl", record(BODY_2) + "\n" + '{"text": ' + DEEP + "}\n", "nested too deeply",
                 id="deep-jsonl-line"),
    pytest.param("huge.jsonl", '{"id": ' + HUGE + ', "text": "' + BODY_2 + '"}\n', "number too long",
                 id="huge-integer"),
    pytest.param("huge_array.json", '[{"text": "x", "n": ' + HUGE + "}]", "number too long", id="huge-integer-array"),
    pytest.param("surrogate.jsonl", '{"title": "\\ud800 bad", "text": "' + BODY_2 + '"}\n', "surrogate",
                 id="lone-surrogate-title"),
    pytest.param("surrogate_text.json", '[{"text": "قتل \\udfff مدنيين"}]', "surrogate", id="lone-surrogate-text"),
]


@pytest.mark.parametrize("name, content, why", BAD_FILES)
def test_a_malformed_file_gets_one_line_and_the_good_file_is_stored(tmp_path, capsys, name, content, why):
    folder = tmp_path / "in"
    folder.mkdir()
    good_file(folder)
    (folder / name).write_text(content, encoding="utf-8")
    db = tmp_path / "marsad.db"
    rc, out, err = run(capsys, "ingest", str(folder), "--db", str(db))
    lines = err.splitlines()
    assert rc == 1
    assert len(lines) == 1 and name in lines[0] and why in lines[0], lines
    titles = {a.title for a in Store(db).articles()}
    assert GOOD_TITLE in titles


def test_the_good_lines_of_a_jsonl_beside_a_deep_one_are_read(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(record(BODY_2) + "\n" + DEEP + "\n" + record(GOOD_BODY, title=GOOD_TITLE) + "\n", encoding="utf-8")
    arts, errors = read_articles_report(p)
    assert [a.title for a in arts] == ["Raid in Mosul", GOOD_TITLE]
    assert len(errors) == 1 and f"{p}:2:" in errors[0]


def test_deep_json_ld_in_a_page_does_not_stop_its_text(tmp_path):
    page = ('<html><head><script type="application/ld+json">' + DEEP + '</script>'
            '<script type="application/ld+json">{"@graph": [' + "[" * 200 + "]" * 200
            + ', {"headline": "Raid in Mosul"}]}</script></head><body><article><p>' + BODY_2
            + "</p></article></body></html>")
    arts, errors = parse_html(page, "page.html")
    assert errors == [] and arts[0].text == BODY_2 and arts[0].title == "Raid in Mosul"


def test_a_file_name_that_is_not_utf8_is_read_and_stored(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"report-\xff\xfe.txt"), "wb") as f:
        f.write(f"{GOOD_TITLE}\n{GOOD_BODY}\n".encode())
    db = tmp_path / "marsad.db"
    rc, out, err = run(capsys, "ingest", str(folder), "--db", str(db))
    assert rc == 0 and err == ""
    [article] = Store(db).articles()
    assert article.path.endswith("report-\\xff\\xfe.txt")


IMPORT_BAD = [
    pytest.param("deep.jsonl", "{}\n" + DEEP + "\n", 2, "nested too deeply", id="deep-line"),
    pytest.param("deep.json", DEEP, None, "nested too deeply", id="deep-array"),
    pytest.param("huge.jsonl", '{"counts": {"killed": ' + HUGE + "}}\n", 1, "number too long", id="huge-integer"),
]


@pytest.mark.parametrize("name, content, line, why", IMPORT_BAD)
def test_import_names_a_malformed_file_and_reads_the_next(tmp_path, capsys, name, content, line, why):
    db = tmp_path / "marsad.db"
    with Store(db) as store:
        store.conn.execute("SELECT 1")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.jsonl"
    rc, out, err = run(capsys, "export", "--db", str(db), "--output", str(good))
    rc, out, err = run(capsys, "import", str(bad), str(good), "--db", str(db))
    assert rc == 1 and "Traceback" not in err
    assert any(why in ln and (f"{name}:{line}:" if line else name) in ln for ln in err.splitlines()), err


def test_import_refuses_a_lone_surrogate_by_field_and_stores_the_rest(tmp_path, capsys):
    from dash_sample import sample_events

    events = sample_events()[:2]
    lines = [json.dumps(e.to_dict(), ensure_ascii=True) for e in events]
    lines[0] = lines[0].replace('"sentence": "', '"sentence": "\\udc00', 1)
    p = tmp_path / "events.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "marsad.db"
    rc, out, err = run(capsys, "import", str(p), "--db", str(db))
    assert rc == 1 and f"{p}:1: sentence:" in err and "surrogate" in err and err.count("\n") == 1
    assert [e.event_id for e in Store(db).events()] == [events[1].event_id]


# -- names are escaped in messages ------------------------------------------------------

@pytest.mark.parametrize("raw, shown", [
    ("evil\nmarsad ingest: all good.txt", "evil\\nmarsad ingest: all good.txt"),
    ("tab\there\r.txt", "tab\\there\\r.txt"),
    ("bell\x07\x1b[31m.txt", "bell\\x07\\x1b[31m.txt"),
    ("\u202eevil.txt", "\\u202eevil.txt"),
    ("خبر\u2028عاجل.txt", "خبر\\u2028عاجل.txt"),
    ("bytes-\udcff.txt", "bytes-\\xff.txt"),
])
def test_one_line_escapes_what_could_forge_or_reorder_a_message(raw, shown):
    from events.articles import one_line

    assert one_line(raw) == shown
    assert one_line(shown) == shown  # escaping twice changes nothing


def test_a_newline_in_a_file_name_cannot_forge_a_line_on_stderr(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    good_file(folder)
    (folder / "x\nmarsad ingest: read 99 articles.txt").write_bytes(b"\x00\x01binary")
    rc, out, err = run(capsys, "ingest", str(folder), "--db", str(tmp_path / "m.db"))
    assert rc == 1 and err.count("\n") == 1
    assert "x\\nmarsad ingest: read 99 articles.txt" in err


def test_a_missing_path_with_a_newline_is_one_line(tmp_path, capsys):
    rc, out, err = run(capsys, "extract", str(tmp_path / "no\nsuch"), "--output", str(tmp_path / "o.jsonl"))
    assert rc == 2 and err.count("\n") == 1 and "no\\nsuch" in err
