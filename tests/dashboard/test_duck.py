"""The DuckDB event source (a Parquet dataset) gives what the pandas source gives on the same events:
the same filtered counts and facet counts for every filter, and the analyst's edits on top."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dash_sample import sample_articles, sample_events
from events.frame import events_frame
from dashboard.filters import FilterState, build_index, evaluate
from events.curation import edit_event, set_status
from events.dataset import write_dataset
from events.store import Store
from events.synth import write_synthetic

duckdb = pytest.importorskip("duckdb")
from dashboard.duck import DatasetSource, SourceError  # noqa: E402

HOL = next(e for e in sample_events() if e.headline.startswith("SDF arrest"))


def dataset_of(store: Store, directory: Path) -> Path:
    """The store's events written as a partitioned dataset (what `marsad export` would give)."""
    write_dataset(store, directory)
    return directory


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The same events twice: a pandas index over the store and a DuckDB source over a dataset."""
    tmp = tmp_path_factory.mktemp("duck")
    store = Store(tmp / "marsad.db")
    store.add_articles(sample_articles())
    store.put_events(sample_events())
    write_synthetic(store, 1500, seed=11)
    idx = build_index(events_frame(store))
    source = DatasetSource(dataset_of(store, tmp / "dataset"))
    store.close()
    return idx, source


STATES = [
    FilterState(),
    FilterState(types=("arrest",)),
    FilterState(types=("arrest", "attack", "prison_break")),
    FilterState(actors=("Islamic State",)),
    FilterState(actors=("Islamic State", "Syrian Democratic Forces"), actor_match="both"),
    FilterState(actors=("Islamic State", "Syrian Democratic Forces")),
    FilterState(actors=("Islamic State",), actor_role="doer"),
    FilterState(actors=("Syrian Democratic Forces", "Islamic State"), actor_role="target", actor_match="both"),
    FilterState(places=("Kirkuk", "al-Hol camp")),
    FilterState(countries=("IQ",), types=("arrest",)),
    FilterState(outlets=("Example Wire", "البوابة نيوز")),
    FilterState(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30)),
    FilterState(date_from=date(2022, 3, 1), include_undated=False),
    FilterState(date_to=date(2020, 12, 31)),
    FilterState(include_undated=False),
    FilterState(date_precisions=("unknown", "month")),
    FilterState(geo_precisions=("(none)", "country")),
    FilterState(text="الحسكه"),
    FilterState(text="arrested Kirkuk"),
    FilterState(text="وبالحسكة"),
    FilterState(near_place="Kirkuk", near_km=150),
    FilterState(near_place="a place nobody wrote"),
    FilterState(show_rejected=True, types=("statement",)),
    FilterState(min_confidence=0.85),
    FilterState(types=("attack",), countries=("SY",), date_from=date(2021, 1, 1), text="داعش", min_confidence=0.5),
]


def nonzero(counts) -> dict[str, int]:
    return {k: int(v) for k, v in counts.items() if v}


@pytest.mark.parametrize("state", STATES, ids=lambda s: str({k: v for k, v in vars(s).items()
                                                              if v != getattr(FilterState(), k)}))
def test_the_dataset_source_counts_what_the_pandas_source_counts(both, state):
    idx, source = both
    want = evaluate(idx, state)
    got = source.evaluate(state)
    assert got.count == want.count
    assert got.dated == int((want.mask & idx.dated).sum())
    assert got.located == int((want.mask & idx.located).sum())
    for name, counts in want.facets.items():
        assert nonzero(got.facets[name]) == nonzero(counts), name


def test_the_table_rows_are_the_newest_matching_events(both):
    idx, source = both
    state = FilterState(types=("arrest",), countries=("SY",))
    rows = source.rows(state, ["date_start", "headline", "actors"], limit=20)
    mask = evaluate(idx, state, facets=False).mask
    assert len(rows) == 20 and set(rows["event_id"]) <= set(idx.ids[mask])
    days = rows["date_start"].dropna()
    assert days.is_monotonic_decreasing
    assert days.iloc[0] == idx.frame["date_start"][mask].max()
    assert all(isinstance(a, list) for a in rows["actors"])


def test_timeline_and_map_groups_add_up_to_the_events_shown(both):
    idx, source = both
    state = FilterState(types=("arrest", "attack"))
    result = source.evaluate(state, facets=False)
    assert source.timeline_groups(state, "type")["_n"].sum() == result.dated
    assert source.map_groups(state)["_n"].sum() == result.located
    # Actor lanes: an event in every lane of its actors, an event without actors in one lane.
    lanes = source.timeline_groups(state, "actor")
    assert lanes["_n"].sum() >= result.dated


def test_the_analysts_edits_in_the_store_apply_on_top_of_the_dataset(tmp_path):
    store = Store(tmp_path / "marsad.db")
    store.add_articles(sample_articles())
    store.put_events(sample_events())
    directory = dataset_of(store, tmp_path / "dataset")
    edit_event(store, HOL.event_id, {"headline": "SDF detain 25 cell members in al-Hol (checked)"}, user="analyst")
    paris = next(e for e in sample_events() if "Paris" in e.headline)
    set_status(store, paris.event_id, "rejected", user="analyst")
    store.close()
    source = DatasetSource(directory, store_path=tmp_path / "marsad.db")
    assert source.n == len(sample_events())  # replaced, not added twice
    rows = source.rows(FilterState(), ["headline"])
    assert "SDF detain 25 cell members in al-Hol (checked)" in set(rows["headline"])
    assert paris.event_id not in set(rows["event_id"])  # rejected in the store: hidden
    assert paris.event_id in set(source.rows(FilterState(show_rejected=True), ["headline"])["event_id"])


def test_a_folder_without_parquet_files_is_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="no Parquet files"):
        DatasetSource(tmp_path)


def test_a_facet_with_more_values_than_offered_is_counted_for_the_offered_ones(both, tmp_path):
    """At millions of events the articles facet has millions of values: the sidebar offers the
    busiest, and only those (and the chosen ones) are counted, with the counts pandas gives."""
    idx, full = both
    source = DatasetSource(full.directory, option_limit=5)
    assert source.options("articles") == idx.options("articles")[:5]
    assert source.options("types") == idx.options("types")[:5]
    picked = idx.options("articles")[40]  # chosen from a link, far down the list
    state = FilterState(types=("arrest", "attack"), articles=(picked,))
    want = evaluate(idx, state).facets
    got = source.evaluate(state).facets
    for name in ("articles", "types"):
        shown = set(source.options(name)) | set(state.chosen(name))
        assert nonzero(got[name]) == {k: v for k, v in nonzero(want[name]).items() if k in shown}, name
