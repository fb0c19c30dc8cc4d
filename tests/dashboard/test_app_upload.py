"""After an upload, in AppTest: a button opens the new articles' events; uploading the same file
again says in words that nothing new was added."""

from __future__ import annotations

from test_app import GOOD_TXT, db, finish_upload, run, table_ids  # noqa: F401
from events.store import Store


def statuses(at) -> list:
    return [e for e in at.main.children.values() if type(e).__name__ == "Status"]


def upload(at, files):
    at.file_uploader(key="upload_files").set_value(files).run()
    at.button(key="upload_go").click().run()
    return finish_upload(at)


def test_after_an_upload_a_button_shows_the_new_events(db):
    at = upload(run({"tab": "add"}), [("raqqa.txt", GOOD_TXT, "text/plain")])
    with Store(str(db)) as s:
        new = {e.event_id for e in s.events() if "الرقة" in e.sentence}
    assert new
    at.button(key="upload_show").click().run()
    assert at.session_state["tab"] == "Explore"
    assert table_ids(at) == new  # only the events of the article just added
    assert at.query_params.get("article") is not None  # the filter is in the URL too


def test_uploading_the_same_file_again_says_nothing_new_was_added(db):
    at = upload(run({"tab": "add"}), [("raqqa.txt", GOOD_TXT, "text/plain")])
    with Store(str(db)) as s:
        before = len(s.articles())
    at = upload(at, [("raqqa.txt", GOOD_TXT, "text/plain")])
    said = at.info[-1].value
    assert said.startswith("Nothing new: this article was already in the store") and "corrections" in said
    assert not [b for b in at.button if b.key == "upload_show"]
    with Store(str(db)) as s:
        assert len(s.articles()) == before


def test_the_load_progress_leaves_the_page_once_loaded(db, monkeypatch):
    """While a store loads, a status says what is read (load_progress below); once loaded it is
    gone, so it never sits in a screenshot. The steps are shown exactly once per store version."""
    from dashboard import data

    shown: list[list[str]] = []
    real = data.load_progress
    monkeypatch.setattr(data, "load_progress", lambda *a, **k: shown.append(real(*a, **k)) or shown[-1])
    at = run()
    assert shown and shown[0][0].startswith("Reading 8 events from")
    assert statuses(at) == []
    at.run()
    assert len(shown) == 1  # a rerun of the same version reads nothing


def test_load_progress_names_what_is_read_and_from_where():
    from dashboard.data import load_progress

    sql = load_progress("/tmp/x.db", 3, 1_000_000, snapshot=False)
    assert sql[0] == ("Reading 1,000,000 events from SQLite (the first load after a change; "
                      "about a minute per million events)…")
    snap = load_progress("/tmp/x.db", 3, 12, snapshot=True)
    assert snap[0] == "Reading 12 events from the columnar snapshot beside the store…"
    assert snap[1].startswith("Indexing 12 events for the filters")
