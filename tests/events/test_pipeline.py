"""Streaming extraction (events/pipeline.py, issue 14 §2): articles are read, extracted and
written batch by batch, in input order, with one store transaction per batch."""

from __future__ import annotations

import itertools
import json

import pytest

from conftest import SEED
from events.articles import read_articles
from events.cli import main
from events.extract import extract_article
from events.pipeline import BATCH, extract_batches, extract_into_store, extract_many
from events.schema import Article

# Real-shaped reports written for these tests; {n} and {place} vary so no two articles are alike.
REPORTS = [
    "قتل {n} عناصر من تنظيم داعش في هجوم على حاجز للجيش في {place} يوم الخميس.",
    "اعتقلت قوى الأمن الداخلي {n} أشخاص في {place} بعد مداهمة ليلية.",
    "Two drone strikes killed {n} fighters near {place} on Friday, local sources said.",
    "تظاهر المئات في {place} احتجاجا على انقطاع الكهرباء لليوم {n} على التوالي.",
]
PLACES_AR = ["دير الزور", "الرقة", "الحسكة", "منبج", "القامشلي"]
PLACES_EN = ["Manbij", "Raqqa", "Hasakah", "Deir ez-Zor", "Qamishli"]


def article(k: int) -> Article:
    template = REPORTS[k % len(REPORTS)]
    place = (PLACES_EN if template[0].isascii() else PLACES_AR)[k % 5]
    text = template.format(n=3 + k % 7, place=place)
    return Article(id=f"stream-{k:04d}", title=f"report {k}", published=f"2024-0{1 + k % 9}-1{k % 10}",
                   language="en" if text.isascii() else "ar", text=text)


def test_batches_come_back_in_input_order_with_the_events_of_one_article_at_a_time():
    arts = [article(k) for k in range(20)]
    got = [pair for batch in extract_batches(arts, batch_size=6, processes=1) for pair in batch]
    assert [a.id for a, _ in got] == [a.id for a in arts]
    assert [evs for _, evs in got] == [extract_article(a) for a in arts]


def test_a_stream_is_read_as_it_goes_not_all_first():
    read = []

    def endless():
        for k in itertools.count():
            read.append(k)
            yield article(k)

    first = next(extract_batches(endless(), batch_size=5, processes=1))
    assert [a.id for a, _ in first] == [f"stream-{k:04d}" for k in range(5)]
    assert len(read) <= 10  # it did not try to read the endless input before extracting


def test_a_pool_of_processes_gives_the_same_events_in_the_same_order():
    arts = [article(k) for k in range(24)]
    alone = list(extract_many(arts, processes=1))
    pooled = list(extract_many(arts, processes=2))
    assert [(a.id, evs) for a, evs in pooled] == [(a.id, evs) for a, evs in alone]


def test_the_store_is_written_once_per_batch(fresh_store):
    arts = [article(k) for k in range(2 * BATCH + 3)]
    fresh_store.add_articles(arts)
    before = fresh_store.data_version()
    n = extract_into_store(fresh_store, arts, processes=1)
    assert fresh_store.data_version() - before == 3  # 3 batches, not one bump per article
    assert n == fresh_store.count_events() > 0


def jsonl(path):
    return sorted(path.read_text(encoding="utf-8").splitlines())


def test_the_command_streams_to_a_file_and_a_store(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    arts = [article(k) for k in range(30)]
    for part in range(3):  # three files: read one after the other
        (folder / f"{part}.jsonl").write_text("\n".join(
            json.dumps(a.to_dict(), ensure_ascii=False) for a in arts[part * 10:(part + 1) * 10]), encoding="utf-8")
    out, db = tmp_path / "events.jsonl", tmp_path / "m.db"
    assert main(["extract", str(folder), "-o", str(out), "--db", str(db), "-q", "-j", "1"]) == 0
    expected = [e for a in read_articles(folder) for e in extract_article(a)]
    assert len(jsonl(out)) == len(expected)
    assert {json.loads(line)["event_id"] for line in jsonl(out)} == {e.event_id for e in expected}
    from events.store import Store
    with Store(db) as store:
        assert store.count_events() == len(expected)
        assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 30


def test_an_id_given_to_two_different_articles_in_two_paths_is_refused(tmp_path, capsys):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps(article(1).to_dict(), ensure_ascii=False), encoding="utf-8")
    other = article(2).to_dict() | {"id": article(1).id}
    two.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "m.db"
    assert main(["extract", str(one), str(two), "--db", str(db), "-q"]) == 1
    assert "is already used by another article" in capsys.readouterr().err
    from events.store import Store
    with Store(db) as store:
        assert store.article(article(1).id).text == article(1).text
        assert {e.sentence for e in store.events()} <= {article(1).text}


def exit_status(argv):
    try:
        return main(argv)
    except SystemExit as exc:  # argparse refuses an unknown choice itself
        return exc.code


@pytest.mark.parametrize("argv, message", [
    (["--scheduler", "tcp://127.0.0.1:8786"], "use it with --engine dask"),
    (["--engine", "spark"], "invalid choice"),
    (["-j", "0"], "--processes must be 1 or more"),
])
def test_engine_mistakes_are_one_line(tmp_path, capsys, argv, message):
    assert exit_status(["extract", str(SEED), "-o", str(tmp_path / "e.jsonl"), "-q", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
