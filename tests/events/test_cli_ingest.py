"""`marsad ingest / export / import / serve`, invoked in-process."""

from __future__ import annotations

import json

import pytest

from conftest import SEED
from events.cli import main
from events.commands import ingest as ingest_cmd
from events.schema import validate
from events.store import Store

TITLE = "اعتقال خلية في مخيم الهول شرقي الحسكة"
BODY = "أعلنت قوى الأمن الداخلي اعتقال ثلاثة أشخاص في مخيم الهول يوم الخميس."


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store" / "marsad.db"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_ingest_stores_good_files_and_names_the_bad_one(tmp_path, db, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\xff\x00binary junk")
    rc, out, err = run(capsys, "ingest", str(folder), "--db", str(db))
    assert rc == 1
    assert err.count("\n") == 1 and "broken.txt" in err and "binary" in err
    assert "read 3 articles: 3 new" in out
    titles = {a.title for a in Store(db).articles()}
    assert TITLE in titles and len(titles) == 3


def test_ingest_twice_does_not_duplicate(db, capsys):
    assert run(capsys, "ingest", str(SEED), "--db", str(db))[0] == 0
    rc, out, _ = run(capsys, "ingest", str(SEED), "--db", str(db))
    assert rc == 0 and "0 new, 2 already stored" in out
    assert len(Store(db).articles()) == 2


def test_ingest_reports_the_line_of_a_bad_record(tmp_path, db, capsys):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"title": TITLE, "text": BODY}, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    rc, out, err = run(capsys, "ingest", str(p), "--db", str(db))
    assert rc == 1 and f"{p}:2:" in err and "read 1 article:" in out


def test_a_given_id_taken_by_another_article_is_refused_not_dropped(tmp_path, db, capsys):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "n1", "title": TITLE, "text": BODY}, ensure_ascii=False), encoding="utf-8")
    second.write_text(json.dumps({"id": "n1", "title": "خبر آخر", "text": "نص مختلف تماما."}, ensure_ascii=False)
                      + "\n" + json.dumps({"id": "n2", "title": "خبر ثالث", "text": "نص ثالث."}, ensure_ascii=False),
                      encoding="utf-8")
    assert run(capsys, "ingest", str(first), "--db", str(db))[0] == 0
    rc, out, err = run(capsys, "ingest", str(second), "--db", str(db))
    assert rc == 1 and "'n1'" in err and f"{second}:1" in err
    assert {a.id: a.title for a in Store(db).articles()} == {"n1": TITLE, "n2": "خبر ثالث"}


def test_ingest_of_a_missing_path_is_reported_and_others_still_stored(tmp_path, db, capsys):
    rc, _, err = run(capsys, "ingest", str(tmp_path / "nope.txt"), str(SEED), "--db", str(db))
    assert rc == 1 and "nope.txt: no such file" in err
    assert len(Store(db).articles()) == 2


@pytest.fixture
def db_with_events(db):
    with Store(db) as store:
        from events.articles import read_articles
        arts = read_articles(SEED)
        store.add_articles(arts)
        store.put_events([
            validate(dict(article_id=arts[0].id, event_type="arrest", sentence="ألقت القبض على ٢٥ عنصرا",
                          sentence_start=10, place_name="Al-Hol camp", lat=36.38, lon=41.15, country="SY",
                          geo_precision="point", counts={"arrested": 25})),
            validate(dict(article_id=arts[1].id, event_type="statement", sentence="=cmd|' /C calc'!A0",
                          sentence_start=0)),
        ])
    return db


@pytest.mark.parametrize("fmt, name", [("csv", "e.csv"), ("jsonl", "e.jsonl"), ("geojson", "e.geojson"),
                                       ("parquet", "e.parquet"), (None, "e.geojson"), (None, "e.csv")])
def test_export_writes_each_format(db_with_events, tmp_path, capsys, fmt, name):
    out = tmp_path / name
    args = ["export", "--output", str(out), "--db", str(db_with_events)] + (["--format", fmt] if fmt else [])
    rc, _, err = run(capsys, *args)
    assert rc == 0 and out.exists() and out.stat().st_size > 0
    if name.endswith(".geojson"):
        assert "wrote 1 event" in err and "1 event without coordinates" in err
        assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 1
    else:
        assert "wrote 2 events" in err
    if name.endswith(".csv"):
        assert "'=cmd" in out.read_text(encoding="utf-8-sig")


def test_export_to_stdout_then_import_round_trip(db_with_events, tmp_path, capsys):
    rc, out, _ = run(capsys, "export", "--format", "jsonl", "--output", "-", "--db", str(db_with_events))
    assert rc == 0 and len(out.splitlines()) == 2
    dump = tmp_path / "dump.jsonl"
    dump.write_text(out, encoding="utf-8")
    other = tmp_path / "other.db"
    rc, out2, _ = run(capsys, "import", str(dump), "--db", str(other))
    assert rc == 0 and "stored 2 events" in out2
    assert {e.to_dict()["event_id"]: e.to_dict() for e in Store(other).events()} == \
        {e.to_dict()["event_id"]: e.to_dict() for e in Store(db_with_events).events()}


@pytest.mark.parametrize("argv, says", [
    (["export", "--output", "-"], "--format"),
    (["export", "--output", "events.xlsx"], "--format"),
    (["export", "--format", "csv", "--output", "/no/such/folder/e.csv"], "does not exist"),
    (["serve", "--port", "99999"], "not a port number"),
])
def test_user_mistakes_get_one_line_and_exit_2(db_with_events, capsys, argv, says):
    rc, out, err = run(capsys, *argv, "--db", str(db_with_events))
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("marsad ") and says in err
    assert "Traceback" not in err


def test_export_without_a_store_says_what_to_do(tmp_path, capsys):
    rc, _, err = run(capsys, "export", "-f", "csv", "-o", str(tmp_path / "e.csv"), "--db", str(tmp_path / "none.db"))
    assert rc == 2 and "marsad ingest" in err
    assert not (tmp_path / "none.db").exists()


def test_a_foreign_db_file_is_one_line_not_a_traceback(tmp_path, capsys):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    rc, _, err = run(capsys, "ingest", str(SEED), "--db", str(notes))
    assert rc == 2 and "not an SQLite database" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", ["ingest", "export", "import", "serve"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert f"usage: marsad {command}" in capsys.readouterr().out


def test_serve_prepares_an_empty_store_and_runs_streamlit_from_the_project(db, tmp_path, capsys, monkeypatch):
    app = tmp_path / "app.py"
    app.write_text("# dashboard stand-in\n")
    monkeypatch.setattr(ingest_cmd, "DASHBOARD_APP", app)
    calls = []
    monkeypatch.setattr(ingest_cmd, "run_streamlit", lambda cmd, env: calls.append((cmd, env)) or 0)
    monkeypatch.setattr(ingest_cmd, "prepare_store", lambda store: ingest_cmd.ingest_paths(store, [str(SEED)]))
    rc, _, err = run(capsys, "serve", "--db", str(db), "--port", "8599")
    assert rc == 0
    (cmd, env), = calls
    assert cmd[-3:] == [str(app), "--server.port", "8599"] and "streamlit" in cmd
    assert env["MARSAD_DB"] == str(db.resolve())
    assert len(Store(db).articles()) == 2
    assert "http://localhost:8599" in err


def test_prepare_store_reads_the_sample_and_extracts_when_it_can(fresh_store, monkeypatch, capsys):
    import importlib.util
    ingest_cmd.prepare_store(fresh_store)
    assert {a.title[:5] for a in fresh_store.articles()} == {'"قسد"', "في ظل"}
    if importlib.util.find_spec("events.extract") is not None:
        assert fresh_store.count_events() > 0
        # Everything extracted: a second start does not extract again.
        v = fresh_store.data_version()
        ingest_cmd.prepare_store(fresh_store)
        assert fresh_store.data_version() == v


def test_streamlit_runs_from_the_project_root_so_its_config_applies():
    cmd = ingest_cmd.streamlit_command(None)
    assert cmd[1:4] == ["-m", "streamlit", "run"]
    assert (ingest_cmd.ROOT / ".streamlit" / "config.toml").is_file()
    assert ingest_cmd.DASHBOARD_APP.parent.parent == ingest_cmd.ROOT


def test_import_does_not_undo_an_analysts_edit(db_with_events, tmp_path, capsys):
    from events.curation import edit_event

    rc, out, _ = run(capsys, "export", "--format", "jsonl", "--output", "-", "--db", str(db_with_events))
    dump = tmp_path / "dump.jsonl"
    dump.write_text(out, encoding="utf-8")
    with Store(db_with_events) as store:
        ev = store.events()[0]
        edit_event(store, ev.event_id, {"headline": "عنوان صححه المحلل"}, user="analyst")
    rc, out2, err = run(capsys, "import", str(dump), "--db", str(db_with_events))
    assert rc == 0 and "stored 1 event" in out2 and "kept 1 event" in err
    with Store(db_with_events) as store:
        assert store.event(ev.event_id).headline == "عنوان صححه المحلل"
        assert store.event(ev.event_id).status == "edited"
