"""The time window's controls under the timeline: a range slider, steps by week/month, play.

Widget keys: ``t_range`` (slider), ``t_step`` (week/month), ``t_prev``, ``t_next`` (buttons),
``t_play`` (toggle), ``t_clear`` (button); all inside the ``timebar_box`` container. The window
itself is ``st.session_state["t_window"]`` (None: no window), written to the URL by the page.
The window logic is pure, in :mod:`dashboard.window`.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import streamlit as st

from dashboard import window as tw

PLAY_SECONDS = 2.0  # one step per this many seconds while playing
# Streamlit's slider holds dates 1684-07-29 … 2255-06-04 (epoch microseconds as JS numbers): a
# stored date beyond (a bad year from an old store) is clamped, the slider still opens.
SLIDER_MIN, SLIDER_MAX = date(1700, 1, 1), date(2250, 12, 31)


def _bounds() -> tuple[date, date]:
    return st.session_state["_t_data_range"]


def _on_slider() -> None:
    ss = st.session_state
    lo, hi = ss["_t_slider_range"]
    value = tuple(ss.get("t_range") or ())
    ss["t_window"] = None if len(value) != 2 or value == (lo, hi) else (value[0], value[1])


def _step(direction: int) -> None:
    ss = st.session_state
    first, last = _bounds()
    ss["t_window"] = tw.step(ss.get("t_window"), ss.get("t_step") or "month", direction, first, last)


def _clear() -> None:
    st.session_state["t_window"] = None
    st.session_state["t_play"] = False


def data_range(start_day: np.ndarray, end_day: np.ndarray) -> tuple[date, date] | None:
    """First and last day of the (dated) events given, as dates."""
    if not len(start_day):
        return None
    first = np.datetime64(int(start_day.min()), "D").astype(object)
    last = np.datetime64(int(max(end_day.max(), start_day.max())), "D").astype(object)
    return first, last


@st.fragment(run_every=PLAY_SECONDS)
def _player() -> None:
    """While playing, step the window forward and rerun the whole page (map and table follow)."""
    ss = st.session_state
    if not ss.get("t_play"):
        return
    now = time.monotonic()
    # The fragment also runs inside every full run: step only when a period has passed.
    if now - ss.get("_t_last_tick", 0.0) < PLAY_SECONDS * 0.9:
        return
    ss["_t_last_tick"] = now
    first, last = _bounds()
    if tw.at_end(ss.get("t_window"), last):
        ss["t_play"] = False
    else:
        _step(1)
    st.rerun(scope="app")


def render(span: tuple[date, date] | None) -> None:
    """The controls, for dated events spanning ``span`` (nothing when there are none)."""
    ss = st.session_state
    if span is None:
        return
    first, last = (min(max(d, SLIDER_MIN), SLIDER_MAX) for d in span)
    window = ss.get("t_window")
    if window:
        window = tuple(min(max(d, SLIDER_MIN), SLIDER_MAX) for d in window)
    lo = min(first, window[0]) if window else first
    hi = max(last, window[1]) if window else last
    if hi <= lo:
        hi = lo + timedelta(days=1)
    ss["_t_data_range"] = (first, last)
    ss["_t_slider_range"] = (lo, hi)
    ss["t_range"] = (max(lo, window[0]), min(hi, window[1])) if window else (lo, hi)
    with st.container(key="timebar_box"):
        st.slider("Time window (narrows the map and the table; drag its ends, or draw a box on the timeline)",
                  min_value=lo, max_value=hi, key="t_range", on_change=_on_slider, format="YYYY-MM-DD")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.segmented_control("Step by", list(tw.STEPS), key="t_step", label_visibility="collapsed",
                                 format_func=lambda u: f"by {u}")
            unit = ss.get("t_step") or "month"
            st.button(f"◀ previous {unit}", key="t_prev", on_click=_step, args=(-1,))
            st.button(f"next {unit} ▶", key="t_next", on_click=_step, args=(1,))
            st.toggle("Play", key="t_play", help=f"Step {unit} by {unit} through the events, "
                                                 f"one every {PLAY_SECONDS:g} seconds.")
            st.button("Whole period", key="t_clear", on_click=_clear, disabled=window is None, icon="✖")
    if ss.get("t_play"):  # only while playing: a timed fragment reruns every period
        _player()
