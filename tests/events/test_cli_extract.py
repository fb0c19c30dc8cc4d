"""`marsad extract` and `marsad evaluate`, invoked in-process."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from conftest import SEED
from events.cli import main
from events.schema import FIELDS
from events.store import Store

ARTICLES = [
    {"id": "wire-001", "title": "اعتقالات في الرقة", "published": "2024-04-26", "source": "test wire",
     "text": "ألقت قوى الأمن الداخلي القبض على ٣ عناصر من تنظيم داعش في مدينة الرقة أمس."},
    {"id": "wire-002", "title": "Strike", "published": "2024-02-02", "language": "en",
     "text": "A drone strike killed two fighters near Manbij on Friday."},
]


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def test_extract_to_jsonl_without_a_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "should-not-exist.db"))
    out = tmp_path / "events.jsonl"
    assert main(["extract", str(SEED), "--output", str(out), "--quiet"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all(set(FIELDS) <= set(r) for r in records)
    assert any(r["event_type"] == "arrest" and r["counts"].get("arrested") == 25 for r in records)
    assert not (tmp_path / "should-not-exist.db").exists()
    assert "event(s) from 2 article(s)" in capsys.readouterr().err


def test_jsonl_input_keeps_the_given_ids(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / "events.jsonl"
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["article_id"] for r in records} == {"wire-001", "wire-002"}
    arrest = next(r for r in records if r["event_type"] == "arrest")
    assert arrest["counts"] == {"arrested": 3} and arrest["date_start"] == "2024-04-25"


@pytest.mark.parametrize("suffix", ["csv", "geojson", "parquet"])
def test_other_output_formats(tmp_path, suffix):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / f"events.{suffix}"
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    if suffix == "parquet":
        frame = pd.read_parquet(out)
        arrest = frame[frame.event_type == "arrest"].iloc[0]
        assert set(frame.article_id) == {"wire-001", "wire-002"}
        assert str(arrest.date_start) == "2024-04-25" and json.loads(arrest.counts) == {"arrested": 3}
    elif suffix == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert rows and {"event_id", "event_type", "date_start", "lat"} <= set(rows[0])
    else:
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection"
        assert all(f["geometry"]["type"] == "Point" for f in doc["features"])


def test_extract_into_a_database(tmp_path):
    db = tmp_path / "m.db"
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    assert main(["extract", str(src), "--db", str(db), "-q"]) == 0
    store = Store(db)
    try:
        n = store.count_events()
        assert n >= 2
        assert {a.id for a in store.articles()} == {"wire-001", "wire-002"}
    finally:
        store.close()
    # a second run replaces, it does not duplicate
    assert main(["extract", str(src), "--db", str(db), "-q"]) == 0
    store = Store(db)
    try:
        assert store.count_events() == n
    finally:
        store.close()


def test_parallel_gives_the_same_events(tmp_path):
    many = [dict(a, id=f"{a['id']}-{k}") for k in range(6) for a in ARTICLES]
    src = write_jsonl(tmp_path / "in.jsonl", many)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(src), "-o", str(one), "-j", "1", "-q"]) == 0
    assert main(["extract", str(src), "-o", str(two), "-j", "2", "-q"]) == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_bad_file_beside_a_good_one(tmp_path, capsys):
    good = write_jsonl(tmp_path / "good.jsonl", ARTICLES)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": \n', encoding="utf-8")
    out = tmp_path / "events.jsonl"
    assert main(["extract", str(good), str(bad), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl" in err
    assert out.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("args, message", [
    (["extract", "no/such/file.txt", "-o", "x.jsonl"], "no such file"),
    (["extract", str(SEED), "-o", "events.xlsx"], ".jsonl, .csv, .geojson, .parquet or .kml"),
    (["extract", str(SEED), "-o", "e.jsonl", "-j", "0"], "--processes"),
    (["evaluate", "no/such/dir"], "articles/ and gold/"),
])
def test_user_mistakes_are_one_line(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_evaluate_prints_the_figures(corpus_dev, capsys):
    assert main(["evaluate", str(corpus_dev)]) == 0
    out = capsys.readouterr().out
    for word in ("recall", "precision", "type_accuracy", "date_accuracy", "place_accuracy", "actor_f1"):
        assert word in out
    assert main(["evaluate", str(corpus_dev), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["total"]
    assert 0 < figures["recall"] <= 1


def test_progress_bar_on_long_runs(capsys):
    from events.pipeline import stderr_progress
    show = stderr_progress()
    for k in range(1, 41):
        show(k, 40)
    err = capsys.readouterr().err
    assert "40/40 articles" in err and "#" in err
    short = stderr_progress()
    short(1, 3)
    assert capsys.readouterr().err == ""  # a few articles: no bar
