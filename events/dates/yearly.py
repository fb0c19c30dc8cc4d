"""Resolvers of years, quarters and halves, and holidays (the `year`, `quarter` and `holiday`
families); each takes the match of its family's pattern."""

from __future__ import annotations

import re
from datetime import date, timedelta

from events.dates.calendars import (apply_part, gregorian_to_hijri_year, hijri_to_gregorian, month_end, safe_date,
                                    season_range)
from events.dates.context import PLANNED, Cand, Context, dir_tense, dir_word, stems, sub, word_before, words_after


def _year_refused(f: Context, m: re.Match, y: int, is_hijri: bool) -> bool:
    """A number that is no year here: BC, a birth year, an article number, a count («2000 جندي»)."""
    lx, t, ys = f.lx, f.t, m.group("year")
    if lx.patterns["bc_after"].match(t, m.end()):
        return True  # «2000 قبل الميلاد», "300 BC": before the calendar we can represent
    # left context: blockers (birth years, article numbers) and prepositions
    before = word_before(t, m.start(), 3)
    stems_before = [s for w in before for s in stems(lx, w)]
    if any(s in lx.sets["year_blockers"] for s in stems_before):
        return True
    if before and before[-1] in lx.sets["year_blockers_adjacent"]:
        return True
    prev = before[-1] if before else ""
    prev_ok = any(s in lx.sets["year_prepositions"] for s in stems(lx, prev)) if prev else False
    paren = t[max(0, m.start() - 1):m.start()] == "(" and t[m.end():m.end() + 1] == ")"
    if not is_hijri and len(ys) == 4 and not (1000 <= y <= 2100):
        return True
    mark = m.group("mark")
    if len(ys) < 4 and not mark:
        return True
    if not (m.group("kw") or m.group("part") or m.group("season") or mark):
        if not (prev_ok or paren):
            return True
        after = words_after(t, m.end(), 1)
        if after and any(s in lx.sets["count_nouns"] for s in stems(lx, after[0])):
            return True
        if not (1900 <= y <= 2100):
            return True
    return False


def year(f: Context, m: re.Match) -> Cand | None:
    """A year, a part or season of one, a span of years, a Hijri year."""
    lx = f.lx
    y = int(m.group("year"))
    mark = sub(m.group("mark"))
    is_hijri = bool(mark) and mark in lx.sets["hijri_markers"]
    if _year_refused(f, m, y, is_hijri):
        return None
    start = m.start()
    if is_hijri:
        g1 = hijri_to_gregorian(y, 1, 1)
        g2 = hijri_to_gregorian(y + 1, 1, 1)
        if g1 is None or g2 is None:
            return None
        return Cand(start, m.end(), g1, g2 - timedelta(days=1), "year", None, "year", "hijri")
    part_s, season_s = m.group("part"), m.group("season")
    part = lx.part_of.get(sub(part_s)) if part_s else None
    if season_s:
        ds, de = season_range(y, lx.season_of[sub(season_s)])
        return Cand(start, m.end(), ds, de, "season", None, "year")
    ds, de = date(y, 1, 1), date(y, 12, 31)
    if m.group("year2"):
        y2 = int(m.group("year2"))
        if y < y2 <= 2100:
            return Cand(start, m.end(), ds, date(y2, 12, 31), "year", None, "year")
    ds, de = apply_part(ds, de, part, "year")
    return Cand(start, m.end(), ds, de, "year", None, "year")


def quarter(f: Context, m: re.Match) -> Cand | None:
    """«الربع الأول من العام الجاري», "the second half of 2022": three or six months."""
    q = f.lx.quarter_of.get(sub(m.group("q")))
    if q is None:
        return None
    tense = None
    if m.group("y"):
        y = int(m.group("y"))
    else:
        if m.group("endir"):
            d = dir_word(f.lx, m.group("endir")) or "current"  # "the year": this one
        else:
            d = dir_word(f.lx, sub(m.group("dir"))) or "current"
        tense = dir_tense(d)
        if not f.pub:
            return Cand(m.start(), m.end(), None, None, "unknown", tense, "rel")
        y = f.pub.year + {"past": -1, "future": 1}.get(d, 0)
    kind = "rel" if tense or not m.group("y") else "abs"
    if q > 10:  # a half year
        h = q - 10
        return Cand(m.start(), m.end(), date(y, 6 * h - 5, 1), month_end(y, 6 * h), "year", tense, kind)
    ds, de = date(y, 3 * q - 2, 1), month_end(y, 3 * q)
    return Cand(m.start(), m.end(), ds, de, "season", tense, kind)


def _holiday_is_date(f: Context, m: re.Match, before: list[str], name_first: str) -> bool:
    """«خلال عيد الفطر» is a date; «مراسيم زيارة الأربعين» names the occasion only."""
    clitic = m.group(0)[:m.start("h") - m.start()]
    words = [w for w in before[-1:]] + [" ".join(before[-2:])] if before else []
    return clitic in f.lx.sets["in_clitics"] or any(
        st in f.lx.sets["holiday_before"] for w in words for st in stems(f.lx, w))


def _occurrence(spec: tuple[str, int, int, int], y: int) -> tuple[date, date] | None:
    """The days a holiday covers in year y of its calendar (Hijri ones + the moon-sighting day)."""
    cal, mo, day, days = spec
    if cal == "hijri":
        g = hijri_to_gregorian(y, mo, day)
        return (g, g + timedelta(days=days)) if g else None
    g = safe_date(y, mo, day)
    return (g, g + timedelta(days=days - 1)) if g else None


def _holiday_span(f: Context, spec: tuple[str, int, int, int], m: re.Match, s: int, d: str | None) -> tuple[date, date] | None:
    """The occurrence a holiday names: of its year, or nearest to publication (last/next)."""
    cal = spec[0]
    if m.group("y"):
        y = int(m.group("y"))
        is_hijri_year = cal == "hijri" and (bool(m.group("hm")) or 1300 <= y <= 1500)
        if cal == "hijri" and not is_hijri_year:
            # «عيد الفطر 2024»: the Gregorian year it falls in
            hy = gregorian_to_hijri_year(date(y, 6, 30))
            occ = [o for o in (_occurrence(spec, hy - 1), _occurrence(spec, hy), _occurrence(spec, hy + 1)) if o and o[0].year == y]
            return occ[0] if occ else None
        return _occurrence(spec, y)
    pub = f.pub
    assert pub is not None
    base = gregorian_to_hijri_year(pub) if cal == "hijri" else pub.year
    occs = [o for o in (_occurrence(spec, base - 1), _occurrence(spec, base), _occurrence(spec, base + 1)) if o]
    if not occs:
        return None
    if d == "past":
        return ([o for o in occs if o[1] < pub] or occs[:1])[-1]
    if d == "future" or f.clause_tense(s) == PLANNED:
        return ([o for o in occs if o[1] >= pub] or occs[-1:])[0]
    return min(occs, key=lambda o: min(abs((o[0] - pub).days), abs((o[1] - pub).days)))


def holiday(f: Context, m: re.Match) -> Cand | None:
    """«خلال عيد الفطر», "Christmas 2023", «عشية عيد الميلاد» (the day before)."""
    spec = f.lx.holiday_of.get(sub(m.group("h")))
    if spec is None:
        return None
    d = dir_word(f.lx, sub(m.group("dir")))
    before = word_before(f.t, m.start(), 2)
    name_first = sub(m.group("h")).split(" ")[0]
    if not (d or m.group("y")) and name_first not in f.lx.sets["holiday_before"]:
        if not _holiday_is_date(f, m, before, name_first):
            return None
    # «عشية عيد الميلاد», "on the eve of Eid": the day before
    eves = f.lx.sets["eve_words"]
    eve_one = bool(before) and before[-1] in eves
    eve_two = len(before) == 2 and " ".join(before) in eves
    eve = (eve_one or eve_two) and name_first not in eves
    eve_start = f.t.rfind(before[-1] if eve_one else before[0], 0, m.start()) if eve else -1
    tense = dir_tense(d)
    s, e = (eve_start if eve and eve_start >= 0 else m.start()), m.end()
    if not m.group("y") and not f.pub:
        return Cand(s, e, None, None, "unknown", tense, "rel")
    span = _holiday_span(f, spec, m, s, d)
    if span is None:
        return None
    if eve:
        span = (span[0] - timedelta(days=1), span[0] - timedelta(days=1))
    return Cand(s, e, span[0], span[1], "day", tense, "abs" if m.group("y") else "rel")
