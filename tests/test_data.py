"""The dashboard's loader gives the same frame as the store, parsing each JSON value once."""

from __future__ import annotations

import pandas as pd

from dash_sample import sample_articles, sample_events
from dashboard.data import events_frame


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
