"""The partitioned Parquet dataset (events/dataset.py): layout, idempotent re-runs, round trips,
and `marsad extract --output DIR/` / `marsad export --format parquet-dataset` (issue 14 §4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pyarrow.dataset as pads
import pytest

from events.cli import main
from events.dataset import (DatasetWriter, dataset_files, is_dataset_target, partition_of, read_events,
                            write_dataset)
from events.schema import Event, make_event_id
from events.store import Store

# (date_start, the partition folder it belongs in)
DATES = [
    ("2024-03-22", "year=2024/month=03"),
    ("2024-03-01", "year=2024/month=03"),
    ("2023-12-31", "year=2023/month=12"),
    ("0680-10-10", "year=0680/month=10"),  # history cited in the news: four-digit years sort as dates
    (None, "year=undated/month=undated"),
]
SENTENCES = [
    "قتل ثلاثة مدنيين في قصف على ريف إدلب الجنوبي صباح الجمعة.",
    "اعتقلت قوات الأمن خمسة أشخاص في حي الميدان بدمشق.",
    "Protesters gathered outside the governorate building in Basra on Sunday.",
    "ذكرى معركة كربلاء تعود إلى عام ٦٨٠ للميلاد.",
    "Officials said talks would resume, without giving a date.",
]


def make_events(n_per_date: int = 1) -> list[Event]:
    events = []
    for k in range(n_per_date):
        for i, ((day, _), sentence) in enumerate(zip(DATES, SENTENCES)):
            art = f"wire-{k:03d}-{i}"
            events.append(Event(
                event_id=make_event_id(art, 0, "attack"), article_id=art, event_type="attack",
                date_start=day, date_end=day, date_precision="day" if day else "unknown",
                sentence=sentence, sentence_start=0, sentence_end=len(sentence),
                actors=["Syrian Arab Army"] if i % 2 else [], counts={"killed": 3} if i == 0 else {},
                mentions=[{"sentence": sentence, "sentence_start": 0}] if i == 1 else [],
                lat=35.9 if i < 2 else None, lon=36.6 if i < 2 else None, headline=f"Event {k}/{i}"))
    return events


def by_id(events):
    return sorted(events, key=lambda e: e.event_id)


def layout(root):
    return sorted(str(p.relative_to(root)) for p in dataset_files(root))


@pytest.mark.parametrize("day, folder", DATES)
def test_each_event_lands_in_the_partition_of_its_start_date(tmp_path, day, folder):
    ev = [e for e in make_events() if e.date_start == day]
    write_dataset(ev, tmp_path / "ds")
    assert layout(tmp_path / "ds") == [f"{folder}/part-00000.parquet"]
    assert partition_of(day) == tuple(part.split("=")[1] for part in folder.split("/"))


def test_round_trip_gives_the_same_events(tmp_path):
    events = make_events(3)
    assert write_dataset(events, tmp_path / "ds") == len(events)
    assert by_id(read_events(tmp_path / "ds")) == by_id(events)


def test_a_rerun_replaces_rather_than_duplicates(tmp_path):
    root = tmp_path / "ds"
    events = make_events(2)
    write_dataset(events, root)
    first = {p: p.read_bytes() for p in dataset_files(root)}
    write_dataset(events, root)
    assert {p: p.read_bytes() for p in dataset_files(root)} == first  # same names, same bytes
    assert len(read_events(root)) == len(events)
    # a run with fewer events leaves no file of the earlier run behind
    write_dataset([e for e in events if e.date_start is None], root)
    assert layout(root) == ["year=undated/month=undated/part-00000.parquet"]
    assert not list(root.glob("year=2024"))


def test_files_are_deterministic_when_memory_forces_many_files(tmp_path):
    events = make_events(40)
    for name in ("a", "b"):
        write_dataset(events, tmp_path / name, chunk=7, max_buffered_bytes=4_000)
    assert len(dataset_files(tmp_path / "a")) > len(DATES)  # partitions were written out in pieces
    assert layout(tmp_path / "a") == layout(tmp_path / "b")
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in layout(tmp_path / "a"))
    assert by_id(read_events(tmp_path / "a")) == by_id(events)


def test_a_failed_run_leaves_the_previous_dataset(tmp_path):
    root = tmp_path / "ds"
    write_dataset(make_events(), root)
    before = layout(root)
    with pytest.raises(RuntimeError), DatasetWriter(root) as writer:
        writer.write_events(make_events(5))
        raise RuntimeError("killed half way")
    assert layout(root) == before and len(read_events(root)) == len(DATES)
    assert not [p for p in root.iterdir() if p.name.startswith(".")]


def test_the_temporary_folder_of_a_killed_run_is_removed_by_the_next(tmp_path):
    root = tmp_path / "ds"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = root / f".marsad-tmp-{dead.stdout.strip()}" / "year=2024" / "month=01"
    stale.mkdir(parents=True)
    (stale / "part-00000.parquet").write_bytes(b"half")
    write_dataset(make_events(), root)
    assert not (root / f".marsad-tmp-{dead.stdout.strip()}").exists()


def test_pandas_and_pyarrow_read_it_as_it_is(tmp_path):
    events = make_events(2)
    write_dataset(events, tmp_path / "ds")
    frame = pd.read_parquet(tmp_path / "ds")
    assert len(frame) == len(events)
    assert set(frame["year"].astype(str)) == {"2024", "2023", "0680", "undated"}
    killed = frame[frame.event_type == "attack"].counts.map(json.loads)
    assert sum(c.get("killed", 0) for c in killed) == 3 * 2
    table = pads.dataset(tmp_path / "ds", partitioning="hive").to_table(
        filter=(pads.field("year") == "2024") & (pads.field("month") == "03"))
    assert table.num_rows == 4 and set(table.column("date_start").to_pylist()) == {
        pd.Timestamp("2024-03-22").date(), pd.Timestamp("2024-03-01").date()}


def test_duckdb_reads_it_as_it_is(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    write_dataset(make_events(2), tmp_path / "ds")
    rows = duckdb.sql(f"SELECT year, month, count(*) FROM read_parquet('{tmp_path / 'ds'}/**/*.parquet', "
                      "hive_partitioning = true) GROUP BY ALL ORDER BY ALL").fetchall()
    assert rows == [("0680", "10", 2), ("2023", "12", 2), ("2024", "03", 4), ("undated", "undated", 2)]


@pytest.mark.parametrize("target, is_dataset", [("out/", True), ("events.parquet", False), (".", True),
                                                ("new-folder", False)])
def test_what_output_names_a_dataset(tmp_path, monkeypatch, target, is_dataset):
    monkeypatch.chdir(tmp_path)
    assert is_dataset_target(target) is is_dataset


def test_a_file_is_not_overwritten_as_a_dataset(tmp_path):
    (tmp_path / "events.parquet").write_bytes(b"keep me")
    with pytest.raises(NotADirectoryError):
        write_dataset(make_events(), tmp_path / "events.parquet")
    assert (tmp_path / "events.parquet").read_bytes() == b"keep me"


ARTICLE = {"id": "wire-7", "title": "اشتباكات في ريف حلب", "published": "2024-05-12", "source": "test wire",
           "text": "اندلعت اشتباكات عنيفة بين قوات النظام ومسلحين في ريف حلب الشمالي يوم السبت، وقتل أربعة مقاتلين."}


def test_extract_writes_a_dataset_and_export_writes_the_same(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    out = str(tmp_path / "ds") + os.sep
    assert main(["extract", str(src), "-o", out, "-q"]) == 0
    extracted = read_events(out)
    assert extracted and {e.article_id for e in extracted} == {"wire-7"}
    assert layout(out) == ["year=2024/month=05/part-00000.parquet"]
    db = tmp_path / "m.db"
    assert main(["extract", str(src), "--db", str(db), "-q"]) == 0
    assert main(["export", "--db", str(db), "--format", "parquet-dataset", "-o", str(tmp_path / "exp")]) == 0
    assert by_id(read_events(tmp_path / "exp")) == by_id(extracted)
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "exp")]) == 0  # an existing folder: a dataset
    assert "to the Parquet dataset" in capsys.readouterr().err
    with Store(db) as store:
        assert store.count_events() == len(extracted)


def test_export_refuses_a_dataset_over_a_file(tmp_path, capsys):
    db = tmp_path / "m.db"
    Store(db).close()
    (tmp_path / "x.parquet").write_bytes(b"keep me")
    assert main(["export", "--db", str(db), "--format", "parquet-dataset", "-o", str(tmp_path / "x.parquet")]) == 2
    assert "give a folder name" in capsys.readouterr().err
    assert (tmp_path / "x.parquet").read_bytes() == b"keep me"
