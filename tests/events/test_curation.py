"""Curation: edits are validated, saved, logged, revertible; re-extraction and concurrency lose nothing."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from events import curation
from events.curation import CurationError
from events.schema import Article, Event, validate
from events.store import Store

ARTICLE = Article(id="ar_cur1", title="اعتقال خلية في مخيم الهول", published="2024-04-26",
                  source="عنب بلدي", url="https://example.org/a", language="ar",
                  text="أعلنت قوات سوريا الديمقراطية اعتقال 25 عنصراً من داعش في مخيم الهول.")


def auto_event(n: int = 0, **over) -> Event:
    d = dict(article_id=ARTICLE.id, event_type="arrest", date_start="2024-04-25",
             date_end="2024-04-25", date_precision="day", actors=["Syrian Democratic Forces"],
             counts={"arrested": 25}, sentence=ARTICLE.text, sentence_start=n * 100,
             sentence_end=n * 100 + 60, place_name="al-Hol camp", lat=36.38, lon=41.15,
             country="SY", geo_precision="point", headline="SDF arrest 25 in al-Hol")
    d.update(over)
    return validate(d)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "marsad.db")
    s.add_articles([ARTICLE])
    s.put_events([auto_event(0), auto_event(1, event_type="meeting", counts={})])
    yield s
    s.close()


def first_id(store: Store) -> str:
    return auto_event(0).event_id


# -- edit → reload → logged -----------------------------------------------------------------

def test_edit_survives_reload_and_is_logged(store, tmp_path):
    eid = first_id(store)
    ids = curation.edit_event(store, eid, {"counts.killed": 3, "place_name": "مخيم الهول"}, user="ليلى")
    store.close()
    again = Store(tmp_path / "marsad.db")
    ev = again.event(eid)
    assert ev.counts == {"arrested": 25, "killed": 3}
    assert ev.place_name == "مخيم الهول"
    assert ev.status == "edited"
    log = curation.history(again, eid)
    assert [h["edit_id"] for h in log] == ids
    by_field = {h["field"]: h for h in log}
    assert by_field["counts.killed"]["old"] is None and by_field["counts.killed"]["new"] == 3
    assert by_field["place_name"]["old"] == "al-Hol camp" and by_field["place_name"]["new"] == "مخيم الهول"
    assert by_field["status"]["old"] == "auto" and by_field["status"]["new"] == "edited"
    assert {h["user"] for h in log} == {"ليلى"}
    assert all(h["ts"].endswith("Z") and h["action"] == "edit" for h in log)
    again.close()


def test_user_defaults_to_the_os_user(store, monkeypatch):
    monkeypatch.setattr(curation.getpass, "getuser", lambda: "analyst7")
    curation.edit_event(store, first_id(store), {"headline": "new"}, user="   ")
    assert {h["user"] for h in curation.history(store, first_id(store))} == {"analyst7"}


@pytest.mark.parametrize("changes, expected", [
    ({"actors": "قسد, Islamic State ،  التحالف الدولي"}, ["قسد", "Islamic State", "التحالف الدولي"]),
    ({"actors": ["A", " A ", "B", ""]}, ["A", "B"]),
    ({"actors": ""}, []),
    ({"actors": None}, []),
])
def test_actor_lists_are_split_trimmed_and_deduplicated(store, changes, expected):
    curation.edit_event(store, first_id(store), changes, user="u")
    assert store.event(first_id(store)).actors == expected


@pytest.mark.parametrize("changes, counts", [
    ({"counts.killed": 3}, {"arrested": 25, "killed": 3}),
    ({"counts.arrested": "30"}, {"arrested": 30}),
    ({"counts.arrested": None}, {}),
    ({"counts.arrested": ""}, {}),
    ({"counts": {"injured": 2}}, {"injured": 2}),
    ({"counts": None}, {}),
])
def test_counts_by_dotted_name_or_whole(store, changes, counts):
    curation.edit_event(store, first_id(store), changes, user="u")
    assert store.event(first_id(store)).counts == counts


def test_clearing_a_field_with_empty_text_stores_null(store):
    curation.edit_event(store, first_id(store), {"place_name": "", "lat": None, "lon": "", "geo_precision": None}, "u")
    ev = store.event(first_id(store))
    assert (ev.place_name, ev.lat, ev.lon, ev.geo_precision) == (None, None, None, None)


@pytest.mark.parametrize("changes, field", [
    ({"date_end": "2024-04-01"}, "date_end"),                     # before date_start
    ({"date_start": "2024-13-45"}, "date_start"),                 # not a date
    ({"date_start": "٢٥ نيسان"}, "date_start"),                   # words, not ISO
    ({"date_start": None, "date_end": None}, "date_precision"),   # 'day' but no date
    ({"date_precision": "fortnight"}, "date_precision"),
    ({"event_type": "massacre"}, "event_type"),
    ({"event_type": None}, "event_type"),
    ({"tense": "future"}, "tense"),
    ({"geo_precision": "street"}, "geo_precision"),
    ({"status": "deleted"}, "status"),
    ({"counts.killed": "three"}, "counts.killed"),
    ({"counts.killed": -1}, "counts.killed"),
    ({"counts.killed": 2.5}, "counts.killed"),
    ({"counts.killed": True}, "counts.killed"),
    ({"counts.bad-name": 1}, "counts.bad-name"),
    ({"counts.": 1}, "counts."),
    ({"lat": 200}, "lat"),
    ({"lon": "east"}, "lon"),
    ({"lat": None}, "lat"),                                       # lat cleared, lon kept
    ({"country": "Syria"}, "country"),
    ({"country": "sy"}, "country"),
    ({"confidence": 2}, "confidence"),
    ({"actors": [1, 2]}, "actors"),
    ({"sentence_start": -5}, "sentence_start"),
    ({"article_id": ""}, "article_id"),
    ({"colour": "red"}, "colour"),
    ({"event_id": "ev_other"}, "event_id"),
    ({"method": "manual"}, "method"),
])
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(store, changes, field):
    eid = first_id(store)
    before = store.event(eid)
    with pytest.raises(CurationError) as info:
        curation.edit_event(store, eid, changes, user="u")
    assert field in info.value.errors
    assert field in str(info.value)
    assert store.event(eid) == before
    assert curation.history(store, eid) == []


def test_unknown_event_is_a_clear_error(store):
    with pytest.raises(CurationError, match="no event 'ev_nope'"):
        curation.edit_event(store, "ev_nope", {"headline": "x"})


def test_no_change_logs_nothing_and_keeps_status(store):
    eid = first_id(store)
    assert curation.edit_event(store, eid, {"counts.arrested": 25, "headline": "SDF arrest 25 in al-Hol"}) == []
    assert store.event(eid).status == "auto"
    assert curation.history(store, eid) == []


@pytest.mark.parametrize("status_before, status_after", [
    ("auto", "edited"), ("verified", "edited"), ("edited", "edited"), ("rejected", "rejected"),
])
def test_editing_sets_status_edited_but_never_unrejects(store, status_before, status_after):
    eid = first_id(store)
    if status_before != "auto":
        curation.set_status(store, eid, status_before, "u")
    curation.edit_event(store, eid, {"headline": "changed"}, "u")
    assert store.event(eid).status == status_after


def test_status_given_with_the_edit_wins(store):
    curation.edit_event(store, first_id(store), {"headline": "x", "status": "verified"}, "u")
    assert store.event(first_id(store)).status == "verified"


# -- status: verify, reject (soft delete), restore -------------------------------------------

def test_verify_and_reject_are_logged_with_their_action(store):
    eid = first_id(store)
    curation.set_status(store, eid, "verified", "a")
    curation.delete_event(store, eid, "b")
    assert [(h["action"], h["old"], h["new"], h["user"]) for h in curation.history(store, eid)] == [
        ("verify", "auto", "verified", "a"), ("reject", "verified", "rejected", "b")]
    assert store.event(eid) is not None  # soft: never erased


def test_restore_goes_back_to_the_status_before_rejection(store):
    eid = first_id(store)
    curation.set_status(store, eid, "verified", "a")
    curation.delete_event(store, eid, "a")
    curation.restore_event(store, eid, "a")
    assert store.event(eid).status == "verified"
    with pytest.raises(CurationError, match="not rejected"):
        curation.restore_event(store, eid, "a")


def test_unknown_status_is_refused(store):
    with pytest.raises(CurationError, match="status 'gone'"):
        curation.set_status(store, first_id(store), "gone", "u")


# -- revert --------------------------------------------------------------------------------

def test_revert_puts_the_old_value_back_and_is_logged(store):
    eid = first_id(store)
    (killed, *_rest) = curation.edit_event(store, eid, {"counts.killed": 4}, "a")
    [rev] = curation.revert(store, killed, "b")
    assert store.event(eid).counts == {"arrested": 25}
    entry = curation.get_edit(store, rev)
    assert (entry["action"], entry["reverts"], entry["field"], entry["old"], entry["new"], entry["user"]) == (
        "revert", killed, "counts.killed", 4, None, "b")
    # a revert is an edit like any other: it can be reverted
    curation.revert(store, rev, "c")
    assert store.event(eid).counts == {"arrested": 25, "killed": 4}


def test_revert_is_refused_when_the_field_changed_since(store):
    eid = first_id(store)
    [first, _status] = curation.edit_event(store, eid, {"headline": "one"}, "a")
    [second] = curation.edit_event(store, eid, {"headline": "two"}, "a")
    with pytest.raises(CurationError, match=f"#{second} first") as info:
        curation.revert(store, first, "b")
    assert "headline" in info.value.errors
    assert store.event(eid).headline == "two"
    curation.revert(store, second, "b")
    curation.revert(store, first, "b")
    assert store.event(eid).headline == "SDF arrest 25 in al-Hol"


def test_revert_of_dates_that_only_make_sense_together(store):
    eid = first_id(store)
    ids = curation.edit_event(store, eid, {"date_start": "2024-05-01", "date_end": "2024-05-10",
                                           "date_precision": "week"}, "a")
    date_edits = [i for i in ids if curation.get_edit(store, i)["field"] != "status"]
    end = next(i for i in date_edits if curation.get_edit(store, i)["field"] == "date_end")
    with pytest.raises(CurationError, match="date_end: 2024-04-25 is before date_start 2024-05-01"):
        curation.revert(store, end, "a")   # alone it would end the event before it starts
    curation.revert(store, date_edits, "a")
    ev = store.event(eid)
    assert (ev.date_start, ev.date_end, ev.date_precision) == ("2024-04-25", "2024-04-25", "day")


def test_revert_unknown_edit(store):
    with pytest.raises(CurationError, match="no edit #999"):
        curation.revert(store, 999, "a")


# -- manual events ---------------------------------------------------------------------------

def test_manual_event_is_created_logged_and_filled_from_its_article(store):
    eid = curation.add_manual_event(store, {
        "article_id": ARTICLE.id, "event_type": "attack", "date_start": "2024-04-20",
        "date_end": "2024-04-20", "date_precision": "day", "place_name": "الحسكة",
        "actors": "داعش", "counts.killed": 2, "headline": "IS attack in Hasakah"}, user="سارة")
    ev = store.event(eid)
    assert (ev.method, ev.status, ev.source, ev.published, ev.actors, ev.counts) == (
        "manual", "edited", "عنب بلدي", "2024-04-26", ["داعش"], {"killed": 2})
    [log] = curation.history(store, eid)
    assert (log["action"], log["field"], log["old"], log["user"]) == ("create", "event", None, "سارة")
    assert log["new"]["headline"] == "IS attack in Hasakah"
    # reverting the creation rejects it: hidden, never erased
    curation.revert(store, log["edit_id"], "سارة")
    assert store.event(eid).status == "rejected"


def test_manual_event_without_article_and_bad_manual_events(store):
    eid = curation.add_manual_event(store, {"event_type": "protest"}, "u")
    assert store.event(eid).article_id == "manual"
    with pytest.raises(CurationError, match="article_id 'ar_missing'"):
        curation.add_manual_event(store, {"article_id": "ar_missing"}, "u")
    with pytest.raises(CurationError, match="event_type"):
        curation.add_manual_event(store, {"event_type": "picnic"}, "u")
    with pytest.raises(CurationError, match="method"):
        curation.add_manual_event(store, {"method": "rules"}, "u")


# -- re-extraction keeps the analyst's work --------------------------------------------------

def test_reextraction_keeps_edited_verified_rejected_and_manual(store):
    edited, verified, rejected, untouched = (auto_event(i) for i in range(4))
    store.put_events([verified, rejected, untouched])
    curation.edit_event(store, edited.event_id, {"counts.arrested": 30}, "a")
    curation.set_status(store, verified.event_id, "verified", "a")
    curation.delete_event(store, rejected.event_id, "a")
    manual = curation.add_manual_event(store, {"article_id": ARTICLE.id, "event_type": "attack"}, "a")
    # the extractor runs again and finds the same sentences, with its own (different) counts
    fresh = [auto_event(i, counts={"arrested": 99}) for i in range(4)]
    store.replace_extracted(ARTICLE.id, fresh)
    assert store.event(edited.event_id).counts == {"arrested": 30}
    assert store.event(verified.event_id).status == "verified"
    assert store.event(verified.event_id).counts == {"arrested": 25}
    assert store.event(rejected.event_id).status == "rejected"
    assert store.event(manual).method == "manual"
    assert store.event(untouched.event_id).counts == {"arrested": 99}
    # an extraction that no longer finds them removes only untouched automatic events
    store.replace_extracted(ARTICLE.id, [])
    left = {e.event_id for e in store.events()}
    assert left == {edited.event_id, verified.event_id, rejected.event_id, manual}


ARTICLE_FILE = """قسد تعتقل خلية لداعش في مخيم الهول
تاريخ النشر: 2024-04-26

أعلنت قوات سوريا الديمقراطية يوم الخميس اعتقال 25 عنصراً من تنظيم داعش في مخيم الهول بريف الحسكة.
وفي سياق منفصل، قتل ثلاثة مدنيين في هجوم بطائرة مسيرة تركية على مدينة القامشلي يوم الأربعاء.
وتظاهر مئات في ساحة الكرامة في السويداء يوم الجمعة للمطالبة بالإفراج عن المعتقلين.
"""


def test_marsad_extract_again_keeps_the_analysts_work(tmp_path):
    """End to end: `marsad extract` twice, with an analyst's work in between."""
    from events.cli import main
    art, db = tmp_path / "a.txt", tmp_path / "x.db"
    art.write_text(ARTICLE_FILE, encoding="utf-8")
    assert main(["extract", str(art), "--db", str(db), "-q"]) == 0
    with Store(db) as s:
        events = sorted(s.events(), key=lambda e: e.sentence_start or 0)
        assert len(events) >= 3, [e.event_type for e in events]
        edited, rejected, verified = events[:3]
        curation.edit_event(s, edited.event_id, {"counts.arrested": 26, "place_name": "al-Hol camp"}, "a")
        curation.delete_event(s, rejected.event_id, "a")
        curation.set_status(s, verified.event_id, "verified", "a")
        manual = curation.add_manual_event(s, {"article_id": edited.article_id, "event_type": "meeting"}, "a")
        before = {e.event_id: e for e in s.events()}
        n_edits = len(s.conn.execute("SELECT * FROM edits").fetchall())
    assert main(["extract", str(art), "--db", str(db), "-q"]) == 0
    with Store(db) as s:
        after = {e.event_id: e for e in s.events()}
        assert after[edited.event_id] == before[edited.event_id]
        assert after[edited.event_id].counts["arrested"] == 26
        assert after[rejected.event_id].status == "rejected"
        assert after[verified.event_id] == before[verified.event_id]
        assert after[manual] == before[manual]
        assert set(after) == set(before)  # nothing came back, nothing lost
        assert len(s.conn.execute("SELECT * FROM edits").fetchall()) == n_edits  # extraction logs no edit


# -- backup ----------------------------------------------------------------------------------

def test_backup_is_a_complete_sqlite_copy_next_to_the_db(store):
    curation.edit_event(store, first_id(store), {"headline": "x"}, "a")
    path = curation.backup(store)
    assert path.parent == curation.Path(store.path).parent and ".bak-" in path.name
    copy = Store(path)
    assert copy.count_events() == store.count_events()
    assert [h["field"] for h in curation.history(copy, first_id(store))] == ["headline", "status"]
    copy.close()
    second = curation.backup(store)
    assert second != path  # same second: a distinct name, never overwritten


def test_backup_never_overwrites_and_memory_needs_output(store, tmp_path, fresh_store):
    target = tmp_path / "mine.txt"
    target.write_text("keep me")
    with pytest.raises(CurationError, match="already exists"):
        curation.backup(store, target)
    assert target.read_text() == "keep me"
    with pytest.raises(CurationError, match="--output"):
        curation.backup(fresh_store)
    out = curation.backup(fresh_store, tmp_path / "sub" / "mem.db")
    assert sqlite3.connect(out).execute("SELECT COUNT(*) FROM edits").fetchone() == (0,)


# -- concurrency -----------------------------------------------------------------------------

def _edit_worker(db: str, event_id: str, field: str, n: int, user: str) -> None:
    s = Store(db)
    for i in range(1, n + 1):
        curation.edit_event(s, event_id, {field: i}, user=user)
    s.close()


def _extract_worker(db: str, rounds: int) -> None:
    s = Store(db)
    for r in range(rounds):
        s.replace_extracted(ARTICLE.id, [auto_event(i, counts={"arrested": 1000 + r}) for i in range(6)])
    s.close()


def _run(targets: list[tuple]) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=t, args=a) for t, a in targets]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)


def test_two_processes_forty_edits_each_lose_nothing(store):
    eid = first_id(store)
    db = store.path
    _run([(_edit_worker, (db, eid, "counts.killed", 40, "p1")),
          (_edit_worker, (db, eid, "counts.injured", 40, "p2"))])
    ev = Store(db).event(eid)
    assert ev.counts == {"arrested": 25, "killed": 40, "injured": 40}
    log = curation.history(store, eid)
    for field, user in (("counts.killed", "p1"), ("counts.injured", "p2")):
        rows = [h for h in log if h["field"] == field]
        assert len(rows) == 40 and {h["user"] for h in rows} == {user}
        # each edit saw the value the previous one wrote: no write was based on a stale read
        assert [(h["old"], h["new"]) for h in rows] == [(None if i == 1 else i - 1, i) for i in range(1, 41)]
    assert len([h for h in log if h["field"].startswith("counts.")]) == 80


def test_extraction_running_while_analysts_edit(store):
    eids = [auto_event(i).event_id for i in range(6)]
    store.replace_extracted(ARTICLE.id, [auto_event(i) for i in range(6)])
    db = store.path
    _run([(_extract_worker, (db, 40)),
          (_edit_worker, (db, eids[0], "counts.killed", 30, "analyst"))])
    s = Store(db)
    ev = s.event(eids[0])
    assert ev.counts["killed"] == 30 and ev.status == "edited"
    assert len([h for h in curation.history(s, eids[0]) if h["field"] == "counts.killed"]) == 30
    # the untouched ones carry the last extraction
    assert {s.event(e).counts["arrested"] for e in eids[1:]} == {1039}
    s.close()
