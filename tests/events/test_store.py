from events.schema import Article, validate
from events.store import Store, StoreError

import pytest


def test_articles_are_not_duplicated(fresh_store):
    a = Article(id="ar_1", title="عنوان", text="نص", language="ar")
    assert fresh_store.add_articles([a]) == 1
    assert fresh_store.add_articles([a]) == 0
    assert len(fresh_store.articles()) == 1


def test_events_frame_has_proper_dtypes(fresh_store):
    ev = validate(dict(article_id="ar_1", event_type="arrest", date_start="2024-04-25",
                       date_end="2024-04-25", date_precision="day", actors=["Islamic State"],
                       counts={"arrested": 25}, lat=36.4, lon=41.1))
    fresh_store.put_events([ev])
    df = fresh_store.events_frame()
    assert str(df["date_start"].dtype).startswith("datetime64")
    assert df["actors"].iloc[0] == ["Islamic State"]
    assert df["counts"].iloc[0] == {"arrested": 25}
    assert df["lat"].dtype == "float64"


def test_data_version_increases_on_write(fresh_store):
    v = fresh_store.data_version()
    fresh_store.add_articles([Article(id="ar_2", title="t", text="x")])
    assert fresh_store.data_version() > v


def test_foreign_file_is_refused_and_left_untouched(tmp_path):
    p = tmp_path / "notes.db"
    p.write_bytes(b"these are my notes, not a database")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(p)
    assert p.read_bytes() == b"these are my notes, not a database"


def test_edits_log_is_append_only(fresh_store):
    fresh_store.conn.execute("INSERT INTO edits(event_id, field, ts) VALUES ('e', 'f', 't')")
    import sqlite3
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        fresh_store.conn.execute("DELETE FROM edits")


def test_opening_a_store_does_not_wait_for_a_writer(tmp_path):
    """The dashboard opens the store while `marsad extract` holds the write lock."""
    path = tmp_path / "m.db"
    Store(path).close()
    writer = Store(path)
    writer.conn.execute("BEGIN IMMEDIATE")
    try:
        reader = Store(path, timeout=0.2)
        assert reader.count_events() == 0
        reader.close()
    finally:
        writer.conn.execute("ROLLBACK")
        writer.close()


NEWEST_ARTICLES = ("SELECT article_id, title FROM articles "
                   "ORDER BY published IS NULL, published DESC, title LIMIT 1000")


def test_the_newest_articles_are_read_from_an_index_not_sorted_whole(tmp_path):
    """The add-event form lists the newest articles on every rerun: at a million articles a
    sort of the whole table would cost seconds, an index scan reads 1,000 rows."""
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.conn.execute("DROP INDEX articles_newest")  # a store written before the index existed
    with Store(path) as s:
        plan = " ".join(str(r[-1]) for r in s.conn.execute("EXPLAIN QUERY PLAN " + NEWEST_ARTICLES))
    assert "USING INDEX articles_newest" in plan and "TEMP B-TREE" not in plan
