"""The time window: brushed on the timeline, stepped week by week or month by month, an overlap mask."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from dashboard import window as tw


@pytest.mark.parametrize("box, want", [
    # plotly hands back the box in axis units: ISO text with a time of day on a date axis
    ({"x": ["2023-08-14 06:12:30.5", "2023-03-02 18:00"], "y": [0.5, 3.2]}, (date(2023, 3, 2), date(2023, 8, 14))),
    ({"x": [1672531200000, 1675123200000], "y": [0, 1]}, (date(2023, 1, 1), date(2023, 1, 31))),
    ({"x": ["not a date", "2023-01-01"], "y": [0, 1]}, None),
])
def test_a_box_drawn_on_the_timeline_is_a_time_window(box, want):
    assert tw.from_selection({"points": [], "box": [box]}) == want


def test_a_click_without_a_box_is_no_window():
    assert tw.from_selection({"points": [{"customdata": ["ev_1"]}], "box": []}) is None
    assert tw.from_selection(None) is None


@pytest.mark.parametrize("day, unit, want", [
    (date(2024, 3, 10), "week", (date(2024, 3, 4), date(2024, 3, 10))),     # a Sunday: its Monday before
    (date(2024, 2, 14), "month", (date(2024, 2, 1), date(2024, 2, 29))),    # a leap February
    (date(2023, 12, 31), "month", (date(2023, 12, 1), date(2023, 12, 31))),
])
def test_unit_of(day, unit, want):
    assert tw.unit_of(day, unit) == want


FIRST, LAST = date(2023, 11, 5), date(2024, 2, 6)


@pytest.mark.parametrize("window, unit, direction, want", [
    (None, "month", 1, (date(2023, 11, 1), date(2023, 11, 30))),            # play starts at the data's first month
    (None, "week", -1, (date(2024, 2, 5), date(2024, 2, 11))),              # stepping back starts at its end
    ((date(2023, 11, 1), date(2023, 11, 30)), "month", 1, (date(2023, 12, 1), date(2023, 12, 31))),
    ((date(2023, 12, 1), date(2023, 12, 31)), "month", -1, (date(2023, 11, 1), date(2023, 11, 30))),
    ((date(2024, 2, 1), date(2024, 2, 29)), "month", 1, (date(2024, 2, 1), date(2024, 2, 29))),   # stays at the end
    ((date(2023, 11, 1), date(2023, 11, 30)), "month", -1, (date(2023, 11, 1), date(2023, 11, 30))),
    # a brushed range (to a Wednesday) steps to the week holding the next day
    ((date(2023, 12, 10), date(2024, 1, 3)), "week", 1, (date(2024, 1, 1), date(2024, 1, 7))),
])
def test_step(window, unit, direction, want):
    assert tw.step(window, unit, direction, FIRST, LAST) == want


def test_mask_keeps_events_overlapping_the_window_and_no_undated_one():
    d = tw.day_number
    start = np.array([d(date(2024, 3, 1)), d(date(2024, 1, 1)), d(date(2024, 4, 2)), 0])
    end = np.array([d(date(2024, 3, 1)), d(date(2024, 12, 31)), d(date(2024, 4, 2)), 0])
    dated = np.array([True, True, True, False])
    got = tw.mask(start, end, dated, (date(2024, 2, 26), date(2024, 3, 31)))
    # a day inside, a year overlapping it, a day after it, an undated event
    assert got.tolist() == [True, True, False, False]
    assert tw.mask(start, end, dated, None) is None
