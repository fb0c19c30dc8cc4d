"""Engines (issue 14 §3): the same events, with the same ids, on the local engine and on Dask
(a LocalCluster of 2 worker processes started here; `--scheduler` points the command at it)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA
from events.articles import read_articles
from events.cli import main
from events.pipeline import extract_batch, extract_many

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def records(pairs):
    return [(a.id, [e.to_dict() for e in evs]) for a, evs in pairs]


def test_the_kernel_is_a_pure_function_of_its_batch():
    arts = [a.to_dict() for a in read_articles(DATA / "articles")]
    assert extract_batch(arts) == extract_batch(arts)
    assert extract_batch(arts[:1]) == extract_batch(arts)[:1]


def test_dask_gives_the_events_of_the_local_engine_on_the_bundled_article(cluster):
    arts = read_articles(DATA / "articles")
    local = records(extract_many(arts, processes=1))
    dask = records(extract_many(arts, engine="dask", scheduler=cluster.scheduler_address))
    assert local == dask and local[0][1]


def test_dask_gives_the_events_of_the_local_engine_on_the_dev_corpus(cluster, corpus_dev):
    arts = read_articles(corpus_dev / "articles")
    local = records(extract_many(arts, processes=2))
    dask = records(extract_many(arts, engine="dask", scheduler=cluster.scheduler_address))
    assert [i for i, _ in dask] == [a.id for a in arts]
    assert dask == local


def test_the_command_runs_on_a_cluster_given_by_its_address(cluster, tmp_path):
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert main(["extract", str(DATA / "articles"), "-o", str(local), "-q"]) == 0
    assert main(["extract", str(DATA / "articles"), "-o", str(dask), "-q", "--engine", "dask",
                 "--scheduler", cluster.scheduler_address]) == 0
    assert sorted(dask.read_text(encoding="utf-8").splitlines()) == sorted(local.read_text(encoding="utf-8").splitlines())
    assert all(json.loads(line)["event_id"] for line in dask.read_text(encoding="utf-8").splitlines())


def test_the_command_starts_its_own_local_cluster(tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    assert main(["extract", str(DATA / "articles"), "-o", str(out), "-q", "--engine", "dask", "-j", "1"]) == 0
    assert out.read_text(encoding="utf-8").strip()
    assert "Traceback" not in capsys.readouterr().err


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys):
    code = main(["extract", str(DATA / "articles"), "-o", str(tmp_path / "e.jsonl"), "-q", "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2 and "tcp://127.0.0.1:9" in err and "Traceback" not in err
    assert not (tmp_path / "e.jsonl").exists()
