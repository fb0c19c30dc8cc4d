"""Whether an event is curated follows from its edits log, not its status: re-extraction
and import never overwrite an event an analyst touched — also once its status is ``auto`` again."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from events import curation
from events.schema import Article, Event, validate
from events.store import Store

ARTICLE = Article(id="ar_cur2", title="اشتباكات في ريف دير الزور", published="2024-05-12",
                  source="دير الزور 24", language="ar",
                  text="اندلعت اشتباكات بين قوات العشائر وقسد في بلدة ذيبان بريف دير الزور الشرقي.")


def auto_event(n: int, **over) -> Event:
    d = dict(article_id=ARTICLE.id, event_type="armed_clash", date_start="2024-05-11", date_end="2024-05-11",
             date_precision="day", actors=["Tribal forces", "Syrian Democratic Forces"], counts={"killed": 4},
             sentence=ARTICLE.text, sentence_start=n * 100, sentence_end=n * 100 + 70,
             place_name="Dhiban", country="SY", lat=35.01, lon=40.51, geo_precision="city",
             headline="Clashes between tribal forces and the SDF in Dhiban")
    d.update(over)
    return validate(d)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "marsad.db")
    s.add_articles([ARTICLE])
    s.replace_extracted(ARTICLE.id, [auto_event(i) for i in range(3)])
    yield s
    s.close()


def _restore_after_reject(s: Store, eid: str) -> None:
    curation.edit_event(s, eid, {"counts.killed": 7}, "هدى")
    curation.delete_event(s, eid, "هدى")
    curation.restore_event(s, eid, "هدى")  # back to "edited"…
    curation.set_status(s, eid, "auto", "هدى")  # …and then marked auto again


def _status_reverted(s: Store, eid: str) -> None:
    ids = curation.edit_event(s, eid, {"counts.killed": 7}, "هدى")
    status_row = next(i for i in ids if curation.get_edit(s, i)["field"] == "status")
    curation.revert(s, status_row, "هدى")  # the status row reverted: auto, but killed is still 7


def _set_status_auto(s: Store, eid: str) -> None:
    curation.edit_event(s, eid, {"counts.killed": 7, "status": "auto"}, "هدى")  # `--set status=auto`


def _verify_then_restore(s: Store, eid: str) -> None:
    curation.edit_event(s, eid, {"counts.killed": 7}, "هدى")
    curation.set_status(s, eid, "verified", "هدى")
    curation.set_status(s, eid, "auto", "هدى")


@pytest.mark.parametrize("curate", [_restore_after_reject, _status_reverted, _set_status_auto, _verify_then_restore])
def test_reextraction_keeps_an_edited_event_whose_status_is_auto_again(store, curate):
    eid = auto_event(0).event_id
    curate(store, eid)
    assert store.event(eid).status == "auto" and store.event(eid).counts["killed"] == 7
    n_edits = store.conn.execute("SELECT COUNT(*) FROM edits").fetchone()[0]
    store.replace_extracted(ARTICLE.id, [auto_event(i, counts={"killed": 2}) for i in range(3)])
    assert store.event(eid).counts["killed"] == 7  # the analyst's value, not the extractor's
    assert store.event(auto_event(1).event_id).counts["killed"] == 2  # untouched ones are refreshed
    store.replace_extracted(ARTICLE.id, [])  # an extraction that no longer finds it keeps it too
    assert store.event(eid) is not None and store.event(auto_event(1).event_id) is None
    assert store.conn.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == n_edits
    # the log and the store agree: the last logged value of the field is the stored one
    last = [h for h in curation.history(store, eid) if h["field"] == "counts.killed"][-1]
    assert last["new"] == store.event(eid).counts["killed"]


def test_import_keeps_an_edited_event_whose_status_is_auto_again(store):
    eid = auto_event(0).event_id
    _set_status_auto(store, eid)
    written = store.put_events([auto_event(0, counts={"killed": 1}), auto_event(1, counts={"killed": 1})],
                               keep_curated=True)
    assert written == 1
    assert store.event(eid).counts["killed"] == 7 and store.event(auto_event(1).event_id).counts["killed"] == 1


# -- several processes editing while extraction re-runs ------------------------------------------

EDITS_PER_WORKER = 12


def _editor(db: str, eid: str, worker: int) -> None:
    """Edit one event over and over; every few edits put its status back to auto (a restore, a
    revert, `--set status=auto`), the states in which re-extraction used to overwrite it."""
    s = Store(db)
    for i in range(1, EDITS_PER_WORKER + 1):
        curation.edit_event(s, eid, {"counts.killed": 100 * worker + i}, f"w{worker}")
        if i % 3 == 0:
            curation.set_status(s, eid, "auto", f"w{worker}")
    s.close()


def _extractor(db: str, deadline: float) -> None:
    s = Store(db)
    r = 0
    while time.monotonic() < deadline or r < 5:
        s.replace_extracted(ARTICLE.id, [auto_event(i, counts={"killed": r}) for i in range(6)])
        r += 1
    s.close()


def test_editors_and_a_reextraction_running_together_lose_nothing(store):
    store.replace_extracted(ARTICLE.id, [auto_event(i) for i in range(6)])
    eids = [auto_event(i).event_id for i in range(6)]
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_extractor, args=(store.path, time.monotonic() + 3))]
    procs += [ctx.Process(target=_editor, args=(store.path, eids[w], w)) for w in range(1, 4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    s = Store(store.path)
    for w in range(1, 4):
        log = curation.history(s, eids[w])
        kills = [h for h in log if h["field"] == "counts.killed"]
        # edits logged = edits made, each based on the value the previous one wrote
        assert [h["new"] for h in kills] == [100 * w + i for i in range(1, EDITS_PER_WORKER + 1)]
        assert [h["old"] for h in kills][1:] == [h["new"] for h in kills][:-1]
        assert {h["user"] for h in log} == {f"w{w}"}
        # no curated value lost to the extraction running meanwhile
        assert s.event(eids[w]).counts["killed"] == 100 * w + EDITS_PER_WORKER
    extracted = {s.event(e).counts["killed"] for e in (eids[0], eids[4], eids[5])}
    assert len(extracted) == 1 and extracted != {4}  # the untouched ones follow the extractor
    s.close()
