"""The time window — a date range brushed on the timeline or stepped through — pure functions.

The sidebar's date range filters every view; the time window narrows only the map, the table
and the undated list, while the timeline keeps its whole context with the window shaded on it
(kepler.gl's and Liveuamap's time brush). It is set by the slider under the timeline, by a box
drawn on the timeline, or stepped week by week / month by month (the play control).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

Window = tuple[date, date]
STEPS = ("week", "month")
SEPARATOR = ".."


def parse(text: str | None) -> Window | None:
    """``2024-01-01..2024-03-31`` → a window (ends swapped if reversed); None when unreadable."""
    if not text or SEPARATOR not in text:
        return None
    a, _, b = text.strip().partition(SEPARATOR)
    try:
        lo, hi = date.fromisoformat(a.strip()), date.fromisoformat(b.strip())
    except ValueError:
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def format_window(window: Window) -> str:
    return f"{window[0].isoformat()}{SEPARATOR}{window[1].isoformat()}"


def _as_date(value: Any) -> date | None:
    """A plotly axis value (ISO text with a time, or epoch milliseconds) as a date."""
    if value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime.utcfromtimestamp(float(value) / 1000).date()
        return pd.Timestamp(str(value)).date()
    except (ValueError, OverflowError, OSError):
        return None


def from_selection(selection: Mapping[str, Any] | None) -> Window | None:
    """The window of a box drawn on the timeline (``st.plotly_chart`` selection), else None.

    Only the box's horizontal extent counts: brushing time takes every event of the range,
    whatever lanes the box happened to cover.
    """
    boxes = (selection or {}).get("box") or []
    for box in boxes:
        xs = [d for d in (_as_date(x) for x in box.get("x") or []) if d is not None]
        if len(xs) >= 2:
            return (min(xs), max(xs))
    return None


def unit_of(day: date, unit: str) -> Window:
    """The week (Monday to Sunday) or calendar month holding ``day``."""
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def step(window: Window | None, unit: str, direction: int, first: date, last: date) -> Window:
    """The next (``direction`` 1) or previous (-1) week/month of the data's range ``first``–``last``.

    With no window yet, the first step lands on the unit holding ``first`` (or ``last`` going
    back); a step never leaves the data's range (it stays on the last unit).
    """
    if window is None:
        return unit_of(first if direction >= 0 else last, unit)
    if direction >= 0:
        nxt = unit_of(window[1] + timedelta(days=1), unit)
        return unit_of(last, unit) if nxt[0] > last else nxt
    prev = unit_of(window[0] - timedelta(days=1), unit)
    return unit_of(first, unit) if prev[1] < first else prev


def at_end(window: Window | None, last: date) -> bool:
    return window is not None and window[1] >= last


def day_number(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def mask(start_day: np.ndarray, end_day: np.ndarray, dated: np.ndarray, window: Window | None) -> np.ndarray | None:
    """Events whose date interval overlaps the window (undated ones cannot be in it); None: no window."""
    if window is None:
        return None
    return dated & (end_day >= day_number(window[0])) & (start_day <= day_number(window[1]))


def describe(window: Window) -> str:
    return f"{window[0].isoformat()} – {window[1].isoformat()}"
