"""Loading dates.yaml: check its sections, normalize its words into lookup tables, compile the grammar."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from events.dates.grammar import compile_patterns, event_relative_patterns, flat, norm_word
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_sections

LEXICON_PATH = lexicon_path("dates.yaml")

REQUIRED_SECTIONS = (
    "months", "ambiguous_months", "month_word", "gregorian_markers", "hijri_markers", "equivalence",
    "weekdays", "ambiguous_weekdays", "ambiguous_weekday_cues", "day_word", "past_words", "future_words", "current_words",
    "en_past", "en_future", "en_current", "relative_days", "day_parts_ar", "day_parts_en", "units",
    "dual_units", "ago_words_ar", "calendar_units", "number_words", "ordinal_days", "month_parts",
    "seasons", "year_words", "year_prepositions", "year_blockers", "count_nouns", "vague",
    "today_name_before", "today_name_after", "since_words", "name_heads", "tense", "birth_words",
    "numeric_day_before", "general_heads", "quarters", "future_verbs", "anaphoric_days", "holidays",
    "holiday_before", "halves", "event_relative", "range_openers", "range_joiners", "range_until",
    "year_nouns", "season_year", "weekday_numbers", "clitics", "this_word", "of_words", "holiday_year",
    "day_month_directions", "span_joiners", "list_joiners", "rolling_directions", "dual_endings", "single_units",
    "ago_blockers_after", "that_day_before", "week_of_month", "eve_words", "numeric_hijri_markers", "bc_markers",
    "mention_prepositions", "vague_ahead", "year_blockers_adjacent", "future_forms", "today_words",
    "the_words", "ordinal_suffixes", "ago_words_en", "plural_suffix_en", "rolling_prepositions_en",
    "rolling_directions_en", "calendar_modifiers_en", "calendar_directions_en", "rolling_window_en",
    "calendar_this_en", "season_directions_en", "weekday_modifiers_en", "weekday_directions_en", "on_words_en",
    "this_month_en", "quarter_directions_en", "month_directions_en", "month_cues_en", "progressive_en",
)

# The word lists read as sets (membership tests on normalized words).
SET_SECTIONS = (
    "ambiguous_months", "ambiguous_weekdays", "dual_units", "year_blockers", "count_nouns",
    "today_name_before", "today_name_after", "name_heads", "year_prepositions", "since_words",
    "birth_words", "numeric_day_before", "general_heads", "hijri_markers", "holiday_before", "range_until",
    "this_word", "single_units", "ago_blockers_after", "that_day_before", "weekday_numbers", "week_of_month",
    "eve_words", "year_blockers_adjacent", "today_words", "rolling_window_en", "month_directions_en", "month_cues_en",
)


@dataclass
class Lexicon:
    """The date words of dates.yaml, normalized, with lookup tables and compiled patterns."""

    raw: dict
    month_of: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (calendar, n)
    weekday_of: dict[str, int] = field(default_factory=dict)
    relday_of: dict[str, int] = field(default_factory=dict)
    relday_days: dict[str, int] = field(default_factory=dict)  # "overnight": two days from its offset
    relday_then: dict[str, frozenset[str]] = field(default_factory=dict)  # the words that may follow it
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
    proclitics: tuple[str, ...] = ()  # stripped from a context word: «وب», «و», «ك» …
    dual_endings: tuple[str, ...] = ()
    plural_suffixes: tuple[str, ...] = ()  # "days": a plural English unit
    modifier_of: dict[str, str] = field(default_factory=dict)  # "earlier" -> to_publication
    patterns: dict[str, re.Pattern] = field(default_factory=dict)
    relative_patterns: list[tuple[re.Pattern, int, str]] = field(default_factory=list)  # (pattern, sign, what it dates)


@cached(LEXICON_PATH)
def load_lexicon(path: Path) -> Lexicon:
    """Read and compile a date lexicon (cached on the file); ``path`` defaults to ``dates.yaml``."""
    return _build_lexicon(path)


def default_lexicon() -> Lexicon:
    """The lexicon of data/lexicons/dates.yaml (read again when the file changes)."""
    return load_lexicon()


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


def _read(path: Path) -> dict:
    """The YAML mapping of ``path`` with every required section present."""
    return read_sections(path, "date lexicon", REQUIRED_SECTIONS)


def _build_lexicon(path: Path) -> Lexicon:
    raw = _read(path)
    raw["months"] = {"cldr": cldr_months(tuple(raw.get("cldr_months") or ())), **raw["months"]}
    lx = Lexicon(raw=raw)
    _number_tables(lx, raw)
    _word_tables(lx, raw, path)
    for key in SET_SECTIONS:
        lx.sets[key] = frozenset(norm_word(w) for w in raw[key])
    lx.sets["vague"] = frozenset(norm_word(w) for w in flat(raw["vague"]))
    _clitic_tables(lx, raw)
    lx.patterns = compile_patterns(raw)
    lx.relative_patterns = event_relative_patterns(raw)
    return lx


def _clitic_tables(lx: Lexicon, raw: dict) -> None:
    """The proclitics a context word is compared without, and the forms of the glued ب."""
    cl = raw["clitics"]
    conj, preps = [norm_word(c) for c in cl["conjunctions"]], [norm_word(p) for p in cl["prepositions"]]
    lx.proclitics = tuple([c + p for c in conj for p in preps] + conj + preps + [norm_word(o) for o in cl["others"]])
    in_ = norm_word(cl["in"])
    lx.sets["in_clitics"] = frozenset([in_] + [c + in_ for c in conj])
    lx.dual_endings = tuple(norm_word(e) for e in raw["dual_endings"])
    lx.plural_suffixes = tuple(norm_word(e) for e in raw["plural_suffix_en"])
    lx.modifier_of = {norm_word(w): str(role) for w, role in raw["calendar_modifiers_en"].items()}


def _number_tables(lx: Lexicon, raw: dict) -> None:
    """The tables from a word to a number: months, weekdays, day offsets, ordinals, numbers."""
    for cal, months in raw["months"].items():
        for n, names in months.items():
            for w in names:
                lx.month_of.setdefault(norm_word(w), (cal, int(n)))
    for lang in ("ar", "en"):
        for n, names in raw["weekdays"][lang].items():
            for w in names:
                lx.weekday_of[norm_word(w)] = int(n)
    for lang in ("ar", "en"):
        for entry in raw["relative_days"][lang]:
            for w in entry["words"]:
                lx.relday_of[norm_word(w)] = int(entry["offset"])
                lx.relday_days[norm_word(w)] = int(entry.get("days", 1))
                if "followed_by" in entry:
                    lx.relday_then[norm_word(w)] = frozenset(norm_word(x) for x in entry["followed_by"])
    for key, off in (("same", 0), ("next", 1), ("previous", -1)):
        for w in raw["anaphoric_days"][key]:
            lx.anaphor_of[norm_word(w)] = off
    for n, names in raw["ordinal_days"].items():
        for w in names:
            lx.ordinal_of[norm_word(w)] = int(n)
    for lang in ("ar", "en"):
        for n, names in raw["number_words"][lang].items():
            for w in names:
                lx.number_of[norm_word(w)] = int(n)
    for q, names in raw["quarters"].items():
        for w in names:
            lx.quarter_of[norm_word(w)] = int(q)
    for q, names in raw["halves"].items():
        for w in names:
            lx.quarter_of[norm_word(w)] = 10 + int(q)  # 11, 12: first and second half


def _word_tables(lx: Lexicon, raw: dict, path: Path) -> None:
    """The tables from a word to a name: units, parts, holidays, seasons, directions."""
    for unit, names in raw["units"].items():
        for w in names:
            lx.unit_of[norm_word(w)] = unit
    for part, names in raw["month_parts"].items():
        for w in names:
            lx.part_of[norm_word(w).rstrip("-")] = part
    for i, h in enumerate(raw["holidays"]):
        try:
            spec = (str(h["calendar"]), int(h["month"]), int(h["day"]), int(h["days"]))
            names = list(h["names"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"{path}: holidays entry {i + 1} needs names, calendar, month, day, days ({exc})") from exc
        for w in names:
            lx.holiday_of[norm_word(w)] = spec
    for season, names in raw["seasons"].items():
        for w in names:
            lx.season_of[norm_word(w)] = season
    for unit, names in raw["calendar_units"].items():
        for w in names:
            lx.calunit_of[norm_word(w)] = unit
    for key, d in (("past_words", "past"), ("future_words", "future"), ("current_words", "current"),
                   ("en_past", "past"), ("en_future", "future"), ("en_current", "current")):
        for w in raw[key]:
            lx.direction_of[norm_word(w)] = d
