"""`marsad synth --dataset DIR` writes a hive-partitioned Parquet dataset; `marsad serve --source DIR`
serves it. The layout, idempotent re-runs, and the user's mistakes on the command line."""

from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from events.cli import main
from events.commands import ingest as ingest_cmd
from events.dataset import partition_of, write_dataset


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("date_start, partition", [
    ("2024-03-22", ("2024", "03")),
    ("2019-12-01", ("2019", "12")),
    ("0680-10-10", ("0680", "10")),  # history cited in the news: a year below 1000 keeps 4 digits
    (None, ("undated", "undated")),
    ("", ("undated", "undated")),
])
def test_each_event_goes_to_the_month_of_its_first_day(date_start, partition):
    assert partition_of(date_start) == partition


def test_synth_writes_a_partitioned_dataset_and_a_rerun_replaces_it(tmp_path, capsys):
    target = tmp_path / "dataset"
    rc, out, _ = run(capsys, "synth", "--events", "3000", "--seed", "4", "--dataset", str(target))
    assert rc == 0 and "3,000 synthetic events written to the dataset" in out
    folders = {p.parent.relative_to(target).as_posix() for p in target.glob("**/*.parquet")}
    assert "year=undated/month=undated" in folders
    assert all(f.startswith("year=") and "/month=" in f for f in folders)
    table = ds.dataset(target, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 3000 and len(set(table.column("event_id").to_pylist())) == 3000
    # every file holds the month its folder names
    for f in target.glob("year=2*/month=*/*.parquet"):
        year, month = f.parent.parent.name[5:], f.parent.name[6:]
        days = ds.dataset(f, format="parquet").to_table(columns=["date_start"]).column("date_start").to_pylist()
        assert {(d.year, d.month) for d in days} == {(int(year), int(month))}
    files = sorted(p.relative_to(target) for p in target.glob("**/*.parquet"))
    rc, _, _ = run(capsys, "synth", "--events", "3000", "--seed", "4", "--dataset", str(target))
    assert rc == 0
    assert sorted(p.relative_to(target) for p in target.glob("**/*.parquet")) == files  # same names
    assert ds.dataset(target, format="parquet", partitioning="hive").count_rows() == 3000  # not doubled


def test_an_empty_input_writes_no_files(tmp_path):
    assert write_dataset([], tmp_path / "empty") == 0
    assert list((tmp_path / "empty").glob("**/*.parquet")) == []


@pytest.fixture
def served(monkeypatch, tmp_path):
    app = tmp_path / "app.py"
    app.write_text("# dashboard stand-in\n")
    monkeypatch.setattr(ingest_cmd, "DASHBOARD_APP", app)
    calls: list = []
    monkeypatch.setattr(ingest_cmd, "run_streamlit", lambda cmd, env: calls.append(env) or 0)
    monkeypatch.setattr(ingest_cmd, "prepare_store", lambda store: pytest.fail("prepared the store for a dataset"))
    return calls


def test_serve_source_passes_the_dataset_and_leaves_the_store_alone(served, tmp_path, capsys):
    write_dataset([{"event_id": "ev_1", "event_type": "arrest", "date_start": "2024-01-02"}], tmp_path / "ds")
    rc, _, err = run(capsys, "serve", "--source", str(tmp_path / "ds"), "--db", str(tmp_path / "edits.db"))
    assert rc == 0
    (env,) = served
    assert env["MARSAD_SOURCE"] == str((tmp_path / "ds").resolve())
    assert "DuckDB" in err and "edits.db" in err


@pytest.mark.parametrize("make, says", [
    (lambda p: None, "no such folder"),
    (lambda p: p.mkdir(), "no Parquet files"),
    (lambda p: (p.mkdir(), (p / "events.csv").write_text("event_id\n")), "no Parquet files"),
])
def test_serve_source_mistakes_get_one_line(served, tmp_path, capsys, make, says):
    make(tmp_path / "ds")
    rc, _, err = run(capsys, "serve", "--source", str(tmp_path / "ds"))
    assert rc == 2 and says in err and err.count("\n") == 1 and not served
