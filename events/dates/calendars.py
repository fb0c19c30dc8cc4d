"""Calendar arithmetic: months, parts of months and years, seasons, weekdays, the Hijri calendar."""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta


def month_end(y: int, m: int) -> date:
    """The last day of month m of year y."""
    return date(y, m, calendar.monthrange(y, m)[1])


def month_range(y: int, m: int) -> tuple[date, date]:
    """The first and last day of month m of year y."""
    return date(y, m, 1), month_end(y, m)


def month_length(y: int, m: int) -> int:
    """The number of days of month m of year y."""
    return calendar.monthrange(y, m)[1]


def shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    """The (year, month) k months after (before, when negative) month m of year y."""
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def apply_part(ds: date, de: date, part: str | None, unit: str) -> tuple[date, date]:
    """Thirds of a month (1–10, 11–20, 21–end) or of a year (Jan–Apr, May–Aug, Sep–Dec)."""
    if not part:
        return ds, de
    if unit == "month":
        if part == "early":
            return ds, ds.replace(day=10)
        if part == "mid":
            return ds.replace(day=11), ds.replace(day=20)
        return ds.replace(day=21), de
    if unit == "year":
        y = ds.year
        if part == "early":
            return date(y, 1, 1), date(y, 4, 30)
        if part == "mid":
            return date(y, 5, 1), date(y, 8, 31)
        return date(y, 9, 1), date(y, 12, 31)
    return ds, de


_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}


def season_range(y: int, season: str) -> tuple[date, date]:
    """Meteorological seasons; winter Y runs from 1 December Y-1 to the end of February Y."""
    if season == "winter":
        return date(y - 1, 12, 1), month_end(y, 2)
    a, b = _SEASON_MONTHS[season]
    return date(y, a, 1), month_end(y, b)


_HIJRI_EPOCH = date(622, 7, 19).toordinal()  # 1 Muharram 1 AH (civil epoch), proleptic Gregorian


def _tabular_h2g(y: int, m: int, d: int) -> date:
    days = d - 1 + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30
    return date.fromordinal(_HIJRI_EPOCH + days)


def hijri_month_len(y: int, m: int) -> int:
    """Days of Hijri month m of year y: Umm al-Qura inside hijridate's range, tabular outside."""
    if 1343 <= y <= 1500:
        try:
            from hijridate import Hijri

            return Hijri(y, m, 1).month_length()
        except (ValueError, OverflowError):
            pass
    if m == 12:
        return 30 if (14 + 11 * y) % 30 < 11 else 29
    return 30 if m % 2 == 1 else 29


def hijri_to_gregorian(y: int, m: int, d: int) -> date | None:
    """Umm al-Qura through hijridate inside its range (1343–1500 AH), the tabular calendar outside."""
    if not (1 <= m <= 12 and 1 <= d <= 30) or y < 1:
        return None
    if 1343 <= y <= 1500:
        try:
            from hijridate import Hijri

            g = Hijri(y, m, d).to_gregorian()
            return date(g.year, g.month, g.day)
        except (ValueError, OverflowError):
            return None
    if d > hijri_month_len(y, m):
        return None
    try:
        return _tabular_h2g(y, m, d)
    except (ValueError, OverflowError):
        return None


def gregorian_to_hijri_year(d: date) -> int:
    """The Hijri year holding day d."""
    try:
        from hijridate import Gregorian

        return Gregorian(d.year, d.month, d.day).to_hijri().year
    except (ValueError, OverflowError):
        return int((d.toordinal() - _HIJRI_EPOCH) / 354.367) + 1


def weekday_before(pub: date, wd: int, *, strict: bool) -> date:
    """The latest weekday wd on (or, strict, before) pub."""
    delta = (pub.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def weekday_after(pub: date, wd: int, *, strict: bool) -> date:
    """The earliest weekday wd on (or, strict, after) pub."""
    delta = (wd - pub.weekday()) % 7
    if strict and delta == 0:
        delta = 7
    return pub + timedelta(days=delta)


def safe_date(y: int, m: int, d: int) -> date | None:
    """date(y, m, d), or None when there is no such day."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def pick_day(pub: date, m: int, d: int, mode: str) -> date | None:
    """The day-month in the year that fits: 'le' latest ≤ pub, 'ge' earliest ≥ pub, 'gt' > pub."""
    years = (pub.year, pub.year - 1, pub.year - 2, pub.year - 3, pub.year - 4) if mode == "le" else \
        (pub.year, pub.year + 1, pub.year + 2, pub.year + 3, pub.year + 4)
    for y in years:
        c = safe_date(y, m, d)
        if c is None:
            continue
        if (mode == "le" and c <= pub) or (mode == "ge" and c >= pub) or (mode == "gt" and c > pub):
            return c
    return None


def pick_month(pub: date, m: int, mode: str) -> int:
    """The year of month m: 'le' latest with month ≤ pub's, 'lt' strictly before, 'ge'/'gt' after."""
    if mode == "le":
        return pub.year if m <= pub.month else pub.year - 1
    if mode == "lt":
        return pub.year if m < pub.month else pub.year - 1
    if mode == "ge":
        return pub.year if m >= pub.month else pub.year + 1
    return pub.year if m > pub.month else pub.year + 1  # gt


def week_span(pub: date, k: int, weekend: bool) -> tuple[date, date]:
    """The Monday–Sunday week k weeks from pub's (or its Saturday–Sunday weekend)."""
    monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * k)
    if weekend:
        return monday + timedelta(days=5), monday + timedelta(days=6)
    return monday, monday + timedelta(days=6)
