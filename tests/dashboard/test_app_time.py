"""Time as a filter, in AppTest: the time window narrows the map and table, the timeline shades it."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import timeline
from test_app import CROCUS, EVENTS, HASAKAH, PARIS, db, deck_text, plotly_spec, run, table_ids, timeline_ids  # noqa: F401

HOL = EVENTS["SDF arrest 25 Islamic State members in al-Hol camp"]
KIRKUK = EVENTS["Iraqi Security Forces arrest 3 Islamic State suspects in Kirkuk"]


def window_shapes(at) -> list[dict]:
    return [s for s in plotly_spec(at)["layout"].get("shapes", []) if s.get("name") == "time window"]


def caption(at) -> str:
    return " ".join(m.value for m in at.markdown if "events**" in m.value) + " ".join(c.value for c in at.caption)


def test_a_window_in_the_url_narrows_map_and_table_and_is_shaded(db):
    at = run({"window": "2024-03-01..2024-04-30"})
    assert table_ids(at) == {CROCUS.event_id, HOL.event_id}
    assert "Moscow" in deck_text(at) and "Kirkuk" not in deck_text(at)
    # the timeline keeps its context, with the window shaded on it
    assert {HASAKAH.event_id, KIRKUK.event_id} <= timeline_ids(at)
    (rect,) = window_shapes(at)
    assert (rect["x0"], rect["x1"]) == ("2024-03-01", "2024-05-01")
    assert "time window 2024-03-01 – 2024-04-30: 2 events" in caption(at)


def test_dragging_the_slider_sets_the_window_and_the_url(db):
    at = run()
    assert not window_shapes(at)
    at.slider(key="t_range").set_value((date(2024, 4, 1), date(2024, 5, 31))).run()
    assert table_ids(at) == {HOL.event_id, PARIS.event_id}
    assert at.query_params.get("window") in ("2024-04-01..2024-05-31", ["2024-04-01..2024-05-31"])
    at.button(key="t_clear").click().run()
    assert at.session_state["t_window"] is None and "window" not in at.query_params
    assert PARIS.event_id in table_ids(at) and HASAKAH.event_id in table_ids(at)


def test_stepping_month_by_month_walks_through_the_events(db):
    at = run({"window": "2024-03-01..2024-03-31"})
    assert table_ids(at) == {CROCUS.event_id}
    at.button(key="t_next").click().run()
    assert table_ids(at) == {HOL.event_id}            # April
    at.button(key="t_next").click().run()
    assert table_ids(at) == {PARIS.event_id}          # May
    at.button(key="t_prev").click().run()
    assert table_ids(at) == {HOL.event_id}
    assert at.query_params.get("window") in ("2024-04-01..2024-04-30", ["2024-04-01..2024-04-30"])


def test_stepping_by_week(db):
    at = run({"step": "week"})
    at.button(key="t_next").click().run()
    # no window yet: the first step lands on the week of the first dated event (Hasakah, 2022)
    assert at.session_state["t_window"] == (date(2021, 12, 27), date(2022, 1, 2))
    assert table_ids(at) == {HASAKAH.event_id}
    assert at.query_params.get("step") in ("week", ["week"])


def test_the_window_is_kept_while_other_filters_change(db):
    at = run({"window": "2024-04-01..2024-06-30"})
    at.multiselect(key="f_types").select("arrest").run()
    assert table_ids(at) == {HOL.event_id, KIRKUK.event_id}
    assert at.slider(key="t_range").value == (date(2024, 4, 1), date(2024, 6, 30))


@pytest.mark.parametrize("lane, names", [
    ("actor", {"Islamic State", "Syrian Democratic Forces", "Global Coalition", "Iraqi Security Forces"}),
    ("place", {"al-Hol camp", "Paris", "Krasnogorsk", "Hasakah", "Kirkuk"}),
])
def test_above_the_mark_cap_the_lane_choice_is_honoured(db, monkeypatch, lane, names):
    monkeypatch.setattr(timeline, "MAX_MARKS", 2)  # the sample is small: counts per bin from 3 events
    at = run({"lane": lane})
    spec = plotly_spec(at)
    assert f"stacked by {lane}" in spec["layout"]["title"]["text"]
    shown = {t["name"] for t in spec["data"]}
    assert shown == names
    assert all(t["customdata"][0][0] == f"~bin:{lane}" for t in spec["data"])


def test_the_date_picker_opens_on_the_data_and_says_what_it_counts(db):
    at = run()
    picker = at.date_input(key="f_dates")
    # the data runs from the Hasakah escape (2022) to the Kirkuk arrest (June 2024); not 1900–2100
    assert (picker.proto.min, picker.proto.max) == ("2022-01-01", "2024-06-10")
    note = " ".join(c.value for c in at.sidebar.caption)
    assert "2 undated events are included" in note and "meets the range" in note
    at.toggle(key="f_undated").set_value(False).run()
    assert "2 undated events are hidden" in " ".join(c.value for c in at.sidebar.caption)


def test_a_link_with_dates_outside_the_data_still_opens(db):
    at = run({"from": "2019-05-01", "to": "2019-06-01"})
    picker = at.date_input(key="f_dates")
    assert picker.proto.min == "2019-05-01"
    assert not table_ids(at) or table_ids(at) <= {e.event_id for e in EVENTS.values() if not e.date_start}


def test_play_steps_the_window_at_once_then_on_its_timer(db):
    at = run()
    at.toggle(key="t_play").set_value(True).run()
    # the first step lands on the first month of the data (the Hasakah escape, January 2022)
    assert at.session_state["t_window"] == (date(2022, 1, 1), date(2022, 1, 31))
    assert table_ids(at) == {HASAKAH.event_id}
    at.toggle(key="t_play").set_value(False).run()
    assert at.session_state["t_window"] == (date(2022, 1, 1), date(2022, 1, 31))  # stopped where it was
