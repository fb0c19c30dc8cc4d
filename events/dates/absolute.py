"""Resolvers of the dates written with a month, a number or a Hijri month (the `numeric`,
`ar_date` and `en_date` families); each takes the match of its family's pattern."""

from __future__ import annotations

import re
from datetime import date, timedelta

from events.dates.calendars import (apply_part, gregorian_to_hijri_year, hijri_month_len, hijri_to_gregorian,
                                    month_end, month_range, pick_day, pick_month, safe_date, shift_month)
from events.dates.context import Cand, Context, dir_tense, dir_word, sub, word_before


def numeric(f: Context, m: re.Match) -> Cand | None:
    """13/12/2022, 2024-04-26, «1445/10/17 هـ», and «يوم 3/4» beside a cue word."""
    if m.group("d3"):
        return _day_month(f, m)
    if m.group("y1"):
        y, mo, d = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        if len(m.group("y2")) == 2:
            # «13/12/22»: the century that keeps the date at most a year after publication
            limit = f.pub.year % 100 + 1 if f.pub else 50  # never the wall clock
            y += 2000 if y <= limit else 1900
        if mo > 12 and d <= 12:  # month/day/year written the US way
            mo, d = d, mo
    after = f.t[m.end():m.end() + 12]
    hm = f.lx.patterns["numeric_hijri"].match(after)
    if hm or 1300 <= y <= 1500:
        # «1445/10/17 هـ»: a numeric Hijri date (Saudi and Gulf sites write these)
        g = hijri_to_gregorian(y, mo, d)
        if g is None:
            return None
        end = m.end() + (hm.end() if hm else 0)
        return Cand(m.start(), end, g, g + timedelta(days=1), "day", None, "hijri", "hijri")
    c = safe_date(y, mo, d)
    if c is None or not (1000 <= y <= 2200):
        return None
    return Cand(m.start(), m.end(), c, c, "day", None, "abs")


def _day_month(f: Context, m: re.Match) -> Cand | None:
    """«يوم 3/4», «3/4 الماضي»: a day and month without a year, only with such a cue."""
    d, mo = int(m.group("d3")), int(m.group("m3"))
    dword = dir_word(f.lx, sub(m.group("dir3")))
    if not (dword or f.before_in(m.start(), "numeric_day_before")):
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if not f.pub:
        return Cand(m.start(), m.end(), None, None, "unknown", dir_tense(dword), "rel")
    planned = f.planned(m.start(), dword)
    c = pick_day(f.pub, mo, d, "gt" if dword == "future" else ("ge" if planned else "le"))
    return Cand(m.start(), m.end(), c, c, "day", dir_tense(dword), "rel") if c else None


def ar_date(f: Context, m: re.Match) -> Cand | None:
    """An Arabic month-name date; «الأسبوع الأول من حزيران» narrows it to that week."""
    c = _ar_date(f, m)
    wom, f.week_of_month = f.week_of_month, None
    if c is None or not wom or c.ds is None or c.precision != "day":
        return c
    n, start = wom
    first = c.ds.replace(day=1)
    last = month_end(first.year, first.month)
    ds = first + timedelta(days=7 * (n - 1))
    de = min(last, ds + timedelta(days=6))
    return Cand(start, c.end, ds, de, "week", c.tense, c.kind, c.calendar)


def _ar_day(f: Context, m: re.Match) -> tuple[int | None, str | None, int | None] | None:
    """The day (digits or an ordinal word), the part of month and the first day of a range."""
    lx = f.lx
    part = lx.part_of.get(sub(m.group("part")) or "") if m.group("part") else None
    day_s = m.group("day")
    day = None
    if day_s:
        day = int(day_s) if day_s.isdigit() else lx.ordinal_of.get(sub(day_s))
        if day is None or not 1 <= day <= 31:
            return None
    if day and part:
        part = None  # «منتصف 15 آذار» does not occur; the day is the finer one
    day0 = int(m.group("day0")) if m.group("day0") else None
    if day0 is not None and not (day and 1 <= day0 < day):
        return None
    return day, part, day0


def _ar_date(f: Context, m: re.Match) -> Cand | None:
    lx = f.lx
    got = _ar_day(f, m)
    if got is None:
        return None
    day, part, day0 = got
    day_s = m.group("day")
    start = m.start() if (part or day) else m.start("mw") if m.group("mw") else (
        m.start("relmon") if m.group("relmon") else m.start("mon"))
    if m.group("part") and not part:
        start = m.start("day") if day_s else start
    if day_s and f.blocked_name(m.start()):
        return None
    if day_s and not day_s.isdigit() and day and day <= 5:
        before = word_before(f.t, m.start(), 1)
        if before and before[-1] in f.lx.sets["week_of_month"]:
            # «الأسبوع الأول من حزيران»: the n-th seven days of the month, not its first day
            start = f.t.rfind(before[-1], 0, m.start())
            f.week_of_month = (day, start)
    if m.group("relmon"):
        return _this_month(f, m, start, day, part, day0)
    year_s, mark = m.group("year"), sub(m.group("mark"))
    dword = dir_word(lx, sub(m.group("dir")))
    end = m.end()
    name = sub(m.group("mon"))
    cal, mo = lx.month_of[name]
    if m.group("mon2"):
        cal2, mo2 = lx.month_of[sub(m.group("mon2"))]
        if mo2 != mo or (cal == "hijri") != (cal2 == "hijri"):
            end = m.end("mon")
            year_s = mark = dword = None
    if name in lx.sets["ambiguous_months"] and not (day or year_s or m.group("mw") or m.group("mon2") or dword or part):
        return None
    if m.group("relyear"):
        # «أيلول من العام الماضي», «آذار من هذا العام»: the year is relative to publication
        this = any(w in m.group("relyear") for w in lx.sets["this_word"])
        ry = dir_word(lx, sub(m.group("relyeardir"))) or ("current" if this else None)
        if ry is None:
            end = m.end("mon2") if m.group("mon2") else m.end("mon")
        elif not f.pub:
            return Cand(start, end, None, None, "unknown", dir_tense(ry), "rel")
        else:
            year_s = str(f.pub.year + {"past": -1, "future": 1}.get(ry, 0))
            dword = dword or ry
    if cal == "hijri":
        return hijri(f, start, end, day, mo, int(year_s) if year_s else None, part, dword, bool(m.group("mw")), name)
    if bool(mark) and mark in lx.sets["hijri_markers"]:
        return None
    return _gregorian(f, m, start, end, (mo, day, day0, part), year_s, dword)


def _this_month(f: Context, m: re.Match, start: int, day: int | None, part: str | None,
                day0: int | None) -> Cand | None:
    """«الشهر الماضي», «مطلع الشهر», «15 الجاري»: a month counted from publication."""
    end = m.end()
    d = dir_word(f.lx, sub(m.group("relmondir") or m.group("relmondir2")))
    if m.group("relmondir2") and not day:
        return None
    if d is None and not part:
        return None  # «الشهر» alone; «مطلع الشهر» is this month
    if not f.pub:
        return Cand(start, end, None, None, "unknown", dir_tense(d), "rel")
    k = {"past": -1, "future": 1}.get(d or "", 0)
    y, mo = shift_month(f.pub.year, f.pub.month, k)
    ds, de = month_range(y, mo)
    if day:
        c = safe_date(y, mo, day)
        return day_range(start, end, c, day0, dir_tense(d), "rel")
    ds, de = apply_part(ds, de, part, "month")
    return Cand(start, end, ds, de, "month", dir_tense(d), "rel")


def _gregorian(f: Context, m: re.Match, start: int, end: int, when: tuple[int, int | None, int | None, str | None],
               year_s: str | None, dword: str | None) -> Cand | None:
    """A Gregorian month (with a day, a part, a year) written with an Arabic month name."""
    mo, day, day0, part = when
    pub = f.pub
    tense = dir_tense(dword)
    if year_s:
        y = int(year_s)
        if day:
            return day_range(start, end, safe_date(y, mo, day), day0, tense, "abs")
        ds, de = month_range(y, mo)
        ds, de = apply_part(ds, de, part, "month")
        return Cand(start, end, ds, de, "month", tense, "abs")
    if dword == "current" and pub:
        y = pub.year
        if day:
            return day_range(start, end, safe_date(y, mo, day), day0, None, "rel")
        ds, de = apply_part(*month_range(y, mo), part, "month")
        return Cand(start, end, ds, de, "month", None, "rel")
    if not pub:
        return Cand(start, end, None, None, "unknown", tense, "rel")
    planned = f.planned(m.start(), dword)
    if day:
        mode = "gt" if dword == "future" else ("ge" if planned else "le")
        return day_range(start, end, pick_day(pub, mo, day, mode), day0, tense, "rel")
    if dword == "past":
        mode = "lt"
    elif dword == "future":
        mode = "gt"
    else:
        mode = "ge" if planned else "le"
    y = pick_month(pub, mo, mode)
    ds, de = apply_part(*month_range(y, mo), part, "month")
    return Cand(start, end, ds, de, "month", tense, "rel")


def day_range(start: int, end: int, c: date | None, day0: int | None, tense: str | None, kind: str) -> Cand | None:
    """A day, or «من 10 إلى 12 أيار» / "March 1-5": the span from day0 to that day."""
    if c is None:
        return None
    ds = c.replace(day=day0) if day0 else c
    return Cand(start, end, ds, c, "day", tense, kind)


def _hijri_year(f: Context, start: int, day: int | None, mo: int, dword: str | None) -> int | None:
    """The Hijri year of a month named without one: the nearest occurrence, or the next/last."""
    pub = f.pub
    assert pub is not None
    hy = gregorian_to_hijri_year(pub)
    planned = f.planned(start, dword)
    cands = []
    for y in (hy - 1, hy, hy + 1):
        g = hijri_to_gregorian(y, mo, day or 1)
        if g:
            cands.append((y, g))
    if not cands:
        return None
    if planned or dword == "future":
        fut = [c for c in cands if c[1] >= pub - timedelta(days=1)]
        return (fut[0] if fut else cands[-1])[0]
    if dword == "past":
        past = [c for c in cands if c[1] <= pub]
        return (past[-1] if past else cands[0])[0]
    # Hijri months mostly name religious occasions announced ahead: the nearest one.
    return min(cands, key=lambda c: abs((c[1] - pub).days))[0]


def hijri(f: Context, start: int, end: int, day: int | None, mo: int, year: int | None, part: str | None,
          dword: str | None, month_word: bool, name: str) -> Cand | None:
    """A Hijri day or month (a day covers the moon-sighting day after it too)."""
    if name in f.lx.sets["ambiguous_months"] and not (month_word or year or day):
        return None  # «صفر» is also "zero", «محرم» "forbidden": a day, «شهر» or a year makes them months
    tense = dir_tense(dword)
    if year is None:
        if not f.pub:
            return Cand(start, end, None, None, "unknown", tense, "hijri", "hijri")
        year = _hijri_year(f, start, day, mo, dword)
        if year is None:
            return None
    if day:
        g = hijri_to_gregorian(year, mo, day)
        if g is None:
            return None
        # The first of a Hijri month depends on the moon sighting: a day later in many countries.
        return Cand(start, end, g, g + timedelta(days=1), "day", tense, "hijri", "hijri")
    g1 = hijri_to_gregorian(year, mo, 1)
    if g1 is None:
        return None
    ln = hijri_month_len(year, mo)
    ds, de = g1, g1 + timedelta(days=ln - 1)
    if part == "early":
        de = g1 + timedelta(days=9)
    elif part == "mid":
        ds, de = g1 + timedelta(days=10), g1 + timedelta(days=19)
    elif part == "late":
        ds = g1 + timedelta(days=20)
    return Cand(start, end, ds, de + timedelta(days=1), "month", tense, "hijri", "hijri")


def en_date(f: Context, m: re.Match) -> Cand | None:
    """"April 26, 2024", "26th, April 2024", "March 1-5", "early May", "last August"."""
    lx, pub = f.lx, f.pub
    name = m.group("mon")
    cal, mo = lx.month_of[name]
    day_s = m.group("day") or m.group("day2") or m.group("day0")  # "26-Apr-2024": day0 is the day
    day = int(day_s) if day_s else None
    day0 = int(m.group("day0")) if m.group("day0") and m.group("day") else None
    if m.group("day3") and day:
        day0, day = day, int(m.group("day3"))
    if day0 is not None and not (day and 1 <= day0 < day <= 31):
        return None
    year_s = m.group("year")
    part = lx.part_of.get(sub(m.group("part"))) if m.group("part") else None
    if day is not None and not 1 <= day <= 31:
        return None
    if not (day or year_s) and not _bare_month_ok(f, m, name, part):
        return None
    start = m.start()
    if year_s:
        y = int(year_s)
        if day:
            return day_range(start, m.end(), safe_date(y, mo, day), day0, None, "abs")
        ds, de = apply_part(*month_range(y, mo), part, "month")
        return Cand(start, m.end(), ds, de, "month", None, "abs")
    if not pub:
        return Cand(start, m.end(), None, None, "unknown", None, "rel")
    before = word_before(f.t, m.start(), 1)
    dword = dir_word(lx, before[-1]) if before and before[-1] in lx.sets["month_directions_en"] else None
    if dword:
        start = m.start() - len(before[-1]) - 1 if f.t[m.start() - len(before[-1]) - 1:m.start()].strip() == before[-1] else start
    planned = f.planned(m.start(), dword)
    if day:
        c = pick_day(pub, mo, day, "ge" if planned else "le")
        return day_range(start, m.end(), c, day0, dir_tense(dword), "rel")
    mode = {"past": "lt", "future": "gt"}.get(dword or "", "ge" if planned else "le")
    y = pick_month(pub, mo, mode)
    ds, de = apply_part(*month_range(y, mo), part, "month")
    return Cand(start, m.end(), ds, de, "month", dir_tense(dword), "rel")


def _bare_month_ok(f: Context, m: re.Match, name: str, part: str | None) -> bool:
    """A bare month name must be capitalised ("In August"), ambiguous ones also need a cue."""
    if not f.orig_is_capital(m.start("mon")):
        return False
    if name in f.lx.sets["ambiguous_months"]:
        before = word_before(f.t, m.start("mon"), 1)
        if not (part or (before and before[-1] in f.lx.sets["month_cues_en"])):
            return False
    return True
