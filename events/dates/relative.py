"""Relative expressions (the `rel_ar` and `rel_en` families): one resolver per expression family.

The two patterns are alternations of named groups, one per family (events.dates.grammar);
:data:`RESOLVERS` maps each group to the function that dates its match. A family only one
language has is absent from the other language's pattern.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from datetime import date, timedelta

from events.dates.calendars import (apply_part, month_end, month_range, safe_date, season_range, shift_month,
                                    week_span, weekday_after, weekday_before)
from events.dates.context import (PAST, PLANNED, Cand, Context, dir_tense, dir_word, stems, sub, word_before,
                                  words_after)
from events.dates.grammar import norm_word


def _unknown(m: re.Match, tense: str | None = None, kind: str = "rel") -> Cand:
    return Cand(m.start(), m.end(), None, None, "unknown", tense, kind)


def vague(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«مؤخراً», "recently": reported, never dated."""
    ahead = f.lx.patterns["vague_ahead"].search(m.group(0))
    return _unknown(m, PLANNED if ahead else None, "vague")


def ago(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«قبل يومين», «منذ ثلاثة أسابيع», "two days ago"."""
    lx, g = f.lx, m.group
    unit = lx.unit_of.get(sub(g("agou")))
    n_s = g("agon") or (g("agon2") if lang == "ar" else None)
    if n_s:
        n = int(n_s) if n_s.isdigit() else lx.number_of.get(sub(n_s))
    elif sub(g("agou")) in lx.sets["dual_units"]:
        n = 2
    elif unit == "hour":
        n = 1  # «قبل ساعات»: within the last day
    elif sub(g("agou")) in lx.sets["single_units"]:
        n = 1
    else:
        return _unknown(m, PAST, "vague")  # «قبل أيام»: a few days, unresolved
    if lang == "ar":
        nxt = words_after(f.t, m.end(), 1)
        if nxt and nxt[0] in lx.sets["ago_blockers_after"]:
            return None  # «قبل شهر من الانتخابات»: before something else, not ago
    if n is None or unit is None:
        return None
    if not f.pub:
        return _unknown(m, PAST)
    return ago_span(f.pub, m.start(), m.end(), unit, n)


def ago_span(pub: date, s: int, e: int, unit: str, n: int) -> Cand:
    """N units before publication: a day, a week ±3 days, a month ±15 days, a calendar year."""
    if unit == "hour":
        # «قبل ساعات», "three hours ago": today, or yesterday when it crossed midnight
        return Cand(s, e, pub - timedelta(days=max(1, math.ceil(n / 24))), pub, "day", PAST, "rel")
    if unit == "day":
        c = pub - timedelta(days=n)
        return Cand(s, e, c, c, "day", PAST, "rel")
    if unit == "week":
        c = pub - timedelta(days=7 * n)
        return Cand(s, e, c - timedelta(days=3), min(pub, c + timedelta(days=3)), "week", PAST, "rel")
    if unit == "month":
        y, mo = shift_month(pub.year, pub.month, -n)
        c = date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1]))
        return Cand(s, e, c - timedelta(days=15), min(pub, c + timedelta(days=15)), "month", PAST, "rel")
    y = pub.year - n
    return Cand(s, e, date(y, 1, 1), date(y, 12, 31), "year", PAST, "rel")


def rolling(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«الأشهر الستة الماضية», «الأسبوعين الماضيين», "over the last two weeks": up to publication."""
    lx, g, pub = f.lx, m.group, f.pub
    unit = lx.unit_of.get(sub(g("rollu"))) or lx.unit_of.get((g("rollu") or "").rstrip("".join(lx.plural_suffixes)))
    n_s = g("rolln")
    if not n_s and lang == "en" and (g("rollu") or "").endswith(lx.plural_suffixes):
        return _unknown(m, None, "vague")  # "over the past months": too vague to date
    if n_s:
        n = int(n_s) if n_s.isdigit() else lx.number_of.get(sub(n_s))
    elif sub(g("rollu")) in lx.sets["dual_units"] or (sub(g("rollu")) or "").endswith(lx.dual_endings):
        n = 2
    elif unit == "hour":
        n = 24  # «خلال الساعات الماضية»
    elif lang == "ar":
        return _unknown(m, None, "vague")  # «الأيام الماضية»
    else:
        n = 1
    if not n or not unit:
        return None
    if not pub:
        return _unknown(m)
    s, e = m.start(), m.end()
    if unit == "hour":
        return Cand(s, e, pub - timedelta(days=max(1, math.ceil(n / 24))), pub, "day", None, "rel")
    span = {"day": 1, "week": 7}.get(unit)
    ds: date | None
    if span:
        ds = pub - timedelta(days=span * n)
    elif unit == "month":
        y, mo = shift_month(pub.year, pub.month, -n)
        ds = safe_date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1]))
    else:
        ds = safe_date(pub.year - n, pub.month, min(pub.day, 28))
    return Cand(s, e, ds, pub, unit if unit != "day" else "day", None, "rel")


def calendar_part(f: Context, m: re.Match, lang: str) -> Cand | None:
    """"the start of the year", "by the end of the month": this month or year."""
    part = f.lx.part_of.get(sub(m.group("calppart")))
    pub = f.pub
    if not pub:
        return _unknown(m)
    if f.lx.calunit_of.get(m.group("calpu")) == "month":
        ds, de = apply_part(*month_range(pub.year, pub.month), part, "month")
        return Cand(m.start(), m.end(), ds, de, "month", None, "rel")
    ds, de = apply_part(date(pub.year, 1, 1), date(pub.year, 12, 31), part, "year")
    return Cand(m.start(), m.end(), ds, de, "year", None, "rel")


def _calendar_direction(f: Context, m: re.Match, lang: str, this: bool) -> tuple[str, str | None, str | None] | None:
    """The unit, direction and part of «الشهر الماضي», «نهاية العام», "earlier this month"."""
    lx, g = f.lx, m.group
    unit_w = sub(g("cal2u") if this else g("calu"))
    if not this and lang == "ar" and not g("caldir") and not g("calpart"):
        return None  # «العام», «الأسبوع» alone are no date; «نهاية العام» is this year's end
    if not this and lang == "ar" and not g("calpart"):
        before = word_before(f.t, m.start(), 1)
        if before and before[-1] in lx.sets["general_heads"]:
            return None  # «الأمين العام السابق»: "general", not "year"
    unit = lx.calunit_of.get(unit_w)  # «للعام» (the ل form of alt) is no unit here
    if unit is None:
        return None
    if this:
        return unit, "current", g("cal2part")
    d = dir_word(lx, sub(g("caldir")))
    return unit, d, g("calpart") if lang == "ar" else None


def calendar_unit(f: Context, m: re.Match, lang: str, this: bool = False) -> Cand | None:
    """«الأسبوع الماضي», «العام الجاري», «نهاية هذا العام», "last month", "the past year"."""
    got = _calendar_direction(f, m, lang, this)
    if got is None:
        return None
    unit, d, part_w = got
    part = f.lx.part_of.get(sub(part_w)) if part_w else None
    mod = f.lx.modifier_of.get(m.group("calmod") or "") if lang == "en" and not this else None
    if mod in ("early", "late"):
        part = mod
    tense = dir_tense(d)
    pub = f.pub
    if not pub:
        return _unknown(m, tense)
    s, e = m.start(), m.end()
    if lang == "en" and not this and m.group("caldir") in f.lx.sets["rolling_window_en"]:
        # "the past week/month/year": a rolling window up to publication
        ds = {"week": pub - timedelta(days=7), "weekend": pub - timedelta(days=3),
              "month": pub - timedelta(days=30), "year": pub - timedelta(days=365)}[unit]
        return Cand(s, e, ds, pub, "week" if unit == "weekend" else unit, None, "rel")
    k = {"past": -1, "future": 1}.get(d or "", 0)
    if unit in ("week", "weekend"):
        ds, de = week_span(pub, k, unit == "weekend")
        prec = "week"
    elif unit == "month":
        y, mo = shift_month(pub.year, pub.month, k)
        ds, de = apply_part(*month_range(y, mo), part, "month")
        prec = "month"
    else:
        ds, de = apply_part(date(pub.year + k, 1, 1), date(pub.year + k, 12, 31), part, "year")
        prec = "year"
    if mod == "to_publication" and k == 0:
        de = pub
    elif mod == "from_publication" and k == 0:
        ds = pub
    return Cand(s, e, ds, de, prec, tense, "rel")


def this_calendar_unit(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«هذا العام», «نهاية هذا الشهر»: the current unit."""
    return calendar_unit(f, m, lang, this=True)


def season_part(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«مطلع الصيف», «نهاية الشتاء الماضي»: a third of the season (its first, middle, last month)."""
    season = f.lx.season_of.get(sub(m.group("seapn")))
    part = f.lx.part_of.get(sub(m.group("seappart")))
    d = dir_word(f.lx, sub(m.group("seapdir")))
    if season is None or part is None:
        return None
    pub = f.pub
    if not pub:
        return _unknown(m, dir_tense(d))
    planned = f.planned(m.start(), d)
    y = pub.year + 1
    while season_range(y, season)[0] > pub:
        y -= 1  # the latest season that has begun
    if d == "past" and season_range(y, season)[1] >= pub:
        y -= 1
    elif d == "future" or (planned and season_range(y, season)[1] < pub):
        y += 1
    ds, de = season_range(y, season)
    k = {"early": 0, "mid": 1, "late": 2}[part]
    first = date(ds.year, ds.month, 1)
    yy, mm = shift_month(first.year, first.month, k)
    return Cand(m.start(), m.end(), date(yy, mm, 1), month_end(yy, mm), "season", dir_tense(d), "rel")


def season(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«الصيف الماضي», «شتاء هذا العام», "last winter"."""
    g = m.group
    name = f.lx.season_of.get(sub(g("sean")))
    if lang == "en":
        d = dir_word(f.lx, g("seadir"))
        seayr = None
    else:
        d = dir_word(f.lx, sub(g("seadir")))
        seayr = g("seayr")
        if d is None and not seayr:
            return None  # a bare «الربيع» is too often not a date («الربيع العربي»)
        if seayr and any(w in seayr for w in f.lx.sets["this_word"]):
            d = "current"
    if name is None:
        return None
    tense = dir_tense(d)
    pub = f.pub
    if not pub:
        return _unknown(m, tense)
    if seayr or d == "current":
        k = {"past": -1, "future": 1}.get(d or "", 0)
        y = pub.year + k
        if name == "winter" and k == 0 and pub.month == 12:
            y += 1
    elif d == "past":
        y = pub.year
        while season_range(y, name)[1] >= pub:
            y -= 1
    else:
        y = pub.year - 1
        while season_range(y, name)[0] <= pub:
            y += 1
    ds, de = season_range(y, name)
    return Cand(m.start(), m.end(), ds, de, "season", tense, "rel")


def _relative_day_is_name(f: Context, m: re.Match, w: str | None) -> bool:
    """"USA Today", «روسيا اليوم», «اليوم التالي»: the word is a name or another day, not today."""
    lx = f.lx
    if w not in lx.sets["today_words"]:
        return False
    weekday = m.groupdict().get("rdwd")  # only Arabic names a weekday after the day word
    before = word_before(f.t, m.start("rdw"), 1)
    after = words_after(f.t, m.end("rdw"), 1)
    if before and before[-1] in lx.sets["today_name_before"]:
        return True
    if after and after[0] in lx.sets["today_name_after"] and not weekday:
        return True
    # «ذلك اليوم»: that day («في اليوم التالي» is an anaphor, «حتى اليوم» today)
    return bool(before) and before[-1] in lx.sets["that_day_before"] and not (m.group("rdpart") or weekday)


def relative_day(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«أمس», «صباح اليوم الاثنين», «يوم غد», "yesterday", "this morning"."""
    lx = f.lx
    w = sub(m.group("rdw"))
    if _relative_day_is_name(f, m, w):
        return None
    off = lx.relday_of.get(w)
    if off is None or not _may_follow(f, m, w):
        return None
    tense = PLANNED if off > 0 else (PAST if off < 0 else None)
    rdwd = m.group("rdwd") if lang == "ar" else None
    named = lx.weekday_of.get(sub(rdwd)) if rdwd else None
    if not f.pub:
        unknown = _unknown(m, tense, "relday")
        unknown.weekday = named
        return unknown
    day = f.pub + timedelta(days=off)
    end = day + timedelta(days=lx.relday_days.get(w, 1) - 1)
    return Cand(m.start(), m.end(), day, end, "day", tense, "relday", weekday=named)


def _may_follow(f: Context, m: re.Match, w: str) -> bool:
    """"died overnight in …" but not "an overnight curfew": a word with `followed_by` needs one of
    them, a punctuation mark or the end after it."""
    then = f.lx.relday_then.get(w)
    if then is None:
        return True
    rest = f.t[m.end():].lstrip()
    nxt = words_after(f.t, m.end(), 1)
    return not rest or not (rest[0].isalnum()) or bool(nxt) and nxt[0] in then


def _weekday_cue(f: Context, m: re.Match) -> bool:
    """«، الاثنين،», «التي وقعت الاثنين»: an ambiguous weekday name that reads as the day."""
    cues = f.lx.raw["ambiguous_weekday_cues"]
    marks = {norm_word(c) for c in cues["set_off"]}
    left, right = f.t[:m.start("wdn")].rstrip(), f.t[m.end("wdn"):].lstrip()
    if left[-1:] in marks and (not right or right[0] in marks):
        return True
    before = word_before(f.t, m.start("wdn"))
    return bool(before) and any(st in {norm_word(w) for w in cues["after"]} for st in stems(f.lx, before[-1]))


def weekday(f: Context, m: re.Match, lang: str) -> Cand | None:
    """«الخميس الماضي», «يوم الأحد», "last Tuesday", "on Monday"."""
    lx, g = f.lx, m.group
    name = sub(g("wdn"))
    wd = lx.weekday_of.get(name)
    if wd is None:
        return None
    if lang == "ar":
        after = words_after(f.t, m.end(), 1)
        if after and f"{name} {after[0]}" in lx.sets["weekday_numbers"]:
            return None  # «الأحد عشر»: eleven, not Sunday
        d = dir_word(lx, sub(g("wddir")))
        if name in lx.sets["ambiguous_weekdays"] and not (g("wdday") or g("wdpart") or d or _weekday_cue(f, m)):
            return None
    else:
        d = dir_word(lx, g("wddir"))  # "this Monday", "on Monday": no direction (current)
        if not f.orig_is_capital(m.start("wdn")):
            return None
    tense = dir_tense(d)
    pub = f.pub
    if not pub:
        unknown = _unknown(m, tense, "weekday")
        unknown.weekday = wd
        return unknown
    if d == "past":
        day = weekday_before(pub, wd, strict=True)
    elif d == "future":
        day = weekday_after(pub, wd, strict=True)
    elif f.clause_tense(m.start()) == PLANNED:
        day = weekday_after(pub, wd, strict=False)
    else:
        day = weekday_before(pub, wd, strict=False)
    return Cand(m.start(), m.end(), day, day, "day", tense, "weekday", weekday=wd)


def nth_day(f: Context, m: re.Match, lang: str) -> Cand | None:
    """"the 13th": that day of this month or a month near it (before, or after when planned)."""
    day = int(m.group("then"))
    if not 1 <= day <= 31:
        return None
    pub = f.pub
    if not pub:
        return _unknown(m)
    planned = f.clause_tense(m.start()) == PLANNED
    for k in ((0, 1, 2) if planned else (0, -1, -2)):
        y, mo = shift_month(pub.year, pub.month, k)
        c = safe_date(y, mo, day)
        if c and ((planned and c >= pub) or (not planned and c <= pub)):
            return Cand(m.start(), m.end(), c, c, "day", None, "rel")
    return None


Resolver = Callable[[Context, re.Match, str], "Cand | None"]

# The families of relative expressions: the named group of rel_ar/rel_en (events.dates.grammar
# builds both from these names) → its resolver. One group matches per match, so order is free.
RESOLVERS: dict[str, Resolver] = {
    "vague": vague,
    "ago": ago,
    "roll": rolling,
    "calp": calendar_part,
    "cal": calendar_unit,
    "cal2": this_calendar_unit,
    "seap": season_part,
    "sea": season,
    "rd": relative_day,
    "wd": weekday,
    "the": nth_day,
}


def relative(f: Context, m: re.Match, lang: str) -> Cand | None:
    """Date a match of rel_ar (lang "ar") or rel_en ("en") by the family that matched."""
    groups = m.re.groupindex
    for name, resolve in RESOLVERS.items():
        if name in groups and m.start(name) != -1:
            return resolve(f, m, lang)
    return None
