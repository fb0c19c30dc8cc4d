"""From candidates to mentions: the longest non-overlapping ones, joined where the text joins
them (equivalences, ranges, a weekday beside its date, «منذ …»), anaphors resolved."""

from __future__ import annotations

import re
from datetime import date, timedelta

from events.dates.calendars import safe_date
from events.dates.context import ONGOING, Cand, Context, sub
from events.dates.grammar import UNIT_DAYS
from events.dates.lexicon import Lexicon


def select(cands: list[Cand]) -> list[Cand]:
    """Longest non-overlapping candidates, in text order.

    Candidates are swept into clusters of mutually reachable overlaps first, so the quadratic
    choice only ever runs inside a cluster (a handful of candidates), not over the whole text.
    """
    out: list[Cand] = []
    cluster: list[Cand] = []
    cluster_end = -1

    def flush() -> None:
        kept: list[Cand] = []
        for c in sorted(cluster, key=lambda c: (-(c.end - c.start), c.start)):
            if all(c.end <= k.start or c.start >= k.end for k in kept):
                kept.append(c)
        out.extend(sorted(kept, key=lambda c: c.start))

    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        if cluster and c.start >= cluster_end:
            flush()
            cluster = []
        cluster.append(c)
        cluster_end = max(cluster_end, c.end) if len(cluster) > 1 else c.end
    if cluster:
        flush()
    return out


def _agrees(day_word: Cand, dated: Cand) -> bool:
    """«يوم الجمعة ٩ ايلول ٢٠٢٢» is one date only when 9 September 2022 is a Friday."""
    assert dated.ds is not None and dated.de is not None
    days = {dated.ds + timedelta(days=i) for i in range((dated.de - dated.ds).days + 1)}
    if day_word.weekday is not None:
        return any(d.weekday() == day_word.weekday for d in days)
    return day_word.ds is None or day_word.ds in days


def _agreeing_year(f: Context, day_word: Cand, c: Cand) -> date | None:
    """«مساء الأربعاء 22 غشت», "Wednesday, August 22" without a year: the year, next to
    publication, in which that day is that weekday (whatever the tense of the clause)."""
    if c.kind != "rel" or day_word.kind != "weekday" or day_word.weekday is None or f.pub is None \
            or c.ds is None or c.ds != c.de or c.tense is not None:  # (a direction word decides the year)
        return None
    pub, wd = f.pub, day_word.weekday
    fits = [d for y in (pub.year - 1, pub.year, pub.year + 1)
            if (d := safe_date(y, c.ds.month, c.ds.day)) is not None and d.weekday() == wd]
    return min(fits, key=lambda d: abs((d - pub).days), default=None)


def _equivalence(prev: Cand, c: Cand) -> Cand:
    """«14 رمضان 1445 هـ الموافق 24 آذار 2024»: the Gregorian side, with the finer precision."""
    greg = c if c.calendar == "gregorian" and c.ds is not None else prev
    other = prev if greg is c else c
    if greg.ds is None:
        greg = other
    prec = greg.precision
    ds, de = greg.ds, greg.de
    if other.ds and greg.ds and greg.de and other.precision == "day" and greg.precision == "year" \
            and greg.ds <= other.ds <= greg.de:
        ds, de, prec = other.ds, other.de, "day"
    return Cand(prev.start, c.end, ds, de, prec, prev.tense or c.tense, "abs", "gregorian")


def _range(f: Context, prev: Cand, c: Cand, gap: str) -> Cand | None:
    """«ما بين 30 يوليو و5 أغسطس», "from July 30 to August 5": one span."""
    lx = f.lx
    rg = lx.patterns["range_gap"].match(gap)
    if rg and prev.kind in ("abs", "rel") and c.kind in ("abs", "rel") and prev.precision == c.precision == "day" and prev.ds and c.ds \
            and prev.de and prev.de < c.ds <= prev.ds + timedelta(days=366) and (
                sub(rg.group("j")) in lx.sets["range_until"]
                or lx.patterns["range_open"].search(f.t, max(0, prev.start - 20), prev.start)):
        return Cand(prev.start, c.end, prev.ds, c.de, "day", prev.tense or c.tense, "abs", prev.calendar)
    return None


def _weekday_list(f: Context, prev: Cand, c: Cand, gap: str) -> Cand | None:
    """"on Thursday, Friday, and Saturday", «ليل الجمعة/السبت»: consecutive days, anchored on the
    last one as resolved (on/before publication, or after if planned)."""
    if not (prev.kind == "weekday" and c.kind == "weekday" and prev.weekday is not None and c.weekday is not None
            and f.lx.patterns["list_gap"].match(gap)):
        return None
    first = prev.first_weekday if prev.first_weekday is not None else prev.weekday
    span = (c.weekday - first) % 7
    if not (0 < span <= 3 and (c.weekday - prev.weekday) % 7 <= 2):
        return None
    ds = c.de - timedelta(days=span) if c.de else None
    merged = Cand(prev.start, c.end, ds, c.de, "day" if c.de else "unknown", prev.tense or c.tense,
                  "weekday", weekday=c.weekday)
    merged.first_weekday = first
    return merged


def _joined(f: Context, prev: Cand, c: Cand) -> Cand | None:
    """The one date two neighbouring candidates make, or None when they stay two."""
    lx = f.lx
    gap = f.t[prev.end:c.start]
    if lx.patterns["equiv_gap"].match(gap) and prev.ds is not None or (
            lx.patterns["equiv_gap"].match(gap) and c.ds is not None):
        return _equivalence(prev, c)
    joined = _range(f, prev, c, gap)
    if joined is not None:
        return joined
    if (prev.kind in ("weekday", "relday") and c.kind in ("abs", "hijri", "rel") and c.precision == "day"
            and lx.patterns["adjacent_gap"].match(gap)) and c.ds is not None:
        if _agrees(prev, c):
            return Cand(prev.start, c.end, c.ds, c.de, "day", prev.tense or c.tense, "abs", c.calendar)
        day = _agreeing_year(f, prev, c)
        if day is not None:
            return Cand(prev.start, c.end, day, day, "day", prev.tense or c.tense, "abs", c.calendar)
    return _weekday_list(f, prev, c, gap)


def merge(f: Context, cands: list[Cand]) -> list[Cand]:
    """Join «14 رمضان 1445 هـ الموافق 24 آذار 2024», «يوم الجمعة ٩ ايلول ٢٠٢٢», and «منذ …»."""
    out: list[Cand] = []
    for c in cands:
        joined = _joined(f, out[-1], c) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(c)
    # «منذ آب الماضي», "since 2019": an open span from that date up to publication.
    for i, c in enumerate(out):
        if c.kind in ("vague", "anaphor") or c.ds is None:
            continue
        m = f.lx.patterns["since_before"].search(f.t, max(0, c.start - 12), c.start)
        if m and m.end() == c.start:
            de = f.pub if f.pub and f.pub >= c.ds else c.de
            out[i] = Cand(m.start("since"), c.end, c.ds, de, c.precision, ONGOING, c.kind, c.calendar)
    return out


def _relative_offset(lx: Lexicon, m: re.Match, sign: int) -> int | None:
    """Days from the happening an `event_relative` match counts from (None for a vague count)."""
    unit = lx.unit_of.get(sub(m.group("u")) or "")
    if unit not in UNIT_DAYS:
        return None
    n_text = sub(m.group("n"))
    if n_text is None:
        n = 2 if sub(m.group("u")) in lx.sets["dual_units"] else 1
    else:
        n = int(n_text) if n_text.isdigit() else lx.number_of.get(n_text, 0)
    if n <= 0:
        return None
    return sign * int(n * UNIT_DAYS[unit] + 1e-9)


def relative_candidates(lx: Lexicon, t: str) -> list[Cand]:
    """Anaphor candidates of the `event_relative` templates, tried around each unit word."""
    out: dict[tuple[int, int], Cand] = {}
    for um in lx.patterns["relative_unit"].finditer(t):
        lo, hi = max(0, um.start() - 40), min(len(t), um.end() + 30)
        for rx, sign, dates_what in lx.relative_patterns:
            for m in rx.finditer(t, lo, hi):
                off = _relative_offset(lx, m, sign)
                if off is not None and (m.start(), m.end()) not in out:
                    out[(m.start(), m.end())] = Cand(m.start(), m.end(), None, None, "unknown", None, "anaphor",
                                                     offset=off, counts_from=dates_what)
    return list(out.values())


def resolve_anaphors(cands: list[Cand]) -> list[Cand]:
    """«في اليوم التالي», "the same day": the previous day-precision date of the text, shifted."""
    last: Cand | None = None
    for c in cands:
        if c.kind == "anaphor":
            off = c.offset or 0
            if last is not None and last.de is not None:
                try:
                    c.ds = c.de = last.de + timedelta(days=off)
                except OverflowError:
                    continue
                c.precision = "day"
                c.offset = None
                last = c
            continue
        if c.ds is not None and c.precision == "day" and c.ds == c.de:
            last = c
    return cands
