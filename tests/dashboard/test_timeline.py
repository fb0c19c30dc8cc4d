"""Timeline figures: marks per event, intervals as bars, planned distinct, bounded when large."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dash_sample import sample_events, sample_frame
from dashboard.timeline import (
    BIN_MARK, MAX_COUNT_LANES, MAX_MARKS, SPREAD_LABEL, bin_unit, build_timeline, figure_bytes, lanes_of,
    overlap_counts, selected_event_ids, spread_counts, undated,
)

EVENTS = {e.headline: e for e in sample_events()}
PARIS = EVENTS["Global Coalition to hold a security meeting in Paris"]
HOL = EVENTS["SDF arrest 25 Islamic State members in al-Hol camp"]
HASAKAH = EVENTS["Hundreds of prisoners escape Sinaa prison in Hasakah"]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return sample_frame()


def traces_with(fig, event_id):
    return [t for t in fig.data if any(cd[0] == event_id for cd in (t.customdata if t.customdata is not None else []))]


def test_day_events_are_points_and_intervals_are_bars(frame):
    fig = build_timeline(frame)
    (hol,) = traces_with(fig, HOL.event_id)
    assert hol.type == "scatter" and hol.mode == "markers"
    (prison,) = traces_with(fig, HASAKAH.event_id)
    assert prison.type == "bar" and prison.orientation == "h"
    i = [cd[0] for cd in prison.customdata].index(HASAKAH.event_id)
    assert prison.base[i] == "2022-01-01"
    assert prison.x[i] == 365 * 86_400_000  # the whole year


def test_planned_events_are_hatched(frame):
    fig = build_timeline(frame)
    (paris,) = traces_with(fig, PARIS.event_id)
    i = [cd[0] for cd in paris.customdata].index(PARIS.event_id)
    assert paris.marker.pattern.shape[i] == "/"
    (prison,) = traces_with(fig, HASAKAH.event_id)
    j = [cd[0] for cd in prison.customdata].index(HASAKAH.event_id)
    assert prison.marker.pattern.shape[j] == ""


def test_planned_day_events_are_open_markers(frame):
    f = frame.copy()
    f["tense"] = f["tense"].astype("object")
    f.loc[f["event_id"] == HOL.event_id, "tense"] = "planned"
    fig = build_timeline(f)
    (hol,) = traces_with(fig, HOL.event_id)
    i = [cd[0] for cd in hol.customdata].index(HOL.event_id)
    assert hol.marker.symbol[i] == "circle-open"


def test_hover_has_headline_date_as_written_place_and_actors(frame):
    fig = build_timeline(frame)
    (hol,) = traces_with(fig, HOL.event_id)
    cd = next(c for c in hol.customdata if c[0] == HOL.event_id)
    assert cd[1] == HOL.headline
    assert "يوم الخميس ٢٥ نيسان ٢٠٢٤" in cd[2]
    assert "al-Hol camp — \u2068مخيم الهول\u2069" == cd[3]  # the Arabic run isolated (dashboard.bidi)
    assert "Syrian Democratic Forces" in cd[4]
    assert "customdata[1]" in hol.hovertemplate


@pytest.mark.parametrize("lane_by, lanes", [
    ("type", {"arrest", "meeting", "attack", "prison break", "statement"}),
    ("place", {"al-Hol camp", "Paris", "Krasnogorsk", "Hasakah", "Kirkuk"}),
    ("actor", {"Syrian Democratic Forces", "Islamic State", "Global Coalition", "Iraqi Security Forces"}),
])
def test_lanes_by_choice(frame, lane_by, lanes):
    fig = build_timeline(frame, lane_by=lane_by)
    assert {y for t in fig.data for y in t.y} == lanes


def test_an_event_with_two_actors_sits_in_both_lanes(frame):
    rows = lanes_of(frame[frame["event_id"] == HOL.event_id], "actor")
    assert set(rows["lane"]) == {"Syrian Democratic Forces", "Islamic State"}


def test_many_lanes_are_capped():
    f = pd.DataFrame({"place_name": [f"P{i}" for i in range(50)], "event_type": "attack"})
    rows = lanes_of(f, "place", max_lanes=10)
    assert rows["lane"].nunique() == 10 and "other (41 more)" in set(rows["lane"])


def test_undated_are_counted_in_the_figure_and_listed(frame):
    fig = build_timeline(frame)
    # The troop deployment and the airstrikes have no date: counted on the chart, listed beside.
    assert "2 undated events" in fig.layout.title.text
    assert set(undated(frame)["headline"]) == {
        "About 2,000 US troops deployed in Syria", "US airstrikes on Islamic State hideouts in the Syrian Desert"}


def test_presentation_has_title_and_legend(frame):
    fig = build_timeline(frame, presentation=True, title="Events over time")
    assert fig.layout.title.text.startswith("Events over time")
    assert fig.layout.showlegend is True
    assert fig.layout.font.size > build_timeline(frame).layout.font.size
    # a slide carries no controls: the range slider is for the interactive view only
    assert fig.layout.xaxis.rangeslider.visible is False
    assert build_timeline(frame).layout.xaxis.rangeslider.visible is True


def big_frame(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, n), unit="D")
    return pd.DataFrame({
        "event_id": [f"ev_{i:08d}" for i in range(n)],
        "date_start": start, "date_end": start,
        "date_precision": "day", "tense": "past", "date_text": "يوم الخميس الماضي في الحسكة",
        "event_type": rng.choice(["attack", "arrest", "airstrike", "meeting"], n),
        "headline": ["Islamic State attack on a checkpoint near the city of Hasakah kills several"] * n,
        "place_name": "Hasakah", "place_name_ar": "الحسكة",
        "actors": [["Islamic State", "Syrian Democratic Forces"]] * n,
    })


def test_at_the_mark_cap_the_figure_stays_under_2_mb():
    fig = build_timeline(big_frame(MAX_MARKS), lane_by="type")
    assert sum(len(t.customdata) for t in fig.data) == MAX_MARKS
    assert figure_bytes(fig) <= 2_000_000


def test_above_the_cap_counts_per_bin_stacked_by_type():
    f = big_frame(50_000)
    fig = build_timeline(f)
    assert fig.layout.barmode == "stack"
    assert all(t.type == "bar" for t in fig.data)
    assert sum(int(np.sum(t.y)) for t in fig.data) == 50_000  # nothing dropped
    assert "per week" in fig.layout.title.text  # five years → weeks
    assert figure_bytes(fig) <= 2_000_000


@pytest.mark.parametrize("span, unit", [(0, "day"), (700, "day"), (800, "week"), (5000, "week"), (9000, "month"), (25_000, "month"), (30_000, "year")])
def test_bin_unit(span, unit):
    assert bin_unit(19000, 19000 + span) == unit


def test_selection_of_marks_gives_their_event_ids(frame):
    sel = {"points": [{"customdata": [HOL.event_id, "x"]}, {"customdata": [PARIS.event_id]}]}
    assert selected_event_ids(sel, frame) == {HOL.event_id, PARIS.event_id}
    assert selected_event_ids({"points": []}, frame) == set()


def test_selection_of_a_bin_gives_the_events_in_it():
    f = big_frame(10_000)
    fig = build_timeline(f)
    trace = fig.data[0]
    cd = list(trace.customdata[0])
    assert cd[0] == BIN_MARK
    ids = selected_event_ids({"points": [{"customdata": cd}]}, f)
    assert len(ids) == int(trace.y[0])


def test_a_single_day_does_not_zoom_to_milliseconds(frame):
    one = frame[frame["event_id"] == HOL.event_id]
    fig = build_timeline(one)
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert lo <= pd.Timestamp(HOL.date_start) <= hi
    assert (hi - lo).days >= 30


# -- aggregated mode: an imprecise event is spread over its interval -----------------------------

def month_frame(n: int, seed: int = 2) -> pd.DataFrame:
    """``n`` events each known only to a month («في آذار ٢٠٢١»), months drawn over five years."""
    rng = np.random.default_rng(seed)
    months = pd.PeriodIndex.from_fields(year=rng.integers(2019, 2024, n), month=rng.integers(1, 13, n), freq="M")
    f = big_frame(n, seed)
    f["date_start"] = months.start_time.as_unit("us")
    f["date_end"] = months.end_time.normalize().as_unit("us")
    f["date_precision"] = "month"
    f["event_type"] = "arrest"
    return f


def weekly_counts(fig) -> pd.Series:
    (trace,) = fig.data
    return pd.Series(np.asarray(trace.y, dtype=float), index=pd.to_datetime(list(trace.x)))


def test_month_events_do_not_spike_the_first_week_of_each_month():
    f = month_frame(6000)
    fig = build_timeline(f)
    assert "per week" in fig.layout.title.text
    weeks = weekly_counts(fig)
    assert round(weeks.sum()) == 6000  # spread, not lost
    first_weeks = weeks[[any((d + pd.Timedelta(days=k)).day == 1 for k in range(7)) for d in weeks.index]]
    other_weeks = weeks.drop(first_weeks.index)
    # Counted at their start, every event would sit in a week holding a 1st (others empty).
    assert other_weeks.sum() > 0.6 * 6000
    assert first_weeks.mean() < 1.3 * other_weeks.mean()
    assert weeks.max() < 3 * weeks.median()


def test_a_day_event_counts_whole_in_its_bin_and_a_month_event_by_share():
    day = pd.Timestamp("2021-01-13").to_datetime64().astype("datetime64[D]").astype(np.int64)
    jan1 = pd.Timestamp("2021-01-01").to_datetime64().astype("datetime64[D]").astype(np.int64)
    firsts, n, spread = spread_counts(np.array([day, jan1]), np.array([day, jan1 + 30]), "week")
    weeks = dict(zip(np.datetime_as_string(firsts.astype("datetime64[D]")), n))
    # January 2021 began on a Friday: its first week (from Monday 28 December) holds 3 of 31 days.
    assert weeks["2020-12-28"] == pytest.approx(3 / 31, abs=1e-6)
    assert weeks["2021-01-11"] == pytest.approx(1 + 7 / 31, abs=1e-6)  # the day event, plus a week's share
    assert sum(n) == pytest.approx(2, abs=1e-5)
    assert dict(zip(np.datetime_as_string(firsts.astype("datetime64[D]")), spread))["2021-01-11"] == pytest.approx(7 / 31, abs=1e-6)


def test_spread_counts_are_labelled_in_the_hover():
    f = pd.concat([big_frame(4000), month_frame(1000)], ignore_index=True)
    fig = build_timeline(f)
    assert all(SPREAD_LABEL in t.hovertemplate for t in fig.data)
    arrest = next(t for t in fig.data if t.name == "arrest")
    assert "known only to a longer interval" in arrest.hovertemplate
    assert any(float(cd[4]) > 0 for cd in arrest.customdata)  # the month events' part of a bin
    assert round(sum(float(np.sum(t.y)) for t in fig.data)) == 5000


def test_selecting_a_bin_takes_the_interval_events_spread_into_it():
    f = month_frame(4000)
    fig = build_timeline(f)
    (trace,) = fig.data
    # a week in the middle of a month: no event starts there, yet month events cover it
    i = next(i for i, x in enumerate(trace.x) if pd.Timestamp(x).day in range(8, 15))
    cd = list(trace.customdata[i])
    ids = selected_event_ids({"points": [{"customdata": cd}]}, f)
    a, b = pd.Timestamp(cd[2]), pd.Timestamp(cd[3])
    expected = f[(f["date_start"] <= b) & (f["date_end"] >= a)]
    assert ids == set(expected["event_id"]) and ids
    assert not (f[f["event_id"].isin(ids)]["date_start"] >= a).any()


# -- above the mark cap, the lane choice is honoured and a bin selects what its tooltip counts ------

def lanes_frame(n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` events with one or two actors and a place each, some known only to a month."""
    rng = np.random.default_rng(seed)
    f = big_frame(n, seed)
    pairs = [["Islamic State"], ["Syrian Democratic Forces", "Islamic State"], ["Iraqi security forces"],
             ["Global Coalition against Daesh", "Iraqi government"], ["Turkish army", "Kurdistan Workers' Party"]]
    f["actors"] = [pairs[i] for i in rng.integers(0, len(pairs), n)]
    f["place_name"] = rng.choice(["Hasakah", "Raqqa", "Mosul", "Deir ez-Zor", "Erbil", "Kirkuk"], n)
    monthly = rng.random(n) < 0.3  # «في آذار ٢٠٢١»: known only to its month
    start, month = f["date_start"], f["date_start"].dt.to_period("M")
    f["date_start"] = month.dt.start_time.dt.as_unit("us").where(monthly, start)
    f["date_end"] = month.dt.end_time.dt.normalize().dt.as_unit("us").where(monthly, start)
    return f


@pytest.mark.parametrize("lane_by, lanes", [
    ("actor", {"Islamic State", "Syrian Democratic Forces", "Iraqi security forces", "Global Coalition against Daesh",
               "Iraqi government", "Turkish army", "Kurdistan Workers' Party"}),
    ("place", {"Hasakah", "Raqqa", "Mosul", "Deir ez-Zor", "Erbil", "Kirkuk"}),
])
def test_above_the_cap_bins_are_stacked_by_the_chosen_lanes(lane_by, lanes):
    f = lanes_frame(8000)
    fig = build_timeline(f, lane_by=lane_by)
    assert fig.layout.barmode == "stack" and f"stacked by {lane_by}" in fig.layout.title.text
    assert {t.name for t in fig.data} == lanes
    # an actor event counts once in each of its actors' lanes, the sums say so
    expected = len(lanes_of(f, lane_by))
    assert round(sum(float(np.sum(t.y)) for t in fig.data)) == expected


def test_above_the_cap_many_lanes_fold_into_other():
    f = lanes_frame(6000)
    f["place_name"] = [f"Village {i % 40}" for i in range(len(f))]
    fig = build_timeline(f, lane_by="place")
    assert len(fig.data) == MAX_COUNT_LANES
    assert any(t.name.startswith("other (") for t in fig.data)


@pytest.mark.parametrize("lane_by", ["type", "actor", "place"])
def test_a_clicked_bin_selects_exactly_the_events_its_tooltip_counts(lane_by):
    f = lanes_frame(6000)
    fig = build_timeline(f, lane_by=lane_by)
    assert all("customdata[5]" in t.hovertemplate for t in fig.data)
    checked = 0
    for trace in fig.data[:4]:
        for i in range(0, len(trace.x), max(1, len(trace.x) // 7)):
            cd = list(trace.customdata[i])
            ids = selected_event_ids({"points": [{"customdata": cd}]}, f)
            assert len(ids) == int(cd[5]) > 0, (trace.name, cd)
            checked += 1
    assert checked >= 20


def test_overlap_counts_count_every_bin_an_interval_touches():
    day = lambda s: int(pd.Timestamp(s).to_datetime64().astype("datetime64[D]").astype(np.int64))  # noqa: E731
    start = np.array([day("2021-01-13"), day("2021-01-01")])
    end = np.array([day("2021-01-13"), day("2021-01-31")])
    firsts, _, _ = spread_counts(start, end, "week")
    n = overlap_counts(start, end, "week", firsts)
    weeks = dict(zip(np.datetime_as_string(firsts.astype("datetime64[D]")), n))
    # January 2021 touches five weeks (from Monday 28 December); the day event is in the 11 January one
    assert weeks == {"2020-12-28": 1, "2021-01-04": 1, "2021-01-11": 2, "2021-01-18": 1, "2021-01-25": 1}


@pytest.mark.parametrize("n", [40, 5000])  # one mark per event, and counts per bin
def test_the_time_window_is_shaded_and_the_context_kept(n):
    f = lanes_frame(n)
    from datetime import date
    fig = build_timeline(f, window=(date(2021, 3, 1), date(2021, 3, 31)))
    (rect,) = [s for s in fig.layout.shapes if s.name == "time window"]
    assert (rect.x0, rect.x1) == ("2021-03-01", "2021-04-01")  # the last day drawn whole
    assert any("2021-03-01 – 2021-03-31" in a.text for a in fig.layout.annotations)
    plain = build_timeline(f)
    assert not plain.layout.shapes
    # the chart still shows every event: the window narrows the other views, not this one
    assert sum(len(t.x) for t in fig.data) == sum(len(t.x) for t in plain.data)
