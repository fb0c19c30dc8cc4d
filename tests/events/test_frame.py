"""events.frame: the same frame as the store, each JSON value parsed once, and its snapshot beside the store."""

from __future__ import annotations

import pandas as pd

from dash_sample import sample_articles, sample_events
from events.frame import events_frame


def test_loader_matches_store_events_frame(fresh_store):
    fresh_store.add_articles(sample_articles())
    fresh_store.put_events(sample_events())
    ours = events_frame(fresh_store).sort_values("event_id").reset_index(drop=True)
    theirs = fresh_store.events_frame().sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, theirs)
    hol = ours[ours["headline"].str.startswith("SDF arrest")].iloc[0]
    assert hol["actors"] == ["Syrian Democratic Forces", "Islamic State"]
    assert hol["counts"] == {"arrested": 25}


def test_loader_on_an_empty_store(fresh_store):
    assert len(events_frame(fresh_store)) == 0


# -- the frame snapshot beside the store ---------------------------------------------------------

import sqlite3  # noqa: E402

import pytest  # noqa: E402

import events.frame as ef  # noqa: E402
from events.curation import edit_event  # noqa: E402
from events.store import Store  # noqa: E402


def snapshots(path: str) -> list[str]:
    p = __import__("pathlib").Path(path)
    return sorted(f.name for f in p.parent.glob(p.name + ".frame-v*"))


def test_snapshot_is_written_and_read_back_with_the_same_frame(store_file, monkeypatch):
    first, version = ef.load_frame(store_file)
    assert snapshots(store_file) == [f"marsad.db.frame-v{version}.parquet"]
    # The second load must come from the snapshot: SQLite's reader would fail if asked.
    monkeypatch.setattr(ef, "_sql_frame", lambda conn: pytest.fail("read SQLite despite a fresh snapshot"))
    again, v2 = ef.load_frame(store_file)
    assert v2 == version
    pd.testing.assert_frame_equal(again, first)
    with Store(store_file) as s:
        pd.testing.assert_frame_equal(
            again.sort_values("event_id").reset_index(drop=True),
            s.events_frame().sort_values("event_id").reset_index(drop=True))
    hol = again[again["headline"].str.startswith("SDF arrest")].iloc[0]
    # Lists, dicts and datetimes come back as the filters, timeline and map expect them.
    assert type(hol["actors"]) is list and hol["actors"] == ["Syrian Democratic Forces", "Islamic State"]
    assert type(hol["counts"]) is dict and hol["counts"] == {"arrested": 25}
    assert type(hol["mentions"]) is list
    assert str(again["date_start"].dtype).startswith("datetime64")
    assert again["event_type"].dtype == "category"


def test_an_edit_makes_a_new_version_and_the_stale_snapshot_is_not_used(store_file):
    before, v1 = ef.load_frame(store_file)
    event_id = before.loc[before["headline"].str.startswith("SDF arrest"), "event_id"].iloc[0]
    with Store(store_file) as s:
        edit_event(s, event_id, {"headline": "Edited: SDF detain cell members in al-Hol"}, user="test")
    after, v2 = ef.load_frame(store_file)
    assert v2 > v1
    assert after.set_index("event_id").loc[event_id, "headline"] == "Edited: SDF detain cell members in al-Hol"
    # The old version's snapshot is gone, the new one is there.
    assert snapshots(store_file) == [f"marsad.db.frame-v{v2}.parquet"]


def test_a_snapshot_of_another_store_with_the_same_version_is_not_used(store_file, tmp_path):
    frame, version = ef.load_frame(store_file)
    # Another store at the same path and version (deleted and made again): fewer events.
    other = tmp_path / "other.db"
    with Store(other) as s:
        s.add_articles(sample_articles())
        s.put_events(sample_events()[:2])
    snap = ef.snapshot_path(store_file, version)
    keep = snap.read_bytes()
    for f in __import__("pathlib").Path(store_file).parent.glob("marsad.db*"):
        f.unlink()
    other.rename(store_file)
    with sqlite3.connect(store_file) as c:
        c.execute("UPDATE meta SET value=? WHERE key='data_version'", (str(version),))
    snap.write_bytes(keep)
    fresh, v = ef.load_frame(store_file)
    assert v == version
    assert len(fresh) == 2 < len(frame)


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(b"not parquet at all"),
    lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),  # cut short
    lambda p: p.write_bytes(b""),
])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(store_file, damage):
    frame, version = ef.load_frame(store_file)
    snap = ef.snapshot_path(store_file, version)
    damage(snap)
    again, v = ef.load_frame(store_file)
    assert v == version
    pd.testing.assert_frame_equal(again, frame)
    # Rebuilt: the next load reads a good snapshot.
    assert ef.read_snapshot(snap, {"version": str(version), **_fp(store_file)}) is not None


def test_a_flipped_byte_in_the_snapshot_data_never_gives_a_wrong_frame(store_file):
    """The footer may be intact and the data damaged: page checksums turn that into "rebuild".

    (Without them some flips load as strings that are not UTF-8 and break the page later.)
    """
    import struct

    frame, version = ef.load_frame(store_file)
    snap = ef.snapshot_path(store_file, version)
    good = snap.read_bytes()
    data_end = len(good) - 8 - struct.unpack("<i", good[-8:-4])[0]  # where the footer starts
    expect = {"version": str(version), **_fp(store_file)}
    wrong = []
    for i in range(4, data_end, 29):
        snap.write_bytes(good[:i] + bytes([good[i] ^ 0x5A]) + good[i + 1:])
        got = ef.read_snapshot(snap, expect)
        if got is None:
            continue  # detected: the caller reads SQLite and writes a good snapshot
        try:
            pd.testing.assert_frame_equal(got, frame)
        except Exception:  # noqa: BLE001 — a wrong or broken frame
            wrong.append(i)
    assert wrong == []


def _fp(path: str) -> dict[str, str]:
    with Store.read_only(path) as store:
        return ef.fingerprint(store, path)


def test_an_unwritable_folder_still_loads(store_file, monkeypatch):
    def refuse(*a, **k):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(ef.os, "replace", refuse)
    frame, _ = ef.load_frame(store_file)
    assert len(frame) == len(sample_events())
    assert snapshots(store_file) == []  # no temporary file left behind


def test_snapshot_can_be_switched_off(store_file, monkeypatch):
    monkeypatch.setenv("MARSAD_FRAME_SNAPSHOT", "0")
    frame, _ = ef.load_frame(store_file)
    assert len(frame) == len(sample_events())
    assert snapshots(store_file) == []


def test_snapshot_of_an_empty_store(tmp_path):
    path = str(tmp_path / "empty.db")
    Store(path).close()
    for _ in range(2):
        frame, _ = ef.load_frame(path)
        assert len(frame) == 0
