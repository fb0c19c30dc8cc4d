"""The filter index saved beside the store: a restart reads it back instead of rebuilding it,
and a stale, foreign or damaged file is never used (the index is built again)."""

from __future__ import annotations

import numpy as np
import pytest

from dash_sample import sample_events
from dashboard import data, index_snapshot
from dashboard.filters import FilterState, build_index, evaluate
from events.curation import edit_event
from events.frame import fingerprint
from events.store import Store


def index_files(path: str) -> list[str]:
    p = __import__("pathlib").Path(path)
    return sorted(f.name for f in p.parent.glob(p.name + ".index-v*"))


STATES = [FilterState(), FilterState(types=("arrest",)), FilterState(actors=("Islamic State",), actor_role="target"),
          FilterState(text="الحسكه"), FilterState(near_place="Hasakah", near_km=80), FilterState(show_rejected=True)]


def test_the_index_is_saved_and_read_back_the_same(store_file, monkeypatch):
    frame, version = data.load_frame(store_file)
    built = data.index_for(store_file, version, frame)
    assert index_files(store_file) == [f"marsad.db.index-v{version}.npz"]
    monkeypatch.setattr(data, "build_index", lambda f: pytest.fail("rebuilt despite a fresh index snapshot"))
    again = data.index_for(store_file, version, data.load_frame(store_file)[0])
    for name in index_snapshot.ARRAYS:
        np.testing.assert_array_equal(getattr(again, name), getattr(built, name))
    assert again.place_points == built.place_points and again.actor_names == built.actor_names
    for state in STATES:  # the same answers, facets included
        a, b = evaluate(again, state), evaluate(built, state)
        np.testing.assert_array_equal(a.mask, b.mask)
        assert {k: dict(v.items()) for k, v in a.facets.items()} == {k: dict(v.items()) for k, v in b.facets.items()}


def test_an_edit_makes_a_new_version_and_the_old_index_goes(store_file):
    frame, v1 = data.load_frame(store_file)
    data.index_for(store_file, v1, frame)
    with Store(store_file) as s:
        edit_event(s, sample_events()[0].event_id, {"event_type": "attack"}, user="analyst")
    frame, v2 = data.load_frame(store_file)
    idx = data.index_for(store_file, v2, frame)
    assert index_files(store_file) == [f"marsad.db.index-v{v2}.npz"]
    c = idx.codes["event_type"]
    assert c.values[c.codes[idx.positions([sample_events()[0].event_id])[0]]] == "attack"


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(b"not an npz"),
    lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    lambda p: p.write_bytes(b""),
])
def test_a_damaged_index_file_is_ignored_and_rebuilt(store_file, damage):
    frame, version = data.load_frame(store_file)
    data.index_for(store_file, version, frame)
    file = index_snapshot.index_path(store_file, version)
    damage(file)
    idx = data.index_for(store_file, version, frame)
    np.testing.assert_array_equal(idx.start_day, build_index(frame).start_day)
    assert index_snapshot.load(file, frame, {"version": str(version), **_fp(store_file)}) is not None


def test_an_index_of_other_rows_is_not_used(store_file):
    """Same store, same version, but the frame's rows in another order: the saved index is not theirs."""
    frame, version = data.load_frame(store_file)
    data.index_for(store_file, version, frame)
    fp = {"version": str(version), **_fp(store_file)}
    file = index_snapshot.index_path(store_file, version)
    assert index_snapshot.load(file, frame, fp) is not None
    assert index_snapshot.load(file, frame.iloc[::-1].reset_index(drop=True), fp) is None


def test_switched_off_with_the_frame_snapshot(store_file, monkeypatch):
    monkeypatch.setenv("MARSAD_FRAME_SNAPSHOT", "0")
    frame, version = data.load_frame(store_file)
    data.index_for(store_file, version, frame)
    assert index_files(store_file) == []


def _fp(path: str) -> dict[str, str]:
    with data.reader(path) as s:
        return fingerprint(s, path)
