"""find_dates, tense_of and parse_date: scan every family, select, merge, map back to the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from events.dates import absolute, yearly
from events.dates.calendars import safe_date
from events.dates.context import Cand, Context, stems, sub, tense_norm, word_before
from events.dates.lexicon import Lexicon, default_lexicon
from events.dates.relative import relative
from events.dates.select import merge, relative_candidates, resolve_anaphors, select
from events.schema import date_in_range
from geo.arabic import normalize, normalize_with_index

_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[a-z]")
_NUMERIC_HINT = re.compile(r"\d[-/.]\d")
_TRAILING = frozenset(chr(c) for c in range(0x064B, 0x0653)) | {"\u0640", "\u0670"}

_COMPACT_RE = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")


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


def _guarded(fn: Callable[..., Cand | None], *args: object) -> Cand | None:
    """A candidate, or None when its date falls outside what ``datetime.date`` can hold
    (year 0, a publication date in year 1 or 9999): one odd expression never stops the text."""
    try:
        return fn(*args)
    except (ValueError, OverflowError):
        return None


def _scan(name: str, resolve: Callable[..., Cand | None], *extra: str) -> Callable[[Context], Iterator[Cand]]:
    """A family read by one pattern: every match of ``patterns[name]`` through its resolver."""
    def scan(f: Context) -> Iterator[Cand]:
        for m in f.lx.patterns[name].finditer(f.t):
            c = _guarded(resolve, f, m, *extra)
            if c is not None:
                yield c
    return scan


def _clitic_dates(f: Context) -> Iterator[Cand]:
    """«و5 أغسطس»: an Arabic date right after a clitic glued to its day number."""
    for g in f.lx.patterns["clitic_digit"].finditer(f.t):
        m = f.lx.patterns["ar_date_at"].match(f.t, g.end() - 1)
        c = _guarded(absolute.ar_date, f, m) if m and (m.group("mon") or m.group("relmon")) else None
        if c is not None:
            yield c


def _anaphors(f: Context) -> Iterator[Cand]:
    """«في اليوم التالي», "the same day": dated later from the date before them."""
    for m in f.lx.patterns["anaphor"].finditer(f.t):
        off = f.lx.anaphor_of.get(sub(m.group("a")))
        if off is not None:
            yield Cand(m.start(), m.end(), None, None, "unknown", None, "anaphor", offset=off)


def _counted_from_happenings(f: Context) -> Iterator[Cand]:
    """«وقبل ذلك بيومين», "two days later": the `event_relative` templates."""
    yield from relative_candidates(f.lx, f.t)


# The families, in the order their candidates are collected (among equal spans the first
# wins), with what a text needs for the family to be tried at all: "" always, "latin" a Latin
# letter, "digit" a digit, "numeric" a digit-separator-digit.
FAMILIES: tuple[tuple[str, Callable[[Context], Iterator[Cand]]], ...] = (
    ("", _scan("ar_date", absolute.ar_date)),
    ("", _scan("quarter", yearly.quarter)),
    ("", _scan("holiday", yearly.holiday)),
    ("latin", _scan("en_date", absolute.en_date)),
    ("numeric", _scan("numeric", absolute.numeric)),
    ("digit", _scan("year", yearly.year)),
    ("digit", _clitic_dates),
    ("", _scan("rel_ar", relative, "ar")),
    ("", _anaphors),
    ("", _counted_from_happenings),
    ("latin", _scan("rel_en", relative, "en")),
)


def _candidates(f: Context) -> list[Cand]:
    """Every family's candidates; whole families that cannot match are skipped (most Arabic
    articles have no Latin letters)."""
    has_digit = _DIGIT.search(f.t) is not None
    present = {"": True, "latin": _LATIN.search(f.t) is not None, "digit": has_digit,
               "numeric": has_digit and _NUMERIC_HINT.search(f.t) is not None}
    return [c for needs, family in FAMILIES if present[needs] for c in family(f)]


def _mention(f: Context, c: Cand, text: str, span: Callable[[int, int], tuple[int, int]]) -> DateMention | None:
    """The mention of a selected candidate in the original text, or None when it is no date."""
    lx, t = f.lx, f.t
    before = word_before(t, c.start, 2)
    if any(s in lx.sets["birth_words"] for w in before for s in stems(lx, w)):
        return None  # «من مواليد 12 أيار 1980», "born on 12 May 1980": not the date of an event
    if c.kind != "vague":
        # the preposition belongs to the date words («في 22 نيسان», «بتاريخ 19 يوليو», "In August")
        pm = lx.patterns["prep_before"].search(t, max(0, c.start - 16), c.start)
        if pm:
            c.start = pm.start("p")
    s, e = span(c.start, c.end)
    # keep a trailing tatweel/tanwin («هـ», «غداً») and the ")" that closes a "(" inside
    while e < len(text) and text[e] in _TRAILING:
        e += 1
    if e < len(text) and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
        e += 1
    if c.ds is not None and c.de is not None and c.de < c.ds:
        c.ds, c.de = c.de, c.ds
    if not (date_in_range(c.ds) and date_in_range(c.de)):
        return None  # «31 ديسمبر 9999»: outside the dates an event can have (events.schema), not a date
    return DateMention(s, e, text[s:e], c.ds, c.de, c.precision if c.ds else "unknown", c.tense,
                       *((c.offset, c.counts_from) if c.kind == "anaphor" and c.ds is None else (None, None)))


def find_dates(text: str, published: date | datetime | str | None = None, *,
               lexicon: Lexicon | None = None) -> list[DateMention]:
    """Every date expression of ``text``, in text order, with offsets into ``text``.

    Relative expressions (أمس, الخميس الماضي, 22 نيسان الماضي, "last week") are resolved
    against ``published``; without it they are reported with no dates and precision 'unknown'.
    ``lexicon`` (from :func:`load_lexicon`) replaces the default words of dates.yaml.
    """
    if not text:
        return []
    if isinstance(published, datetime):
        published = published.date()
    elif isinstance(published, str):
        published = parse_date(published)  # be lenient: "2024-04-26" works too
    lx = lexicon or default_lexicon()
    norm = normalize_with_index(text)
    f = Context(lx, norm.text, text, norm.index, published)
    out = []
    for c in resolve_anaphors(merge(f, select(_candidates(f)))):
        mention = _mention(f, c, text, norm.span)
        if mention is not None:
            out.append(mention)
    return out


def tense_of(sentence: str, *, lexicon: Lexicon | None = None) -> str:
    """'planned' (المقبل, سيعقد, سوف, من المقرر, "will", "is scheduled", "plans to"), 'ongoing'
    (لا يزال, تتعرض, مستمر, "continues", "remains") or 'past' — in that order of precedence."""
    return tense_norm(lexicon or default_lexicon(), normalize_with_index(sentence or "").text)


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
        return safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ISO_RE.match(normalize(text))
    if m:
        d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d if date_in_range(d) else None
    for mention in find_dates(text, None):
        if mention.precision == "day" and mention.date_start is not None:
            return mention.date_start
    return None
