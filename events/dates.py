"""Dates in Arabic and English news text: absolute, relative, Hijri, parts of months, seasons.

Public API:
- :func:`parse_date` — a standalone date string (publication lines) to a ``date`` or None.
- :func:`find_dates` — every date expression of a text as :class:`DateMention` (offsets into the
  text, an inclusive interval, a precision, a tense hint), relative ones resolved against the
  publication date; without one they stay unknown (never a guess).
- :func:`tense_of` — past / ongoing / planned for a sentence.

The words live in ``data/lexicons/dates.yaml`` (one loader, :func:`load_lexicon`); this module
only holds the grammar.  Matching runs on ``geo.arabic.normalize_with_index`` text (one folded
spelling, ASCII digits, lower-case Latin) with a handful of compiled regexes, one per family of
expressions; offsets are mapped back to the original text.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from events.schema import date_in_range
from geo.arabic import normalize, normalize_with_index
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON_PATH = lexicon_path("dates.yaml")

PAST, ONGOING, PLANNED = "past", "ongoing", "planned"


@dataclass
class DateMention:
    """A date expression found in a text.

    ``start``/``end`` are offsets into the text given to :func:`find_dates`; ``text`` is the
    expression as written; ``date_start``/``date_end`` an inclusive interval (None when the
    expression cannot be resolved, e.g. a relative date without a publication date);
    ``precision`` one of day, week, month, season, year, unknown; ``tense`` the hint the date
    words themselves give (المقبل → planned, الماضي → past, منذ → ongoing) or None.
    """

    start: int
    end: int
    text: str
    date_start: date | None
    date_end: date | None
    precision: str
    tense: str | None = None
    # a date counted from another happening that the text did not date before it («وقبل ذلك
    # بيومين», "This came one day after …"): the offset in days from that happening's day, and
    # what it dates: "previous" (its clause's happening, counted from the one reported before)
    # or "named" (the happening named right after it, counted from the one reported with it)
    offset: int | None = None
    counts_from: str | None = None


# --------------------------------------------------------------------------------------------
# Lexicon


def _norm_word(w: Any) -> str:
    return normalize(str(w))


def _alt(words: Any, *, article_clitic: bool = False) -> str:
    """One regex of normalized words (spaces match any run of spaces), built as a trie.

    A trie («ا(?:ب|يار|…)») lets the regex engine reject a position after one character instead
    of trying every word in turn; with ~100 month, weekday and relative words per family this
    is what keeps find_dates near the cost of normalizing the text.
    With ``article_clitic``, «العام» also yields «للعام» (ل + ال loses its alef in writing).
    """
    out: set[str] = set()
    for w in words:
        n = _norm_word(w)
        if not n:
            continue
        out.add(n)
        if article_clitic and n.startswith("ال"):
            out.add("ل" + n[1:])
    trie: dict = {}
    for w in out:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_regex(trie) + ")"


def _trie_regex(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        tok = r"\s+" if ch == " " else re.escape(ch)
        branches.append(tok + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
    return body


@dataclass
class Lexicon:
    """The date words of dates.yaml, normalized, with lookup tables and compiled patterns."""

    raw: dict
    month_of: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (calendar, n)
    weekday_of: dict[str, int] = field(default_factory=dict)
    relday_of: dict[str, int] = field(default_factory=dict)
    anaphor_of: dict[str, int] = field(default_factory=dict)  # «اليوم التالي» -> +1
    ordinal_of: dict[str, int] = field(default_factory=dict)
    number_of: dict[str, int] = field(default_factory=dict)
    unit_of: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    quarter_of: dict[str, int] = field(default_factory=dict)
    holiday_of: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)  # calendar, month, day, days
    season_of: dict[str, str] = field(default_factory=dict)
    calunit_of: dict[str, str] = field(default_factory=dict)
    direction_of: dict[str, str] = field(default_factory=dict)  # word -> past|future|current
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern] = field(default_factory=dict)
    relative_patterns: list[tuple[re.Pattern, int, str]] = field(default_factory=list)  # (pattern, sign, what it dates)


def _flat(x: Any) -> list[str]:
    if isinstance(x, dict):
        return [w for v in x.values() for w in _flat(v)]
    if isinstance(x, list):
        return [w for v in x for w in _flat(v)]
    return [str(x)]


REQUIRED_SECTIONS = (
    "months", "ambiguous_months", "month_word", "gregorian_markers", "hijri_markers", "equivalence",
    "weekdays", "ambiguous_weekdays", "day_word", "past_words", "future_words", "current_words",
    "en_past", "en_future", "en_current", "relative_days", "day_parts_ar", "day_parts_en", "units",
    "dual_units", "ago_words_ar", "calendar_units", "number_words", "ordinal_days", "month_parts",
    "seasons", "year_words", "year_prepositions", "year_blockers", "count_nouns", "vague",
    "today_name_before", "today_name_after", "since_words", "name_heads", "tense", "birth_words",
    "numeric_day_before", "general_heads", "quarters", "future_verbs", "anaphoric_days", "holidays",
    "holiday_before", "halves", "event_relative", "range_openers", "range_joiners", "range_until",
)


@functools.lru_cache(maxsize=4)
def cldr_months(languages: tuple[str, ...]) -> dict[int, list[str]]:
    """Month number → the Gregorian month names of every CLDR locale of ``languages`` (Babel):
    wide and abbreviated, format and stand-alone, without duplicates."""
    from babel import Locale, localedata

    out: dict[int, list[str]] = {n: [] for n in range(1, 13)}
    for ident in sorted(localedata.locale_identifiers()):
        if ident.split("_")[0] not in languages:
            continue
        months = Locale.parse(ident).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names = months.get(context, {}).get(width, {})
                for n in range(1, 13):
                    name = " ".join(str(names.get(n, "")).split())  # CLDR writes some with a no-break space
                    if name and name not in out[n]:
                        out[n].append(name)
    return out


@cached(LEXICON_PATH)
def load_lexicon(path: Path) -> Lexicon:
    """Read and compile a date lexicon (cached on the file); ``path`` defaults to ``dates.yaml``."""
    raw = read_yaml(path, "date lexicon")
    if not isinstance(raw, dict):
        raise LexiconError(f"{path}: expected a mapping of sections at the top level")
    missing = [s for s in REQUIRED_SECTIONS if s not in raw]
    if missing:
        raise LexiconError(f"{path}: missing section(s) {', '.join(missing)}; see the header comment")
    raw["months"] = {"cldr": cldr_months(tuple(raw.get("cldr_months") or ())), **raw["months"]}
    lx = Lexicon(raw=raw)
    for cal, months in raw["months"].items():
        for n, names in months.items():
            for w in names:
                lx.month_of.setdefault(_norm_word(w), (cal, int(n)))
    for lang in ("ar", "en"):
        for n, names in raw["weekdays"][lang].items():
            for w in names:
                lx.weekday_of[_norm_word(w)] = int(n)
    for lang in ("ar", "en"):
        for entry in raw["relative_days"][lang]:
            for w in entry["words"]:
                lx.relday_of[_norm_word(w)] = int(entry["offset"])
    for key, off in (("same", 0), ("next", 1), ("previous", -1)):
        for w in raw["anaphoric_days"][key]:
            lx.anaphor_of[_norm_word(w)] = off
    for n, names in raw["ordinal_days"].items():
        for w in names:
            lx.ordinal_of[_norm_word(w)] = int(n)
    for lang in ("ar", "en"):
        for n, names in raw["number_words"][lang].items():
            for w in names:
                lx.number_of[_norm_word(w)] = int(n)
    for unit, names in raw["units"].items():
        for w in names:
            lx.unit_of[_norm_word(w)] = unit
    for part, names in raw["month_parts"].items():
        for w in names:
            lx.part_of[_norm_word(w).rstrip("-")] = part
    for i, h in enumerate(raw["holidays"]):
        try:
            spec = (str(h["calendar"]), int(h["month"]), int(h["day"]), int(h["days"]))
            names = list(h["names"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"{path}: holidays entry {i + 1} needs names, calendar, month, day, days ({exc})") from exc
        for w in names:
            lx.holiday_of[_norm_word(w)] = spec
    for q, names in raw["quarters"].items():
        for w in names:
            lx.quarter_of[_norm_word(w)] = int(q)
    for q, names in raw["halves"].items():
        for w in names:
            lx.quarter_of[_norm_word(w)] = 10 + int(q)  # 11, 12: first and second half
    for season, names in raw["seasons"].items():
        for w in names:
            lx.season_of[_norm_word(w)] = season
    for unit, names in raw["calendar_units"].items():
        for w in names:
            lx.calunit_of[_norm_word(w)] = unit
    for key, d in (("past_words", "past"), ("future_words", "future"), ("current_words", "current"),
                   ("en_past", "past"), ("en_future", "future"), ("en_current", "current")):
        for w in raw[key]:
            lx.direction_of[_norm_word(w)] = d
    for key in ("ambiguous_months", "ambiguous_weekdays", "dual_units", "year_blockers", "count_nouns",
                "today_name_before", "today_name_after", "name_heads", "year_prepositions", "since_words",
                "birth_words", "numeric_day_before", "general_heads", "hijri_markers", "holiday_before", "range_until"):
        lx.sets[key] = frozenset(_norm_word(w) for w in raw[key])
    lx.sets["vague"] = frozenset(_norm_word(w) for w in _flat(raw["vague"]))
    lx.patterns = _compile(lx, raw)
    return lx


# --------------------------------------------------------------------------------------------
# Grammar: one compiled regex per family of expressions.

_CL = r"(?:[وف]?[بل]?)"  # proclitics before a date word: و ف ب ل («وفي», «لشهر», «بالعام»)
_L = r"(?<![\w])"
_R = r"(?![\w])"


def _compile(lx: Lexicon, raw: dict) -> dict[str, re.Pattern]:
    months = raw["months"]
    ar_month_names = _flat({k: v for k, v in months.items() if k != "english"})
    mon_ar = _alt(ar_month_names)
    mon_en = _alt(_flat(months["english"]))
    dirs = _alt(list(raw["past_words"]) + list(raw["future_words"]) + list(raw["current_words"]))
    past_future = _alt(list(raw["past_words"]) + list(raw["future_words"]))
    parts_ar = _alt([w for w in _flat(raw["month_parts"]) if re.search("[\u0600-\u06ff]", w)])
    parts_en = _alt([w.rstrip("-") for w in _flat(raw["month_parts"]) if not re.search("[\u0600-\u06ff]", w)])
    ordinals = _alt(_flat(raw["ordinal_days"]))
    markers = _alt(list(raw["gregorian_markers"]) + list(raw["hijri_markers"]))
    year_kw = _alt(["عام", "العام", "سنة", "السنة", "عامي", "سنتي"], article_clitic=True)
    wd_ar = _alt(_flat(raw["weekdays"]["ar"]))
    wd_en = _alt(_flat(raw["weekdays"]["en"]))
    dparts_ar = _alt(raw["day_parts_ar"])
    dparts_en = _alt(raw["day_parts_en"])
    rel_ar = _alt([w for e in raw["relative_days"]["ar"] for w in e["words"]])
    rel_en = _alt([w for e in raw["relative_days"]["en"] for w in e["words"]])
    seasons_ar = _alt([w for w in _flat(raw["seasons"]) if re.search("[\u0600-\u06ff]", w)])
    seasons_en = _alt([w for w in _flat(raw["seasons"]) if not re.search("[\u0600-\u06ff]", w)])
    seasons_all = _alt(_flat(raw["seasons"]))
    num_ar = _alt(_flat(raw["number_words"]["ar"]))
    num_en = _alt(_flat(raw["number_words"]["en"]))
    units_ar = _alt([w for w in _flat(raw["units"]) if re.search("[\u0600-\u06ff]", w)])
    units_en = _alt([w for w in _flat(raw["units"]) if not re.search("[\u0600-\u06ff]", w)])
    ago_ar = _alt(raw["ago_words_ar"])
    cal_ar = _alt([w for w in _flat(raw["calendar_units"]) if re.search("[\u0600-\u06ff]", w)], article_clitic=True)
    cal_en = _alt([w for w in _flat(raw["calendar_units"]) if not re.search("[\u0600-\u06ff]", w)])
    vague_ar = _alt(raw["vague"]["ar"])
    vague_en = _alt(raw["vague"]["en"])
    equiv = _alt(raw["equivalence"])
    since = _alt(raw["since_words"])
    month_word = _alt(raw["month_word"], article_clitic=True)

    def ar_words(x: Any) -> list[str]:
        return [w for w in _flat(x) if re.search("[\u0600-\u06ff]", w)]

    def en_words(x: Any) -> list[str]:
        return [w for w in _flat(x) if not re.search("[\u0600-\u06ff]", w)]

    def first_words(words: list[str], digits: bool = False, extra: str = "") -> str:
        """A cheap lookahead: the position must start one of the words a family can begin with."""
        return rf"(?={_CL}(?:{_alt(words)}{'|[0-9]' if digits else ''}{extra}))"

    units_all_ar = ar_words(raw["units"])
    first_rel_ar = first_words(
        list(raw["ago_words_ar"]) + units_all_ar + ["ال" + _norm_word(u) for u in units_all_ar]
        + ar_words(raw["calendar_units"]) + ar_words(raw["month_parts"]) + ["هذا", "يوم", "نهار"]
        + ar_words(raw["seasons"]) + list(raw["day_parts_ar"])
        + [w for e in raw["relative_days"]["ar"] for w in e["words"]] + _flat(raw["weekdays"]["ar"])
        + list(raw["vague"]["ar"]))
    first_ar_date = first_words(
        ar_words(raw["month_parts"]) + ["من"] + _flat(raw["ordinal_days"]) + list(raw["month_word"])
        + ["الشهر"] + ar_month_names, digits=True, extra=r"|ال\s*[0-9]")
    first_year = first_words(_flat(raw["month_parts"]) + _flat(raw["seasons"]) + ["عام", "العام", "سنة", "السنة", "عامي",
                                                                                 "سنتي", "the", "year"], digits=True)
    first_en_date = first_words(en_words(raw["month_parts"]) + ["the"] + _flat(months["english"]), digits=True)
    first_rel_en = first_words(
        _flat(raw["number_words"]["en"]) + ["over", "in", "during", "within", "for", "the", "earlier", "later",
                                            "early", "late", "this", "last", "next", "coming", "past", "on"]
        + [w for e in raw["relative_days"]["en"] for w in e["words"]] + _flat(raw["weekdays"]["en"])
        + list(raw["vague"]["en"]), digits=True)

    year4 = r"\d{4}(?!\d)"
    year_any = rf"(?:\d{{4}}(?!\d)|\d{{1,3}}(?=\s*{markers}{_R}))"
    p: dict[str, re.Pattern] = {}

    # Numeric dates: 2024-04-26, 2024/04/26, 13/12/2022, (27/7/2024), 26.04.2024.
    p["numeric"] = re.compile(
        # starts with a digit class (not a lookbehind) so the engine can scan for it quickly
        r"(?=[0-9])(?:(?P<y1>[0-9](?<![\d/.\-][0-9])\d{3})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
        r"|(?P<d2>[0-9](?<![\d/.\-][0-9])\d?)(?P<s2>[-/.])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2}(?![\d/.\-]))"
        # «يوم 3/4», «3/4 الماضي»: day/month without a year, accepted only with such a cue
        rf"|(?P<d3>[0-9](?<![\d/.\-][0-9])\d?)/(?P<m3>\d{{1,2}})(?![\d/])(?:\s+(?P<dir3>{dirs}))?)(?![\d/\-]|\.\d)")

    # Arabic month-name dates (Gregorian or Hijri), with an optional day, part, year, direction.
    p["ar_date"] = re.compile(
        rf"(?<![\w/.\-]){first_ar_date}(?:(?P<part>{parts_ar})\s+)?"
        rf"(?:(?:من\s+)?(?:ال\s*)?(?P<day0>\d{{1,2}})\s*(?:-|–|الي|حتي|و)\s*)?"
        rf"(?:(?:ال\s*)?(?P<day>\d{{1,2}}(?!\d)|{ordinals})(?:\s+من\s+|\s*[-/.]?\s*))?"
        rf"(?:(?P<mw>{_CL}{month_word})\s+)?"
        rf"(?:(?P<relmon>{_CL}الشهر(?:\s+(?P<relmondir>{dirs}))?|(?<=\d\s)(?P<relmondir2>الجاري|الحالي|المنصرم|الماضي|المقبل))"
        rf"|{_CL}(?P<mon>{mon_ar})"
        rf"(?:(?:\s*[/(\-]\s*|\s+)(?P<mon2>{mon_ar})(?:\s*\))?)?)"
        rf"(?:\s*,?\s*(?:من\s+)?(?:{year_kw}\s+)?(?P<year>{year_any})(?:\s*(?P<mark>{markers}){_R})?"
        rf"|\s+(?:من\s+)?(?P<relyear>(?:هذا\s+)?(?:ال)?(?:عام|سنه)\s*(?P<relyeardir>{dirs})?))?"
        rf"(?:\s+(?P<dir>{dirs}))?{_R}")

    # English month-name dates: "April 26, 2024", "26th, April 2024", "early May", "Dec. 13".
    p["en_date"] = re.compile(
        rf"{_L}{first_en_date}(?:(?P<part>{parts_en})(?:\s*-\s*|\s+))?"
        rf"(?:(?P<day0>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*)?"
        rf"(?:(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?(?:[\s,]+|-(?=[a-z])))?"
        rf"(?P<mon>{mon_en})\.?(?:-(?=\d{{4}}))?"
        rf"(?:\s+(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:\s*(?:-|–|to|and)\s*(?P<day3>\d{{1,2}})(?![\d:]))?)?"
        rf"(?:\s*,?\s*(?P<year>{year4}))?{_R}")

    # Years: «عام 2022», «في 2023», "in 2019", «صيف ٢٠٢٤», «مطلع العام 2025», "mid-2023",
    # «سنة 61 للهجرة», «680 ميلادي», «بين عامي 2014 و2017».
    p["year"] = re.compile(
        rf"{_L}{first_year}(?:(?P<part>{parts_ar}|{parts_en})(?:\s*-\s*|\s+))?"
        rf"(?:(?P<season>{seasons_all})(?:\s+of)?\s+)?"
        rf"(?:(?P<kw>{year_kw}|(?:the\s+)?year)\s+)?"
        rf"(?P<year>{year_any})(?![a-z])"
        rf"(?:\s*(?:-|–|/|\bto\b|\band\b|حتي|الي|و)\s*(?P<year2>{year4}))?"
        rf"(?:\s*(?P<mark>{markers}){_R})?")

    # Arabic relative expressions.
    p["rel_ar"] = re.compile(
        rf"{_L}{first_rel_ar}(?:"
        rf"(?P<ago>(?P<agow>{ago_ar})\s+(?:(?P<agon>\d{{1,3}}|{num_ar})\s+)?(?P<agou>{units_ar})(?:\s+(?P<agon2>{num_ar}))?)"
        rf"|(?P<roll>(?:ال)?(?P<rollu>{units_ar})\s+(?:ال)?(?:(?P<rolln>\d{{1,3}}|{num_ar})\s+)?"
        rf"(?:الماضيه|الماضيين|الماضيتين|الاخيره|الاخيرين|الاخيرتين|الفايته|الفايتين|المنصرمه|المنصرمين))"
        rf"|(?P<cal>(?:(?P<calpart>{parts_ar})\s+)?(?P<calu>{cal_ar})(?:\s+(?P<caldir>{dirs}))?)"
        rf"|(?P<cal2>(?:(?P<cal2part>{parts_ar})\s+)?هذا\s+(?P<cal2u>{cal_ar}))"
        rf"|(?P<seap>(?P<seappart>{parts_ar})\s+(?P<seapn>{seasons_ar})(?:\s+(?P<seapdir>{dirs}))?)"
        rf"|(?P<sea>{_CL}(?P<sean>{seasons_ar})\s+(?:(?P<seayr>العام|عام|هذا\s+العام)\s*)?(?P<seadir>{dirs})?)"
        rf"|(?P<rd>(?:(?P<rdpart>{dparts_ar})\s+)?(?:(?:يوم|نهار)\s+)?{_CL}(?P<rdw>{rel_ar})"
        rf"(?:\s*,?\s*(?:(?:يوم|نهار)\s+)?(?P<rdwd>{wd_ar}))?)"
        rf"|(?P<wd>(?:(?P<wdpart>{dparts_ar})\s+)?(?:(?P<wdday>يوم|نهار|{_CL}يوم)\s+)?{_CL}(?P<wdn>{wd_ar})"
        rf"(?:\s+(?P<wddir>{past_future}))?)"
        rf"|(?P<vague>{_CL}{vague_ar})"
        rf"){_R}")

    # English relative expressions.
    p["rel_en"] = re.compile(
        rf"{_L}{first_rel_en}(?:"
        rf"(?P<ago>(?P<agon>\d{{1,3}}|{num_en})\s+(?P<agou>{units_en})\s+ago)"
        rf"|(?P<roll>(?:(?:over|in|during|within|for)\s+)?the\s+(?:last|past)\s+(?:(?P<rolln>\d{{1,3}}|{num_en})\s+)?(?P<rollu>days?|weeks?|months?|years?))"
        rf"|(?P<cal>(?:(?P<calmod>earlier|later|early|late)\s+)?(?P<caldir>this|last|next|coming|past)\s+(?P<calu>{cal_en}))"
        rf"|(?P<calp>(?:the\s+)?(?P<calppart>{parts_en})\s+(?:the|this)\s+(?P<calpu>month|year))"
        rf"|(?P<sea>(?P<seadir>this|last|next)\s+(?P<sean>{seasons_en}))"
        rf"|(?P<rd>(?P<rdw>{rel_en})(?:\s+(?P<rdpart>{dparts_en}))?)"
        rf"|(?P<wd>(?:(?:early|late)\s+(?:on\s+)?)?(?:(?P<wddir>last|next|this|on|past|coming)\s+)?(?P<wdn>{wd_en})(?:\s+(?P<wdpart>{dparts_en}))?)"
        rf"|(?P<the>(?:on\s+)?the\s+(?P<then>\d{{1,2}})(?:st|nd|rd|th)(?=\s*[,.;)]|\s+of\s+this\s+month|\s*$))"
        rf"|(?P<vague>{vague_en})"
        rf"){_R}")

    # Quarters: «الربع الأول من العام الجاري», "the second quarter of 2023", "Q3 2022".
    p["quarter"] = re.compile(
        rf"{_L}(?:the\s+)?(?P<q>{_alt(_flat(raw['quarters']) + _flat(raw['halves']))})\s+(?:من\s+|of\s+)?(?:(?:{year_kw}|the\s+year)\s+)?"
        rf"(?:(?P<y>{year4})|(?P<rel>(?:هذا\s+)?(?:ال)?(?:عام|سنه)(?:\s+(?P<dir>{dirs}))?|(?P<endir>this|last|next|the)\s+year))"
        rf"(?![\w])")

    holiday_names = [w for h in raw["holidays"] for w in h["names"]]
    p["holiday"] = re.compile(
        rf"{_L}{_CL}(?P<h>{_alt(holiday_names)})(?:\s+(?:لعام|عام|of)?\s*(?P<y>{year4})(?:\s*(?P<hm>{markers}){_R})?)?"
        rf"(?:\s+(?P<dir>{dirs}))?{_R}")
    p["anaphor"] = re.compile(rf"{_L}(?P<a>{_alt(_flat(raw['anaphoric_days']))}){_R}")
    # «و5 أغسطس» (the second date of «بين 30 يوليو و5 أغسطس»): the same grammar, tried only right
    # after a clitic glued to a day number
    p["ar_date_at"] = re.compile(p["ar_date"].pattern.replace(r"(?<![\w/.\-])", "", 1))
    lx.relative_patterns = _event_relative_patterns(lx, raw)
    # a date counted from another happening has an hour, day or week word: the templates are
    # tried only in a window around one (a cheap trie search spares scanning every position)
    p["relative_unit"] = re.compile(_alt([w for u in _UNIT_DAYS for w in raw["units"][u]]))
    p["range_gap"] = re.compile(rf"^\s*(?P<j>{_alt(raw['range_joiners'])})\s*$")
    p["range_open"] = re.compile(rf"(?:^|(?<![\w]))[وف]?(?:{_alt(raw['range_openers'])})\s*$")

    p["equiv_gap"] = re.compile(rf"^\s*[,(]?\s*(?:{equiv})\s*(?:ل\s*)?[(]?\s*$")
    p["adjacent_gap"] = re.compile(r"^\s*[,(\-–]?\s*$")
    p["list_gap"] = re.compile(r"^\s*(?:,\s*)?(?:(?:and|or|و|او|الي|حتي|to|-|–|/)\s*)?$")
    p["since_before"] = re.compile(rf"(?:^|(?<![\w])){_CL}(?P<since>{since})\s+$")
    p["clause_end"] = re.compile(r"[.!?\n]")

    t = raw["tense"]
    future_forms = []
    for v in raw["future_verbs"]:
        v = _norm_word(v)
        if v.startswith("ي") and len(v) > 2:
            future_forms += ["س" + v, "ست" + v[1:], "سن" + v[1:]]
    p["planned"] = re.compile(
        rf"{_L}[وف]?(?:{_alt(list(t['planned']['ar']) + list(t['planned']['en']) + future_forms)}){_R}")
    p["ongoing"] = re.compile(rf"{_L}[وف]?{_alt(list(t['ongoing']['ar']) + list(t['ongoing']['en']))}{_R}"
                              r"|\b(?:has|have)\s+been\s+[a-z]+ing\b")
    return p


# --------------------------------------------------------------------------------------------
# Calendar helpers


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), _month_end(y, m)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _apply_part(ds: date, de: date, part: str | None, unit: str) -> tuple[date, date]:
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


def _season_range(y: int, season: str) -> tuple[date, date]:
    """Meteorological seasons; winter Y runs from 1 December Y-1 to the end of February Y."""
    if season == "winter":
        return date(y - 1, 12, 1), _month_end(y, 2)
    a, b = _SEASON_MONTHS[season]
    return date(y, a, 1), _month_end(y, b)


_HIJRI_EPOCH = date(622, 7, 19).toordinal()  # 1 Muharram 1 AH (civil epoch), proleptic Gregorian


def _tabular_h2g(y: int, m: int, d: int) -> date:
    days = d - 1 + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30
    return date.fromordinal(_HIJRI_EPOCH + days)


def _hijri_month_len(y: int, m: int) -> int:
    if 1343 <= y <= 1500:
        try:
            from hijridate import Hijri

            return Hijri(y, m, 1).month_length()
        except (ValueError, OverflowError):
            pass
    if m == 12:
        return 30 if (14 + 11 * y) % 30 < 11 else 29
    return 30 if m % 2 == 1 else 29


def _hijri_to_gregorian(y: int, m: int, d: int) -> date | None:
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
    if d > _hijri_month_len(y, m):
        return None
    try:
        return _tabular_h2g(y, m, d)
    except (ValueError, OverflowError):
        return None


def _gregorian_to_hijri_year(d: date) -> int:
    try:
        from hijridate import Gregorian

        return Gregorian(d.year, d.month, d.day).to_hijri().year
    except (ValueError, OverflowError):
        return int((d.toordinal() - _HIJRI_EPOCH) / 354.367) + 1


def _weekday_before(pub: date, wd: int, *, strict: bool) -> date:
    delta = (pub.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _weekday_after(pub: date, wd: int, *, strict: bool) -> date:
    delta = (wd - pub.weekday()) % 7
    if strict and delta == 0:
        delta = 7
    return pub + timedelta(days=delta)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pick_day(pub: date, m: int, d: int, mode: str) -> date | None:
    """The day-month in the year that fits: 'le' latest ≤ pub, 'ge' earliest ≥ pub, 'gt' > pub."""
    years = (pub.year, pub.year - 1, pub.year - 2, pub.year - 3, pub.year - 4) if mode == "le" else \
        (pub.year, pub.year + 1, pub.year + 2, pub.year + 3, pub.year + 4)
    for y in years:
        c = _safe_date(y, m, d)
        if c is None:
            continue
        if (mode == "le" and c <= pub) or (mode == "ge" and c >= pub) or (mode == "gt" and c > pub):
            return c
    return None


def _pick_month(pub: date, m: int, mode: str) -> int:
    """The year of month m: 'le' latest with month ≤ pub's, 'lt' strictly before, 'ge'/'gt' after."""
    if mode == "le":
        return pub.year if m <= pub.month else pub.year - 1
    if mode == "lt":
        return pub.year if m < pub.month else pub.year - 1
    if mode == "ge":
        return pub.year if m >= pub.month else pub.year + 1
    return pub.year if m > pub.month else pub.year + 1  # gt


# --------------------------------------------------------------------------------------------
# Candidates and resolution


@dataclass
class _Cand:
    start: int  # offsets in normalized text
    end: int
    ds: date | None
    de: date | None
    precision: str
    tense: str | None
    kind: str  # abs | rel | weekday | relday | vague | year | hijri
    calendar: str = "gregorian"
    weekday: int | None = None  # the weekday named in the expression, if any
    first_weekday: int | None = None  # of a list of consecutive weekdays
    offset: int | None = None  # an anaphor's day offset from the date it counts from
    counts_from: str = "previous"  # or "named": see DateMention


def _dir_word(lx: Lexicon, w: str | None) -> str | None:
    if not w:
        return None
    return lx.direction_of.get(re.sub(r"\s+", " ", w))


def _dir_tense(d: str | None) -> str | None:
    return {"past": PAST, "future": PLANNED}.get(d or "")


_WS = re.compile(r"\s+")
_VAGUE_AHEAD = re.compile(r"المقبل|القادم|coming|قريبا|soon")
_BC_AFTER = re.compile(r"\s*(?:قبل\s+الميلاد|ق\s*\.\s*م|bc|bce|b\.c\.)(?![\w])")
_WORDS_BEFORE = re.compile(r"[\w\-\.]+")
_WORDS_AFTER = re.compile(r"\w+")


def _sub(s: str | None) -> str | None:
    """Collapse the spaces of a matched group («كانون   الثاني» → «كانون الثاني»)."""
    if not s or (" " not in s and "\t" not in s and "\n" not in s):
        return s
    return _WS.sub(" ", s)


def _word_before(text: str, pos: int, n: int = 1) -> list[str]:
    """The n normalized words before pos (nearest last), punctuation skipped."""
    words = _WORDS_BEFORE.findall(text, max(0, pos - 60), pos)
    return words[-n:]


def _words_after(text: str, pos: int, n: int = 1) -> list[str]:
    return _WORDS_AFTER.findall(text, pos, pos + 60)[:n]


class _Finder:
    """One pass of find_dates over a normalized text."""

    def __init__(self, lx: Lexicon, norm: str, original: str, index: tuple[int, ...], published: date | None):
        self.lx = lx
        self.t = norm
        self.orig = original
        self.index = index
        self.pub = published
        self._tense_cache: dict[int, str] = {}
        self._ends: list[int] | None = None
        self._week_of_month: tuple[int, int] | None = None  # set by _ar_date for «الأسبوع الأول من …»

    # -- context helpers
    def clause_tense(self, pos: int) -> str:
        """Tense of the sentence around pos (sentence ends found once, cached by sentence)."""
        if self._ends is None:
            self._ends = [m.start() for m in self.lx.patterns["clause_end"].finditer(self.t)]
        k = bisect.bisect_left(self._ends, pos)
        i = self._ends[k - 1] + 1 if k > 0 else 0
        if i in self._tense_cache:
            return self._tense_cache[i]
        j = self._ends[k] if k < len(self._ends) else len(self.t)
        tense = _tense_norm(self.lx, self.t[i:j])
        self._tense_cache[i] = tense
        return tense

    def orig_is_capital(self, npos: int) -> bool:
        o = self.index[npos] if npos < len(self.index) else None
        return o is not None and self.orig[o].isupper()

    def blocked_name(self, pos: int) -> bool:
        """A date inside a name: «صالة السابع من نيسان», «ساحة 14 آذار»."""
        before = _word_before(self.t, pos, 1)
        return bool(before) and any(c in self.lx.sets["name_heads"] for c in _stems(before[-1]))

    # -- families
    def numeric(self, m: re.Match) -> _Cand | None:
        if m.group("d3"):
            d, mo = int(m.group("d3")), int(m.group("m3"))
            dword = _dir_word(self.lx, _sub(m.group("dir3")))
            before = _word_before(self.t, m.start(), 1)
            if not (dword or (before and any(s in self.lx.sets["numeric_day_before"] for s in _stems(before[-1])))):
                return None
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            if not self.pub:
                return _Cand(m.start(), m.end(), None, None, "unknown", _dir_tense(dword), "rel")
            planned = dword == "future" or (dword is None and self.clause_tense(m.start()) == PLANNED)
            c = _pick_day(self.pub, mo, d, "gt" if dword == "future" else ("ge" if planned else "le"))
            return _Cand(m.start(), m.end(), c, c, "day", _dir_tense(dword), "rel") if c else None
        if m.group("y1"):
            y, mo, d = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
            if len(m.group("y2")) == 2:
                # «13/12/22»: the century that keeps the date at most a year after publication
                limit = self.pub.year % 100 + 1 if self.pub else 50  # never the wall clock
                y += 2000 if y <= limit else 1900
            if mo > 12 and d <= 12:  # month/day/year written the US way
                mo, d = d, mo
        after = self.t[m.end():m.end() + 12]
        if _HIJRI_AFTER.match(after) or 1300 <= y <= 1500:
            # «1445/10/17 هـ»: a numeric Hijri date (Saudi and Gulf sites write these)
            g = _hijri_to_gregorian(y, mo, d)
            if g is None:
                return None
            hm = _HIJRI_AFTER.match(after)
            end = m.end() + (hm.end() if hm else 0)
            return _Cand(m.start(), end, g, g + timedelta(days=1), "day", None, "hijri", "hijri")
        c = _safe_date(y, mo, d)
        if c is None or not (1000 <= y <= 2200):
            return None
        return _Cand(m.start(), m.end(), c, c, "day", None, "abs")

    def ar_date(self, m: re.Match) -> _Cand | None:
        c = self._ar_date(m)
        wom, self._week_of_month = self._week_of_month, None
        if c is None or not wom or c.ds is None or c.precision != "day":
            return c
        n, start = wom
        first = c.ds.replace(day=1)
        last = _month_end(first.year, first.month)
        ds = first + timedelta(days=7 * (n - 1))
        de = min(last, ds + timedelta(days=6))
        return _Cand(start, c.end, ds, de, "week", c.tense, c.kind, c.calendar)

    def _ar_date(self, m: re.Match) -> _Cand | None:
        lx, pub = self.lx, self.pub
        part = lx.part_of.get(_sub(m.group("part")) or "") if m.group("part") else None
        day_s = m.group("day")
        day = None
        if day_s:
            day = int(day_s) if day_s.isdigit() else lx.ordinal_of.get(_sub(day_s))
            if day is None or not 1 <= day <= 31:
                return None
        if day and part:
            part = None  # «منتصف 15 آذار» does not occur; the day is the finer one
        day0 = int(m.group("day0")) if m.group("day0") else None
        if day0 is not None and not (day and 1 <= day0 < day):
            return None
        start = m.start() if (part or day) else m.start("mw") if m.group("mw") else (
            m.start("relmon") if m.group("relmon") else m.start("mon"))
        if m.group("part") and not part:
            start = m.start("day") if day_s else start
        if day_s and self.blocked_name(m.start()):
            return None
        if day_s and not day_s.isdigit() and day and day <= 5:
            before = _word_before(self.t, m.start(), 1)
            if before and before[-1] in ("الاسبوع", "والاسبوع", "بالاسبوع"):
                # «الأسبوع الأول من حزيران»: the n-th seven days of the month, not its first day
                start = self.t.rfind(before[-1], 0, m.start())
                self._week_of_month = (day, start)
        year_s, mark = m.group("year"), _sub(m.group("mark"))
        dword = _dir_word(lx, _sub(m.group("dir")))
        end = m.end()
        if m.group("relmon"):
            d = _dir_word(lx, _sub(m.group("relmondir") or m.group("relmondir2")))
            if m.group("relmondir2") and not day:
                return None
            if d is None and not part:
                return None  # «الشهر» alone; «مطلع الشهر» is this month
            if not pub:
                return _Cand(start, end, None, None, "unknown", _dir_tense(d), "rel")
            k = {"past": -1, "future": 1}.get(d or "", 0)
            y, mo = _shift_month(pub.year, pub.month, k)
            ds, de = _month_range(y, mo)
            if day:
                c = _safe_date(y, mo, day)
                return self._day_range(start, end, c, day0, _dir_tense(d), "rel")
            ds, de = _apply_part(ds, de, part, "month")
            return _Cand(start, end, ds, de, "month", _dir_tense(d), "rel")
        name = _sub(m.group("mon"))
        cal, mo = lx.month_of[name]
        if m.group("mon2"):
            cal2, mo2 = lx.month_of[_sub(m.group("mon2"))]
            if mo2 != mo or (cal == "hijri") != (cal2 == "hijri"):
                end = m.end("mon")
                year_s = mark = dword = None
        if name in lx.sets["ambiguous_months"] and not (day or year_s or m.group("mw") or m.group("mon2") or dword or part):
            return None
        if m.group("relyear"):
            # «أيلول من العام الماضي», «آذار من هذا العام»: the year is relative to publication
            ry = _dir_word(lx, _sub(m.group("relyeardir"))) or ("current" if "هذا" in m.group("relyear") else None)
            if ry is None:
                end = m.end("mon2") if m.group("mon2") else m.end("mon")
            elif not pub:
                return _Cand(start, end, None, None, "unknown", _dir_tense(ry), "rel")
            else:
                year_s = str(pub.year + {"past": -1, "future": 1}.get(ry, 0))
                dword = dword or ry
        hijri_mark = bool(mark) and mark in lx.sets["hijri_markers"]
        if cal == "hijri":
            return self._hijri(start, end, day, mo, int(year_s) if year_s else None, part, dword, bool(m.group("mw")), name)
        if hijri_mark:
            return None
        tense = _dir_tense(dword)
        if year_s:
            y = int(year_s)
            if day:
                return self._day_range(start, end, _safe_date(y, mo, day), day0, tense, "abs")
            ds, de = _month_range(y, mo)
            ds, de = _apply_part(ds, de, part, "month")
            return _Cand(start, end, ds, de, "month", tense, "abs")
        if dword == "current" and pub:
            y = pub.year
            if day:
                return self._day_range(start, end, _safe_date(y, mo, day), day0, None, "rel")
            ds, de = _apply_part(*_month_range(y, mo), part, "month")
            return _Cand(start, end, ds, de, "month", None, "rel")
        if not pub:
            return _Cand(start, end, None, None, "unknown", tense, "rel")
        planned = dword == "future" or (dword is None and self.clause_tense(m.start()) == PLANNED)
        if day:
            mode = "gt" if dword == "future" else ("ge" if planned else "le")
            return self._day_range(start, end, _pick_day(pub, mo, day, mode), day0, tense, "rel")
        if dword == "past":
            mode = "lt"
        elif dword == "future":
            mode = "gt"
        else:
            mode = "ge" if planned else "le"
        y = _pick_month(pub, mo, mode)
        ds, de = _apply_part(*_month_range(y, mo), part, "month")
        return _Cand(start, end, ds, de, "month", tense, "rel")

    @staticmethod
    def _day_range(start: int, end: int, c: date | None, day0: int | None, tense: str | None, kind: str) -> _Cand | None:
        """A day, or «من 10 إلى 12 أيار» / "March 1-5": the span from day0 to that day."""
        if c is None:
            return None
        ds = c.replace(day=day0) if day0 else c
        return _Cand(start, end, ds, c, "day", tense, kind)

    def _hijri(self, start: int, end: int, day: int | None, mo: int, year: int | None, part: str | None,
               dword: str | None, month_word: bool, name: str) -> _Cand | None:
        lx, pub = self.lx, self.pub
        if name in lx.sets["ambiguous_months"] and not (month_word or year or day):
            return None  # «صفر» is also "zero", «محرم» "forbidden": a day, «شهر» or a year makes them months
        tense = _dir_tense(dword)
        if year is None:
            if not pub:
                return _Cand(start, end, None, None, "unknown", tense, "hijri", "hijri")
            hy = _gregorian_to_hijri_year(pub)
            planned = dword == "future" or (dword is None and self.clause_tense(start) == PLANNED)
            cands = []
            for y in (hy - 1, hy, hy + 1):
                g = _hijri_to_gregorian(y, mo, day or 1)
                if g:
                    cands.append((y, g))
            if not cands:
                return None
            if planned or dword == "future":
                fut = [c for c in cands if c[1] >= pub - timedelta(days=1)]
                year = (fut[0] if fut else cands[-1])[0]
            elif dword == "past":
                past = [c for c in cands if c[1] <= pub]
                year = (past[-1] if past else cands[0])[0]
            else:
                # Hijri months mostly name religious occasions announced ahead: the nearest one.
                year = min(cands, key=lambda c: abs((c[1] - pub).days))[0]
        if day:
            g = _hijri_to_gregorian(year, mo, day)
            if g is None:
                return None
            # The first of a Hijri month depends on the moon sighting: a day later in many countries.
            return _Cand(start, end, g, g + timedelta(days=1), "day", tense, "hijri", "hijri")
        g1 = _hijri_to_gregorian(year, mo, 1)
        if g1 is None:
            return None
        ln = _hijri_month_len(year, mo)
        ds, de = g1, g1 + timedelta(days=ln - 1)
        if part == "early":
            de = g1 + timedelta(days=9)
        elif part == "mid":
            ds, de = g1 + timedelta(days=10), g1 + timedelta(days=19)
        elif part == "late":
            ds = g1 + timedelta(days=20)
        return _Cand(start, end, ds, de + timedelta(days=1), "month", tense, "hijri", "hijri")

    def en_date(self, m: re.Match) -> _Cand | None:
        lx, pub = self.lx, self.pub
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
        part = lx.part_of.get(_sub(m.group("part"))) if m.group("part") else None
        if day is not None and not 1 <= day <= 31:
            return None
        if not (day or year_s):
            # a bare month name must be capitalised ("In August"), ambiguous ones also need a cue
            if not self.orig_is_capital(m.start("mon")):
                return None
            if name in lx.sets["ambiguous_months"]:
                before = _word_before(self.t, m.start("mon"), 1)
                if not (part or (before and before[-1] in {"in", "since", "of", "until", "by", "during", "last", "next", "this", "early", "late", "mid"})):
                    return None
        start = m.start()
        if year_s:
            y = int(year_s)
            if day:
                return self._day_range(start, m.end(), _safe_date(y, mo, day), day0, None, "abs")
            ds, de = _apply_part(*_month_range(y, mo), part, "month")
            return _Cand(start, m.end(), ds, de, "month", None, "abs")
        if not pub:
            return _Cand(start, m.end(), None, None, "unknown", None, "rel")
        before = _word_before(self.t, m.start(), 1)
        dword = {"last": "past", "next": "future"}.get(before[-1]) if before else None
        if dword:
            start = m.start() - len(before[-1]) - 1 if self.t[m.start() - len(before[-1]) - 1:m.start()].strip() == before[-1] else start
        planned = dword == "future" or (dword is None and self.clause_tense(m.start()) == PLANNED)
        if day:
            c = _pick_day(pub, mo, day, "ge" if planned else "le")
            return self._day_range(start, m.end(), c, day0, _dir_tense(dword), "rel")
        mode = {"past": "lt", "future": "gt"}.get(dword or "", "ge" if planned else "le")
        y = _pick_month(pub, mo, mode)
        ds, de = _apply_part(*_month_range(y, mo), part, "month")
        return _Cand(start, m.end(), ds, de, "month", _dir_tense(dword), "rel")

    def year(self, m: re.Match) -> _Cand | None:
        lx = self.lx
        t = self.t
        ys = m.group("year")
        y = int(ys)
        mark = _sub(m.group("mark"))
        is_hijri = bool(mark) and mark in lx.sets["hijri_markers"]
        kw, part_s, season_s = m.group("kw"), m.group("part"), m.group("season")
        if _BC_AFTER.match(t, m.end()):
            return None  # «2000 قبل الميلاد», "300 BC": before the calendar we can represent
        # left context: blockers (birth years, article numbers) and prepositions
        before = _word_before(t, m.start(), 3)
        stems_before = [s for w in before for s in _stems(w)]
        if any(s in lx.sets["year_blockers"] for s in stems_before):
            return None
        if before and before[-1] in ("born", "b."):
            return None
        prev = before[-1] if before else ""
        prev_ok = any(s in lx.sets["year_prepositions"] for s in _stems(prev)) if prev else False
        paren = t[max(0, m.start() - 1):m.start()] == "(" and t[m.end():m.end() + 1] == ")"
        if not is_hijri and len(ys) == 4 and not (1000 <= y <= 2100):
            return None
        if len(ys) < 4 and not mark:
            return None
        strong = bool(kw or part_s or season_s or mark)
        if not strong:
            if not (prev_ok or paren):
                return None
            after = _words_after(t, m.end(), 1)
            if after and any(s in lx.sets["count_nouns"] for s in _stems(after[0])):
                return None
            if not (1900 <= y <= 2100):
                return None
        start = m.start()
        if is_hijri:
            g1 = _hijri_to_gregorian(y, 1, 1)
            g2 = _hijri_to_gregorian(y + 1, 1, 1)
            if g1 is None or g2 is None:
                return None
            return _Cand(start, m.end(), g1, g2 - timedelta(days=1), "year", None, "year", "hijri")
        part = lx.part_of.get(_sub(part_s)) if part_s else None
        if season_s:
            ds, de = _season_range(y, lx.season_of[_sub(season_s)])
            return _Cand(start, m.end(), ds, de, "season", None, "year")
        ds, de = date(y, 1, 1), date(y, 12, 31)
        if m.group("year2"):
            y2 = int(m.group("year2"))
            if y < y2 <= 2100:
                return _Cand(start, m.end(), ds, date(y2, 12, 31), "year", None, "year")
        ds, de = _apply_part(ds, de, part, "year")
        return _Cand(start, m.end(), ds, de, "year", None, "year")

    def rel(self, m: re.Match, lang: str) -> _Cand | None:
        lx, pub = self.lx, self.pub
        gd = m.groupdict()
        g = gd.get
        s, e = m.start(), m.end()

        def unknown(tense: str | None = None, kind: str = "rel") -> _Cand:
            return _Cand(s, e, None, None, "unknown", tense, kind)

        if g("vague"):
            ahead = _VAGUE_AHEAD.search(m.group(0))
            return unknown(PLANNED if ahead else None, "vague")
        if g("ago"):
            unit = lx.unit_of.get(_sub(g("agou")))
            n_s = g("agon") or g("agon2")
            if n_s:
                n = int(n_s) if n_s.isdigit() else lx.number_of.get(_sub(n_s))
            elif _sub(g("agou")) in lx.sets["dual_units"]:
                n = 2
            elif unit == "hour":
                n = 1  # «قبل ساعات»: within the last day
            elif _sub(g("agou")) in {"يوم", "اسبوع", "شهر", "عام", "سنه"}:
                n = 1
            else:
                return unknown(PAST, "vague")  # «قبل أيام»: a few days, unresolved
            if lang == "ar":
                nxt = _words_after(self.t, e, 1)
                if nxt and nxt[0] in ("من", "علي"):
                    return None  # «قبل شهر من الانتخابات»: before something else, not ago
            if n is None or unit is None:
                return None
            if not pub:
                return unknown(PAST)
            return self._ago(s, e, unit, n)
        if g("roll"):
            unit = (g("rollu") or "").rstrip("s")
            unit = lx.unit_of.get(_sub(g("rollu"))) or lx.unit_of.get(unit)
            n_s = g("rolln")
            if n_s == "few" or (not n_s and lang == "en" and (g("rollu") or "").endswith("s")):
                return unknown(None, "vague")  # "over the past months": too vague to date
            if n_s:
                n = int(n_s) if n_s.isdigit() else lx.number_of.get(_sub(n_s))
            elif _sub(g("rollu")) in lx.sets["dual_units"] or re.search(r"(ين|تين)$", _sub(g("rollu")) or ""):
                n = 2
            elif unit == "hour":
                n = 24  # «خلال الساعات الماضية»
            elif lang == "ar":
                return unknown(None, "vague")  # «الأيام الماضية»
            else:
                n = 1
            if not n or not unit:
                return None
            if not pub:
                return unknown()
            if unit == "hour":
                return _Cand(s, e, pub - timedelta(days=max(1, math.ceil(n / 24))), pub, "day", None, "rel")
            span = {"day": 1, "week": 7}.get(unit)
            if span:
                ds = pub - timedelta(days=span * n)
            elif unit == "month":
                y, mo = _shift_month(pub.year, pub.month, -n)
                ds = _safe_date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1]))
            else:
                ds = _safe_date(pub.year - n, pub.month, min(pub.day, 28))
            return _Cand(s, e, ds, pub, unit if unit != "day" else "day", None, "rel")
        if g("calp"):
            # "the start of the year", "by the end of the month": this month or year
            part = lx.part_of.get(_sub(g("calppart")))
            if not pub:
                return unknown()
            if g("calpu") == "month":
                ds, de = _apply_part(*_month_range(pub.year, pub.month), part, "month")
                return _Cand(s, e, ds, de, "month", None, "rel")
            ds, de = _apply_part(date(pub.year, 1, 1), date(pub.year, 12, 31), part, "year")
            return _Cand(s, e, ds, de, "year", None, "rel")
        if g("cal") or g("cal2"):
            unit_w = _sub(g("calu") or g("cal2u"))
            if g("cal") and lang == "ar" and not g("caldir") and not g("calpart"):
                return None  # «العام», «الأسبوع» alone are no date; «نهاية العام» is this year's end
            if g("cal") and lang == "ar" and not g("calpart"):
                before = _word_before(self.t, m.start(), 1)
                if before and before[-1] in lx.sets["general_heads"]:
                    return None  # «الأمين العام السابق»: "general", not "year"
            unit = lx.calunit_of.get(unit_w) or lx.calunit_of.get(unit_w[1:] if unit_w.startswith("ل") else unit_w)
            if unit is None:
                return None
            if g("cal"):
                d = _dir_word(lx, _sub(g("caldir")))
                if lang == "en":
                    d = {"this": "current", "last": "past", "past": "past", "next": "future", "coming": "future"}[g("caldir")]
            else:
                d = "current"
            part_w = g("calpart") if g("cal") else g("cal2part")
            part = lx.part_of.get(_sub(part_w)) if part_w else None
            mod = g("calmod") if lang == "en" and g("cal") else None
            if mod in ("early", "late"):
                part = mod
            tense = _dir_tense(d)
            if not pub:
                return unknown(tense)
            if lang == "en" and g("caldir") == "past":
                # "the past week/month/year": a rolling window up to publication
                ds = {"week": pub - timedelta(days=7), "weekend": pub - timedelta(days=3),
                      "month": pub - timedelta(days=30), "year": pub - timedelta(days=365)}[unit]
                return _Cand(s, e, ds, pub, "week" if unit == "weekend" else unit, None, "rel")
            k = {"past": -1, "future": 1}.get(d or "", 0)
            if unit in ("week", "weekend"):
                monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * k)
                if unit == "weekend":
                    ds, de = monday + timedelta(days=5), monday + timedelta(days=6)
                else:
                    ds, de = monday, monday + timedelta(days=6)
                prec = "week"
            elif unit == "month":
                y, mo = _shift_month(pub.year, pub.month, k)
                ds, de = _apply_part(*_month_range(y, mo), part, "month")
                prec = "month"
            else:
                ds, de = _apply_part(date(pub.year + k, 1, 1), date(pub.year + k, 12, 31), part, "year")
                prec = "year"
            if mod == "earlier" and k == 0:
                de = pub
            elif mod == "later" and k == 0:
                ds = pub
            return _Cand(s, e, ds, de, prec, tense, "rel")
        if g("seap"):
            # «مطلع الصيف», «نهاية الشتاء الماضي»: a third of the season (its first, middle, last month)
            season = lx.season_of.get(_sub(g("seapn")))
            part = lx.part_of.get(_sub(g("seappart")))
            d = _dir_word(lx, _sub(g("seapdir")))
            if season is None or part is None:
                return None
            if not pub:
                return unknown(_dir_tense(d))
            planned = d == "future" or (d is None and self.clause_tense(m.start()) == PLANNED)
            y = pub.year + 1
            while _season_range(y, season)[0] > pub:
                y -= 1  # the latest season that has begun
            if d == "past" and _season_range(y, season)[1] >= pub:
                y -= 1
            elif d == "future" or (planned and _season_range(y, season)[1] < pub):
                y += 1
            ds, de = _season_range(y, season)
            k = {"early": 0, "mid": 1, "late": 2}[part]
            first = date(ds.year, ds.month, 1)
            yy, mm = _shift_month(first.year, first.month, k)
            return _Cand(s, e, date(yy, mm, 1), _month_end(yy, mm), "season", _dir_tense(d), "rel")
        if g("sea"):
            season = lx.season_of.get(_sub(g("sean")))
            if lang == "en":
                d = {"this": "current", "last": "past", "next": "future"}[g("seadir")]
            else:
                d = _dir_word(lx, _sub(g("seadir")))
                if d is None and not g("seayr"):
                    return None  # a bare «الربيع» is too often not a date («الربيع العربي»)
                if g("seayr") and "هذا" in g("seayr"):
                    d = "current"
            if season is None:
                return None
            tense = _dir_tense(d)
            if not pub:
                return unknown(tense)
            if g("seayr") or d == "current":
                k = {"past": -1, "future": 1}.get(d or "", 0)
                y = pub.year + k
                if season == "winter" and k == 0 and pub.month == 12:
                    y += 1
                ds, de = _season_range(y, season)
            elif d == "past":
                y = pub.year
                while _season_range(y, season)[1] >= pub:
                    y -= 1
                ds, de = _season_range(y, season)
            else:
                y = pub.year - 1
                while _season_range(y, season)[0] <= pub:
                    y += 1
                ds, de = _season_range(y, season)
            return _Cand(s, e, ds, de, "season", tense, "rel")
        if g("rd"):
            w = _sub(g("rdw"))
            if w == "today":
                before = _word_before(self.t, m.start("rdw"), 1)
                if before and before[-1] in lx.sets["today_name_before"]:
                    return None  # "USA Today"
            if w == "اليوم":
                before = _word_before(self.t, m.start("rdw"), 1)
                after = _words_after(self.t, m.end("rdw"), 1)
                if before and before[-1] in lx.sets["today_name_before"]:
                    return None
                if after and after[0] in lx.sets["today_name_after"] and not g("rdwd"):
                    return None
                if before and before[-1] in ("في", "من", "ذلك", "ذات", "نفس", "حتي") and not (g("rdpart") or g("rdwd")):
                    # «في اليوم التالي» is caught above; «حتى اليوم» is fine; keep «في اليوم» out
                    if before[-1] in ("ذلك", "ذات", "نفس"):
                        return None
            off = lx.relday_of.get(w)
            if off is None:
                return None
            tense = PLANNED if off > 0 else (PAST if off < 0 else None)
            named = lx.weekday_of.get(_sub(g("rdwd"))) if g("rdwd") else None
            if not pub:
                c = unknown(tense, "relday")
                c.weekday = named
                return c
            c = pub + timedelta(days=off)
            return _Cand(s, e, c, c, "day", tense, "relday", weekday=named)
        if g("wd"):
            name = _sub(g("wdn"))
            wd = lx.weekday_of.get(name)
            if wd is None:
                return None
            if lang == "ar":
                after = _words_after(self.t, m.end(), 1)
                if after and after[0] == "عشر" and name == "الاحد":
                    return None  # «الأحد عشر»: eleven, not Sunday
                d = _dir_word(lx, _sub(g("wddir")))
                if name in lx.sets["ambiguous_weekdays"] and not (g("wdday") or g("wdpart") or d):
                    return None
            else:
                d = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(g("wddir") or "")
                if not self.orig_is_capital(m.start("wdn")):
                    return None
            tense = _dir_tense(d)
            if not pub:
                c = unknown(tense, "weekday")
                c.weekday = wd
                return c
            if d == "past":
                c = _weekday_before(pub, wd, strict=True)
            elif d == "future":
                c = _weekday_after(pub, wd, strict=True)
            elif self.clause_tense(m.start()) == PLANNED:
                c = _weekday_after(pub, wd, strict=False)
            else:
                c = _weekday_before(pub, wd, strict=False)
            return _Cand(s, e, c, c, "day", tense, "weekday", weekday=wd)
        if g("the"):
            day = int(g("then"))
            if not 1 <= day <= 31:
                return None
            if not pub:
                return unknown()
            planned = self.clause_tense(m.start()) == PLANNED
            for k in ((0, 1, 2) if planned else (0, -1, -2)):
                y, mo = _shift_month(pub.year, pub.month, k)
                c = _safe_date(y, mo, day)
                if c and ((planned and c >= pub) or (not planned and c <= pub)):
                    return _Cand(s, e, c, c, "day", None, "rel")
            return None
        return None

    def holiday(self, m: re.Match) -> _Cand | None:
        spec = self.lx.holiday_of.get(_sub(m.group("h")))
        if spec is None:
            return None
        cal, mo, day, days = spec
        d = _dir_word(self.lx, _sub(m.group("dir")))
        before = _word_before(self.t, m.start(), 2)
        name_first = _sub(m.group("h")).split(" ")[0]
        if not (d or m.group("y")) and name_first not in self.lx.sets["holiday_before"]:
            # «خلال عيد الفطر» is a date; «مراسيم زيارة الأربعين» names the occasion only
            clitic = m.group(0)[:m.start("h") - m.start()]
            words = [w for w in before[-1:]] + [" ".join(before[-2:])] if before else []
            if not (clitic in ("ب", "وب", "فب") or any(
                    st in self.lx.sets["holiday_before"] for w in words for st in _stems(w))):
                return None
        # «عشية عيد الميلاد», "on the eve of Eid": the day before
        eve = bool(before) and (before[-1] in ("عشيه", "ليله") or before[-2:] == ["eve", "of"])
        eve = eve and name_first not in ("ليله", "عشيه")
        eve_start = self.t.rfind(before[-2] if before[-1] == "of" else before[-1], 0, m.start()) if eve else -1
        tense = _dir_tense(d)
        s, e = (eve_start if eve and eve_start >= 0 else m.start()), m.end()

        def occurrence(y: int) -> tuple[date, date] | None:
            if cal == "hijri":
                g = _hijri_to_gregorian(y, mo, day)
                return (g, g + timedelta(days=days)) if g else None  # + the moon-sighting day
            g = _safe_date(y, mo, day)
            return (g, g + timedelta(days=days - 1)) if g else None

        if m.group("y"):
            y = int(m.group("y"))
            is_hijri_year = cal == "hijri" and (bool(m.group("hm")) or 1300 <= y <= 1500)
            if cal == "hijri" and not is_hijri_year:
                # «عيد الفطر 2024»: the Gregorian year it falls in
                hy = _gregorian_to_hijri_year(date(y, 6, 30))
                occ = [o for o in (occurrence(hy - 1), occurrence(hy), occurrence(hy + 1)) if o and o[0].year == y]
                span = occ[0] if occ else None
            else:
                span = occurrence(y)
            if span is None:
                return None
            if eve:
                span = (span[0] - timedelta(days=1), span[0] - timedelta(days=1))
            return _Cand(s, e, span[0], span[1], "day", tense, "abs")
        if not self.pub:
            return _Cand(s, e, None, None, "unknown", tense, "rel")
        base = _gregorian_to_hijri_year(self.pub) if cal == "hijri" else self.pub.year
        occs = [o for o in (occurrence(base - 1), occurrence(base), occurrence(base + 1)) if o]
        if not occs:
            return None
        if d == "past":
            cands = [o for o in occs if o[1] < self.pub] or occs[:1]
            span = cands[-1]
        elif d == "future" or self.clause_tense(s) == PLANNED:
            cands = [o for o in occs if o[1] >= self.pub] or occs[-1:]
            span = cands[0]
        else:
            span = min(occs, key=lambda o: min(abs((o[0] - self.pub).days), abs((o[1] - self.pub).days)))
        if eve:
            span = (span[0] - timedelta(days=1), span[0] - timedelta(days=1))
        return _Cand(s, e, span[0], span[1], "day", tense, "rel")

    def quarter(self, m: re.Match) -> _Cand | None:
        q = self.lx.quarter_of.get(_sub(m.group("q")))
        if q is None:
            return None
        tense = None
        if m.group("y"):
            y = int(m.group("y"))
        else:
            if m.group("endir"):
                d = {"this": "current", "the": "current", "last": "past", "next": "future"}[m.group("endir")]
            else:
                d = _dir_word(self.lx, _sub(m.group("dir"))) or "current"
            tense = _dir_tense(d)
            if not self.pub:
                return _Cand(m.start(), m.end(), None, None, "unknown", tense, "rel")
            y = self.pub.year + {"past": -1, "future": 1}.get(d, 0)
        kind = "rel" if tense or not m.group("y") else "abs"
        if q > 10:  # a half year
            h = q - 10
            return _Cand(m.start(), m.end(), date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "year", tense, kind)
        ds, de = date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        return _Cand(m.start(), m.end(), ds, de, "season", tense, kind)

    def _ago(self, s: int, e: int, unit: str, n: int) -> _Cand:
        pub = self.pub
        assert pub is not None
        if unit == "hour":
            # «قبل ساعات», "three hours ago": today, or yesterday when it crossed midnight
            return _Cand(s, e, pub - timedelta(days=max(1, math.ceil(n / 24))), pub, "day", PAST, "rel")
        if unit == "day":
            c = pub - timedelta(days=n)
            return _Cand(s, e, c, c, "day", PAST, "rel")
        if unit == "week":
            c = pub - timedelta(days=7 * n)
            return _Cand(s, e, c - timedelta(days=3), min(pub, c + timedelta(days=3)), "week", PAST, "rel")
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            c = date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1]))
            return _Cand(s, e, c - timedelta(days=15), min(pub, c + timedelta(days=15)), "month", PAST, "rel")
        y = pub.year - n
        return _Cand(s, e, date(y, 1, 1), date(y, 12, 31), "year", PAST, "rel")




def _stems(word: str) -> list[str]:
    """The word and the word without و/ف/ب/ل/ك proclitics (for context checks)."""
    out = [word]
    for p in ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك"):
        if word.startswith(p) and len(word) > len(p) + 1:
            out.append(word[len(p):])
    return out


def _tense_norm(lx: Lexicon, norm_sentence: str) -> str:
    if lx.patterns["planned"].search(norm_sentence):
        return PLANNED
    if lx.patterns["ongoing"].search(norm_sentence):
        return ONGOING
    return PAST


def tense_of(sentence: str, *, lexicon: Lexicon | None = None) -> str:
    """'planned' (المقبل, سيعقد, سوف, من المقرر, "will", "is scheduled", "plans to"), 'ongoing'
    (لا يزال, تتعرض, مستمر, "continues", "remains") or 'past' — in that order of precedence."""
    lx = lexicon or load_lexicon()
    return _tense_norm(lx, normalize_with_index(sentence or "").text)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest non-overlapping candidates, in text order.

    Candidates are swept into clusters of mutually reachable overlaps first, so the quadratic
    choice only ever runs inside a cluster (a handful of candidates), not over the whole text.
    """
    out: list[_Cand] = []
    cluster: list[_Cand] = []
    cluster_end = -1

    def flush() -> None:
        kept: list[_Cand] = []
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


def _agrees(day_word: _Cand, dated: _Cand) -> bool:
    """«يوم الجمعة ٩ ايلول ٢٠٢٢» is one date only when 9 September 2022 is a Friday."""
    assert dated.ds is not None and dated.de is not None
    days = {dated.ds + timedelta(days=i) for i in range((dated.de - dated.ds).days + 1)}
    if day_word.weekday is not None:
        return any(d.weekday() == day_word.weekday for d in days)
    return day_word.ds is None or day_word.ds in days


def _merge(f: _Finder, cands: list[_Cand]) -> list[_Cand]:
    """Join «14 رمضان 1445 هـ الموافق 24 آذار 2024», «يوم الجمعة ٩ ايلول ٢٠٢٢», and «منذ …»."""
    lx, t = f.lx, f.t
    out: list[_Cand] = []
    for c in cands:
        if out:
            prev = out[-1]
            gap = t[prev.end:c.start]
            if lx.patterns["equiv_gap"].match(gap) and prev.ds is not None or (
                    lx.patterns["equiv_gap"].match(gap) and c.ds is not None):
                # prefer the Gregorian side of an equivalence; keep the finer precision
                greg = c if c.calendar == "gregorian" and c.ds is not None else prev
                other = prev if greg is c else c
                if greg.ds is None:
                    greg = other
                prec = greg.precision
                ds, de = greg.ds, greg.de
                if other.ds and greg.ds and other.precision == "day" and greg.precision == "year" \
                        and greg.ds <= other.ds <= greg.de:
                    ds, de, prec = other.ds, other.de, "day"
                out[-1] = _Cand(prev.start, c.end, ds, de, prec, prev.tense or c.tense, "abs", "gregorian")
                continue
            rg = lx.patterns["range_gap"].match(gap)
            if rg and prev.kind in ("abs", "rel") and c.kind in ("abs", "rel") and prev.precision == c.precision == "day" and prev.ds and c.ds \
                    and prev.de < c.ds <= prev.ds + timedelta(days=366) and (
                        _sub(rg.group("j")) in lx.sets["range_until"]
                        or lx.patterns["range_open"].search(t, max(0, prev.start - 20), prev.start)):
                # «ما بين 30 يوليو و5 أغسطس», "from July 30 to August 5": one span
                out[-1] = _Cand(prev.start, c.end, prev.ds, c.de, "day", prev.tense or c.tense, "abs", prev.calendar)
                continue
            if (prev.kind in ("weekday", "relday") and c.kind in ("abs", "hijri", "rel") and c.precision == "day"
                    and lx.patterns["adjacent_gap"].match(gap)) and c.ds is not None and _agrees(prev, c):
                out[-1] = _Cand(prev.start, c.end, c.ds, c.de, "day", prev.tense or c.tense, "abs", c.calendar)
                continue
            if (prev.kind == "weekday" and c.kind == "weekday" and prev.weekday is not None and c.weekday is not None
                    and lx.patterns["list_gap"].match(gap)):
                first = prev.first_weekday if prev.first_weekday is not None else prev.weekday
                span = (c.weekday - first) % 7
                if 0 < span <= 3 and (c.weekday - prev.weekday) % 7 <= 2:
                    # "on Thursday, Friday, and Saturday", «ليل الجمعة/السبت»: consecutive days,
                    # anchored on the last one as resolved (on/before publication, or after if planned)
                    ds = c.de - timedelta(days=span) if c.de else None
                    merged = _Cand(prev.start, c.end, ds, c.de, "day" if c.de else "unknown", prev.tense or c.tense,
                                   "weekday", weekday=c.weekday)
                    merged.first_weekday = first
                    out[-1] = merged
                    continue
        out.append(c)
    # «منذ آب الماضي», "since 2019": an open span from that date up to publication.
    for i, c in enumerate(out):
        if c.kind in ("vague", "anaphor") or c.ds is None:
            continue
        m = lx.patterns["since_before"].search(t, max(0, c.start - 12), c.start)
        if m and m.end() == c.start:
            de = f.pub if f.pub and f.pub >= c.ds else c.de
            out[i] = _Cand(m.start("since"), c.end, c.ds, de, c.precision, ONGOING, c.kind, c.calendar)
    return out


_RELATIVE_SIGNS = {"before_that": -1, "after_that": 1, "after_named": -1, "before_named": 1}
_RELATIVE_DATES = {"before_that": "previous", "after_that": "previous", "after_named": "named", "before_named": "named"}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7}


def _event_relative_patterns(lx: Lexicon, raw: dict) -> list[tuple[re.Pattern, int, str]]:
    """One regex per `event_relative` template, with groups ``n`` (a number) and ``u`` (a unit)."""
    units = [w for u in _UNIT_DAYS for w in raw["units"][u]]
    nums = _alt([w for lang in ("ar", "en") for ws in raw["number_words"][lang].values() for w in ws])
    count = rf"(?:(?P<n>\d{{1,3}}|{nums})\s*)?(?P<u>{_alt(units)})"
    out = []
    for kind, sign in _RELATIVE_SIGNS.items():
        for template in raw["event_relative"].get(kind, []) or []:
            head, _, tail = _norm_word(template).partition("{n}")
            glued = head.endswith("ب")  # «ب{n}»: «بيومين», «بـ24 ساعة»
            left = _alt([head[:-1]]) + r"\s*ب\s*" if glued else (_alt([head.strip()]) + r"\s+" if head.strip() else "")
            right = r"\s+" + _alt([tail.strip()]) if tail.strip() else ""
            out.append((re.compile(rf"{_L}[وف]?{left}{count}{right}{_R}"), sign, _RELATIVE_DATES[kind]))
    return out


def _relative_offset(lx: Lexicon, m: re.Match, sign: int) -> int | None:
    """Days from the happening an `event_relative` match counts from (None for a vague count)."""
    unit = lx.unit_of.get(_sub(m.group("u")) or "")
    if unit not in _UNIT_DAYS:
        return None
    n_text = _sub(m.group("n"))
    if n_text is None:
        n = 2 if _sub(m.group("u")) in lx.sets["dual_units"] else 1
    else:
        n = int(n_text) if n_text.isdigit() else lx.number_of.get(n_text, 0)
    if n <= 0:
        return None
    return sign * int(n * _UNIT_DAYS[unit] + 1e-9)


def _relative_candidates(lx: Lexicon, t: str) -> list[_Cand]:
    """Anaphor candidates of the `event_relative` templates, tried around each unit word."""
    out: dict[tuple[int, int], _Cand] = {}
    for um in lx.patterns["relative_unit"].finditer(t):
        lo, hi = max(0, um.start() - 40), min(len(t), um.end() + 30)
        for rx, sign, dates_what in lx.relative_patterns:
            for m in rx.finditer(t, lo, hi):
                off = _relative_offset(lx, m, sign)
                if off is not None and (m.start(), m.end()) not in out:
                    out[(m.start(), m.end())] = _Cand(m.start(), m.end(), None, None, "unknown", None, "anaphor",
                                                      offset=off, counts_from=dates_what)
    return list(out.values())


def _guarded(fn: Any, *args: Any) -> _Cand | None:
    """A candidate, or None when its date falls outside what ``datetime.date`` can hold
    (year 0, a publication date in year 1 or 9999): one odd expression never stops the text."""
    try:
        return fn(*args)
    except (ValueError, OverflowError):
        return None


def _resolve_anaphors(cands: list[_Cand]) -> list[_Cand]:
    """«في اليوم التالي», "the same day": the previous day-precision date of the text, shifted."""
    last: _Cand | None = None
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


def find_dates(text: str, published: date | datetime | str | None = None, *,
               lexicon: Lexicon | None = None) -> list[DateMention]:
    """Every date expression of ``text``, in text order, with offsets into ``text``.

    Relative expressions (أمس, الخميس الماضي, 22 نيسان الماضي, "last week") are resolved
    against ``published``; without it they are reported with no dates and precision 'unknown'.
    """
    if not text:
        return []
    if isinstance(published, datetime):
        published = published.date()
    elif isinstance(published, str):
        published = parse_date(published)  # be lenient: "2024-04-26" works too
    lx = lexicon or load_lexicon()
    norm = normalize_with_index(text)
    t = norm.text
    f = _Finder(lx, t, text, norm.index, published)
    p = lx.patterns
    cands: list[_Cand] = []
    # Skip whole families that cannot match: no digits, no Latin letters (most Arabic articles).
    has_digit = _DIGIT.search(t) is not None
    has_latin = _LATIN.search(t) is not None
    families = [("ar_date", f.ar_date), ("quarter", f.quarter), ("holiday", f.holiday)]
    if has_latin:
        families.append(("en_date", f.en_date))
    if has_digit:
        if _NUMERIC_HINT.search(t):
            families.append(("numeric", f.numeric))
        families.append(("year", f.year))
    for name, fn in families:
        for m in p[name].finditer(t):
            c = _guarded(fn, m)
            if c is not None:
                cands.append(c)
    if has_digit:
        for g in _CLITIC_DIGIT.finditer(t):
            m = p["ar_date_at"].match(t, g.end() - 1)
            c = _guarded(f.ar_date, m) if m and (m.group("mon") or m.group("relmon")) else None
            if c is not None:
                cands.append(c)
    for m in p["rel_ar"].finditer(t):
        c = _guarded(f.rel, m, "ar")
        if c is not None:
            cands.append(c)
    for m in p["anaphor"].finditer(t):
        off = lx.anaphor_of.get(_sub(m.group("a")))
        if off is not None:
            cands.append(_Cand(m.start(), m.end(), None, None, "unknown", None, "anaphor", offset=off))
    cands.extend(_relative_candidates(lx, t))
    if has_latin:
        for m in p["rel_en"].finditer(t):
            c = _guarded(f.rel, m, "en")
            if c is not None:
                cands.append(c)
    out = []
    for c in _resolve_anaphors(_merge(f, _select(cands))):
        before = _word_before(t, c.start, 2)
        if any(s in lx.sets["birth_words"] for w in before for s in _stems(w)):
            continue  # «من مواليد 12 أيار 1980», "born on 12 May 1980": not the date of an event
        if c.kind != "vague":
            # the preposition belongs to the date words («في 22 نيسان», «بتاريخ 19 يوليو», "In August")
            pm = _PREP_BEFORE.search(t, max(0, c.start - 16), c.start)
            if pm:
                c.start = pm.start("p")
        s, e = norm.span(c.start, c.end)
        # keep a trailing tatweel/tanwin («هـ», «غداً») and the ")" that closes a "(" inside
        while e < len(text) and text[e] in _TRAILING:
            e += 1
        if e < len(text) and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
            e += 1
        if c.ds is not None and c.de is not None and c.de < c.ds:
            c.ds, c.de = c.de, c.ds
        if not (date_in_range(c.ds) and date_in_range(c.de)):
            continue  # «31 ديسمبر 9999»: outside the dates an event can have (events.schema), not a date
        out.append(DateMention(s, e, text[s:e], c.ds, c.de, c.precision if c.ds else "unknown", c.tense,
                               *((c.offset, c.counts_from) if c.kind == "anaphor" and c.ds is None else (None, None))))
    return out


_DIGIT = re.compile(r"\d")
_CLITIC_DIGIT = re.compile(r"(?<![\w])[وف]\d")
_HIJRI_AFTER = re.compile(r"\s*(?:ه|هجري|هجريه|للهجره)(?![\w])")
_PREP_BEFORE = re.compile(r"(?:^|(?<![\w]))[وف]?(?P<p>في|بتاريخ|خلال|in|on|during)\s+$")
_LATIN = re.compile(r"[a-z]")
_NUMERIC_HINT = re.compile(r"\d[-/.]\d")
_TRAILING = frozenset(chr(c) for c in range(0x064B, 0x0653)) | {"\u0640", "\u0670"}

_COMPACT_RE = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")


def parse_date(text: str | date | None) -> date | None:
    """A standalone date string (a publication line) to a date, or None when it holds no full day.

    ISO ``2024-04-26`` (with or without a time), ``26th, April 2024 GMT``, ``April 26, 2024``,
    ``26 أبريل 2024``, ``٢٦ نيسان ٢٠٢٤``, ``13/12/2022`` (day/month/year), ``2024/04/26``.
    Never today's date, never a guess: a month or a year alone gives None.
    """
    if isinstance(text, date):
        return text
    if text is None or not str(text).strip():
        return None
    text = str(text)
    m = _COMPACT_RE.match(normalize(text))
    if m:  # 20240426
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ISO_RE.match(normalize(text))
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d if date_in_range(d) else None
    for mention in find_dates(text, None):
        if mention.precision == "day" and mention.date_start is not None:
            return mention.date_start
    return None
