"""Command-line mistakes that used to corrupt the store or print a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from events import curation
from events.cli import main
from events.schema import Article, validate
from events.store import Store

ROOT = Path(__file__).resolve().parents[2]
STORED = Article(id="ar_given_7", title="قصف على ريف إدلب", published="2024-02-10", language="ar",
                 text="قتل مدنيان بقصف مدفعي على بلدة سرمين في ريف إدلب يوم الجمعة.", path="first.jsonl:1")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


# -- 7: extract --db refuses an article id taken by a different text -------------------------

def test_extract_refuses_an_id_already_taken_by_another_article(tmp_path, capsys):
    db = tmp_path / "m.db"
    with Store(db) as s:
        s.add_articles([STORED])
    other = {"id": STORED.id, "title": "Protest in Suwayda", "published": "2024-03-08", "language": "en",
             "text": "Hundreds of protesters gathered in Suwayda on Friday, demanding the release of detainees."}
    fresh = {"id": "ar_new_7", "title": "اعتقالات في الحسكة", "published": "2024-03-08", "language": "ar",
             "text": "اعتقلت قوات الأمن الداخلي عشرة أشخاص في مدينة الحسكة يوم الخميس."}
    f = tmp_path / "second.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (other, fresh)) + "\n", encoding="utf-8")
    rc, _, err = run(capsys, "extract", str(f), "--db", str(db), "-q")
    assert rc == 1
    lines = [x for x in err.splitlines() if STORED.id in x]
    assert len(lines) == 1 and "already used by another article" in lines[0] and "second.jsonl" in lines[0]
    with Store(db) as s:
        assert s.article(STORED.id).text == STORED.text  # the stored article keeps its text…
        assert all(e.sentence in STORED.text for e in s.events("WHERE article_id=?", (STORED.id,)))
        assert s.article("ar_new_7") is not None  # …and the other articles of the file are extracted
        assert s.events("WHERE article_id=?", ("ar_new_7",))


def test_extract_of_the_same_article_again_is_fine(tmp_path, capsys):
    db = tmp_path / "m.db"
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": STORED.id, "title": STORED.title, "published": STORED.published,
                             "text": STORED.text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(capsys, "extract", str(f), "--db", str(db), "-q")[0] == 0
    assert run(capsys, "extract", str(f), "--db", str(db), "-q")[0] == 0


# -- 17: bytes that are not UTF-8, and nan -----------------------------------------------------

@pytest.fixture
def db(tmp_path):
    path = tmp_path / "marsad.db"
    with Store(path) as s:
        s.put_events([validate(dict(article_id="ar_17", event_type="airstrike", date_start="2024-02-02",
                                    date_end="2024-02-02", date_precision="day", place_name="Al-Qa'im",
                                    lat=34.37, lon=41.09, sentence="غارات على القائم", headline="Strikes"))])
    return path


def event_id(db) -> str:
    with Store(db) as s:
        return s.events()[0].event_id


@pytest.mark.parametrize("argv, message", [
    # argv as Python hands it over for bytes that are not UTF-8 (os.fsdecode: surrogateescape)
    (["edit", "EID", "--set", "headline=" + os.fsdecode(b"Strike \xff\xfe on al-Qa'im")], "not valid UTF-8"),
    (["edit", "EID", "--set", os.fsdecode(b"head\xe9line=x")], "not valid UTF-8"),
    (["edit", "EID", "--set", "headline=x", "--user", os.fsdecode(b"\xc7\xe1\xed")], "--user"),
    (["add-event", "--set", "headline=" + os.fsdecode(b"\x80")], "not valid UTF-8"),
    (["edit", "EID", "--set", "lat=nan"], "lat: 'nan' is not a number"),
    (["edit", "EID", "--set", "lon=inf"], "lon: 'inf' is not a number"),
    (["edit", "EID", "--set", "confidence=NaN"], "confidence: 'NaN' is not a number"),
])
def test_bad_bytes_and_nan_are_one_clear_line(db, capsys, argv, message):
    eid = event_id(db)
    argv = [a.replace("EID", eid) for a in argv]
    with Store(db) as s:
        before = s.event(eid)
    rc, _, err = run(capsys, *argv, "--db", str(db))
    assert rc == 2 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    with Store(db) as s:
        assert s.event(eid) == before and curation.history(s, eid) == []


def test_bad_bytes_from_a_real_terminal(db):
    """The same through a real process: the bytes arrive raw in argv."""
    eid = event_id(db)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([sys.executable, "-m", "events.cli", "edit", eid, "--db", str(db),
                        b"--set", b"headline=\xd9\x82\xd8\xb5\xd9\x81 \xff"], cwd=ROOT, env=env, capture_output=True)
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 2 and "not valid UTF-8" in err and "Traceback" not in err, err
