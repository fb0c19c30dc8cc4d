"""The date grammar: regexes built from the words of dates.yaml, one per family of expressions.

Everything matches ``geo.arabic.normalize`` text (one folded spelling, ASCII digits, lower-case
Latin). Word lists become tries (:func:`alt`); the family patterns are assembled from them.
"""

from __future__ import annotations

import re
from typing import Any

from geo.arabic import normalize

L = r"(?<![\w])"
R = r"(?![\w])"
_ARABIC = re.compile("[\u0600-\u06ff]")

# Units a date counted from another happening may use, in days.
UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7}
RELATIVE_SIGNS = {"before_that": -1, "after_that": 1, "after_named": -1, "before_named": 1}
RELATIVE_DATES = {"before_that": "previous", "after_that": "previous", "after_named": "named", "before_named": "named"}


def norm_word(w: Any) -> str:
    """A lexicon word in the folded spelling the patterns match."""
    return normalize(str(w))


def flat(x: Any) -> list[str]:
    """Every word of a nested section (mappings and lists), in file order."""
    if isinstance(x, dict):
        return [w for v in x.values() for w in flat(v)]
    if isinstance(x, list):
        return [w for v in x for w in flat(v)]
    return [str(x)]


def ar_words(x: Any) -> list[str]:
    """The Arabic words of a section."""
    return [w for w in flat(x) if _ARABIC.search(w)]


def en_words(x: Any) -> list[str]:
    """The non-Arabic (English, Latin) words of a section."""
    return [w for w in flat(x) if not _ARABIC.search(w)]


def alt(words: Any, *, article: tuple[str, str] | None = None) -> str:
    """One regex of normalized words (spaces match any run of spaces), built as a trie.

    A trie («ا(?:ب|يار|…)») lets the regex engine reject a position after one character instead
    of trying every word in turn; with ~100 month, weekday and relative words per family this
    is what keeps find_dates near the cost of normalizing the text.
    With ``article`` (the article and the ل glued to it), «العام» also yields «للعام» (ل + ال
    loses its alef in writing).
    """
    out: set[str] = set()
    for w in words:
        n = norm_word(w)
        if not n:
            continue
        out.add(n)
        if article and n.startswith(article[0]):
            out.add(article[1] + n[1:])
    if not out:
        return "(?!)"  # no words match nothing (an empty alternation would match everywhere)
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


def _char_class(letters: list[str]) -> str:
    return "[" + "".join(re.escape(norm_word(c)) for c in letters) + "]"


def _clitic_pieces(raw: dict) -> dict[str, str]:
    """The clitics of dates.yaml as regex pieces: `CL` before a date word («وفي», «لشهر»), `conj`."""
    cl = raw["clitics"]
    conj = _char_class(cl["conjunctions"])
    return {
        "CL": rf"(?:{conj}?{_char_class(cl['prepositions'])}?)",
        "conj": conj,
        "art": alt([cl["article"]]),
        "in": alt([cl["in"]]),
        "li": alt([cl["li"]]),
    }


def _first_words(w: dict[str, str], words: list[str], digits: bool = False, extra: str = "") -> str:
    """A cheap lookahead: the position must start one of the words a family can begin with."""
    return rf"(?={w['CL']}(?:{alt(words)}{'|[0-9]' if digits else ''}{extra}))"


def _pieces(raw: dict) -> dict[str, str]:
    """The word alternations the family patterns are made of."""
    months = raw["months"]
    cl = raw["clitics"]
    article = (norm_word(cl["article"]), norm_word(cl["li"]) + norm_word(cl["article"])[1:])
    w = _clitic_pieces(raw)
    w.update({
        "mon_ar": alt(flat({k: v for k, v in months.items() if k != "english"})),
        "mon_en": alt(flat(months["english"])),
        "dirs": alt(list(raw["past_words"]) + list(raw["future_words"]) + list(raw["current_words"])),
        "past_future": alt(list(raw["past_words"]) + list(raw["future_words"])),
        "parts_ar": alt(ar_words(raw["month_parts"])),
        "parts_en": alt([x.rstrip("-") for x in en_words(raw["month_parts"])]),
        "ordinals": alt(flat(raw["ordinal_days"])),
        "markers": alt(list(raw["gregorian_markers"]) + list(raw["hijri_markers"])),
        "year_kw": alt(ar_words(raw["year_words"]), article=article),
        "year_en": alt(en_words(raw["year_words"])),
        "year_nouns": alt(raw["year_nouns"]),
        "season_year": alt(raw["season_year"]),
        "this": alt(raw["this_word"]),
        "day_word": alt(raw["day_word"]),
        "of_ar": alt(ar_words(raw["of_words"])),
        "of_en": alt(en_words(raw["of_words"])),
        "the_month": alt([norm_word(cl["article"]) + norm_word(x) for x in raw["month_word"]]),
        "day_month_dirs": alt(raw["day_month_directions"]),
        "span_ar": alt(ar_words(raw["span_joiners"])),
        "span_en": alt(en_words(raw["span_joiners"])),
        "rolling_dirs": alt(raw["rolling_directions"]),
        "holiday_year": alt(raw["holiday_year"]),
        "the": alt(raw["the_words"]),
        "nth": alt(raw["ordinal_suffixes"]),
        "on": alt(raw["on_words_en"]),
        "ago_en": alt(raw["ago_words_en"]),
        "roll_preps_en": alt(raw["rolling_prepositions_en"]),
        "roll_dirs_en": alt(raw["rolling_directions_en"]),
        "roll_units_en": alt([x for u in ("day", "week", "month", "year") for x in en_words(raw["units"][u])]),
        "cal_mods_en": alt(list(raw["calendar_modifiers_en"])),
        "cal_dirs_en": alt(raw["calendar_directions_en"]),
        "cal_this_en": alt(raw["calendar_this_en"]),
        "cal_part_units_en": alt(en_words([raw["calendar_units"]["month"], raw["calendar_units"]["year"]])),
        "season_dirs_en": alt(raw["season_directions_en"]),
        "wd_mods_en": alt(raw["weekday_modifiers_en"]),
        "wd_dirs_en": alt(raw["weekday_directions_en"]),
        "this_month_en": alt(raw["this_month_en"]),
        "quarter_dirs_en": alt(raw["quarter_directions_en"]),
        "wd_ar": alt(flat(raw["weekdays"]["ar"])),
        "wd_en": alt(flat(raw["weekdays"]["en"])),
        "dparts_ar": alt(raw["day_parts_ar"]),
        "dparts_en": alt(raw["day_parts_en"]),
        "rel_ar": alt([x for e in raw["relative_days"]["ar"] for x in e["words"]]),
        "rel_en": alt([x for e in raw["relative_days"]["en"] for x in e["words"]]),
        "seasons_ar": alt(ar_words(raw["seasons"])),
        "seasons_en": alt(en_words(raw["seasons"])),
        "seasons_all": alt(flat(raw["seasons"])),
        "num_ar": alt(flat(raw["number_words"]["ar"])),
        "num_en": alt(flat(raw["number_words"]["en"])),
        "units_ar": alt(ar_words(raw["units"])),
        "units_en": alt(en_words(raw["units"])),
        "ago_ar": alt(raw["ago_words_ar"]),
        "cal_ar": alt(ar_words(raw["calendar_units"]), article=article),
        "cal_en": alt(en_words(raw["calendar_units"])),
        "vague_ar": alt(raw["vague"]["ar"]),
        "vague_en": alt(raw["vague"]["en"]),
        "equiv": alt(raw["equivalence"]),
        "since": alt(raw["since_words"]),
        "month_word": alt(raw["month_word"], article=article),
    })
    w["year4"] = r"\d{4}(?!\d)"
    w["year_any"] = rf"(?:\d{{4}}(?!\d)|\d{{1,3}}(?=\s*{w['markers']}{R}))"
    w.update(_first_pieces(raw, w))
    return w


def _first_pieces(raw: dict, w: dict[str, str]) -> dict[str, str]:
    """The lookaheads that let each family skip positions where none of its words start."""
    months = raw["months"]
    units_all_ar = ar_words(raw["units"])
    ar_month_names = flat({k: v for k, v in months.items() if k != "english"})
    article = norm_word(raw["clitics"]["article"])
    return {
        "first_rel_ar": _first_words(
            w, list(raw["ago_words_ar"]) + units_all_ar + [article + norm_word(u) for u in units_all_ar]
            + ar_words(raw["calendar_units"]) + ar_words(raw["month_parts"]) + list(raw["this_word"]) + list(raw["day_word"])
            + ar_words(raw["seasons"]) + list(raw["day_parts_ar"])
            + [w for e in raw["relative_days"]["ar"] for w in e["words"]] + flat(raw["weekdays"]["ar"])
            + list(raw["vague"]["ar"])),
        "first_ar_date": _first_words(
            w, ar_words(raw["month_parts"]) + ar_words(raw["of_words"]) + flat(raw["ordinal_days"]) + list(raw["month_word"])
            + [article + norm_word(x) for x in raw["month_word"]] + ar_month_names, digits=True,
            extra=rf"|{w['art']}\s*[0-9]"),
        "first_year": _first_words(w, flat(raw["month_parts"]) + flat(raw["seasons"]) + flat(raw["year_words"])
                                   + list(raw["the_words"]), digits=True),
        "first_en_date": _first_words(w, en_words(raw["month_parts"]) + list(raw["the_words"]) + flat(months["english"]),
                                      digits=True),
        "first_rel_en": _first_words(
            w, flat(raw["number_words"]["en"]) + list(raw["rolling_prepositions_en"]) + list(raw["the_words"])
            + list(raw["calendar_modifiers_en"]) + list(raw["calendar_directions_en"]) + list(raw["weekday_modifiers_en"])
            + list(raw["weekday_directions_en"]) + list(raw["season_directions_en"]) + list(raw["on_words_en"])
            + [w for e in raw["relative_days"]["en"] for w in e["words"]] + flat(raw["weekdays"]["en"])
            + list(raw["vague"]["en"]), digits=True),
    }


def _numeric(w: dict[str, str]) -> str:
    """2024-04-26, 2024/04/26, 13/12/2022, (27/7/2024), 26.04.2024; «يوم 3/4» with a cue."""
    return (
        # starts with a digit class (not a lookbehind) so the engine can scan for it quickly
        r"(?=[0-9])(?:(?P<y1>[0-9](?<![\d/.\-][0-9])\d{3})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
        r"|(?P<d2>[0-9](?<![\d/.\-][0-9])\d?)(?P<s2>[-/.])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2}(?![\d/.\-]))"
        # «يوم 3/4», «3/4 الماضي»: day/month without a year, accepted only with such a cue
        rf"|(?P<d3>[0-9](?<![\d/.\-][0-9])\d?)/(?P<m3>\d{{1,2}})(?![\d/])(?:\s+(?P<dir3>{w['dirs']}))?)(?![\d/\-]|\.\d)")


def _ar_date(w: dict[str, str]) -> str:
    """Arabic month-name dates (Gregorian or Hijri), with an optional day, part, year, direction."""
    return (
        rf"(?<![\w/.\-]){w['first_ar_date']}(?:(?P<part>{w['parts_ar']})\s+)?"
        rf"(?:(?:{w['of_ar']}\s+)?(?:{w['art']}\s*)?(?P<day0>\d{{1,2}})\s*(?:-|–|{w['span_ar']})\s*)?"
        rf"(?:(?:{w['art']}\s*)?(?P<day>\d{{1,2}}(?!\d)|{w['ordinals']})(?:\s+{w['of_ar']}\s+|\s*[-/.]?\s*))?"
        rf"(?:(?P<mw>{w['CL']}{w['month_word']})\s+)?"
        rf"(?:(?P<relmon>{w['CL']}{w['the_month']}(?:\s+(?P<relmondir>{w['dirs']}))?|(?<=\d\s)(?P<relmondir2>{w['day_month_dirs']}))"
        rf"|{w['CL']}(?P<mon>{w['mon_ar']})"
        rf"(?:(?:\s*[/(\-]\s*|\s+)(?P<mon2>{w['mon_ar']})(?:\s*\))?)?)"
        rf"(?:\s*,?\s*(?:{w['of_ar']}\s+)?(?:{w['year_kw']}\s+)?(?P<year>{w['year_any']})(?:\s*(?P<mark>{w['markers']}){R})?"
        rf"|\s+(?:{w['of_ar']}\s+)?(?P<relyear>(?:{w['this']}\s+)?(?:{w['art']})?{w['year_nouns']}\s*(?P<relyeardir>{w['dirs']})?))?"
        rf"(?:\s+(?P<dir>{w['dirs']}))?{R}")


def _en_date(w: dict[str, str]) -> str:
    """English month-name dates: "April 26, 2024", "26th, April 2024", "early May", "Dec. 13"."""
    return (
        rf"{L}{w['first_en_date']}(?:(?P<part>{w['parts_en']})(?:\s*-\s*|\s+))?"
        rf"(?:(?P<day0>\d{{1,2}}){w['nth']}?\s*(?:-|–|{w['span_en']})\s*)?"
        rf"(?:(?:{w['the']}\s+)?(?P<day>\d{{1,2}}){w['nth']}?(?:\s+{w['of_en']})?(?:[\s,]+|-(?=[a-z])))?"
        rf"(?P<mon>{w['mon_en']})\.?(?:-(?=\d{{4}}))?"
        rf"(?:\s+(?:{w['the']}\s+)?(?P<day2>\d{{1,2}}){w['nth']}?(?![\d:])(?:\s*(?:-|–|{w['span_en']})\s*(?P<day3>\d{{1,2}})(?![\d:]))?)?"
        rf"(?:\s*,?\s*(?P<year>{w['year4']}))?{R}")


def _year(w: dict[str, str]) -> str:
    """«عام 2022», «في 2023», "in 2019", «صيف ٢٠٢٤», «مطلع العام 2025», "mid-2023",
    «سنة 61 للهجرة», «680 ميلادي», «بين عامي 2014 و2017»."""
    return (
        rf"{L}{w['first_year']}(?:(?P<part>{w['parts_ar']}|{w['parts_en']})(?:\s*-\s*|\s+))?"
        rf"(?:(?P<season>{w['seasons_all']})(?:\s+{w['of_en']})?\s+)?"
        rf"(?:(?P<kw>{w['year_kw']}|(?:{w['the']}\s+)?{w['year_en']})\s+)?"
        rf"(?P<year>{w['year_any']})(?![a-z])"
        rf"(?:\s*(?:-|–|/|\b{w['span_en']}\b|{w['span_ar']})\s*(?P<year2>{w['year4']}))?"
        rf"(?:\s*(?P<mark>{w['markers']}){R})?")


def _rel_ar(w: dict[str, str]) -> str:
    """Arabic relative expressions, one named group per family (see events.dates.relative)."""
    families = {
        "ago": rf"(?P<agow>{w['ago_ar']})\s+(?:(?P<agon>\d{{1,3}}|{w['num_ar']})\s+)?(?P<agou>{w['units_ar']})(?:\s+(?P<agon2>{w['num_ar']}))?",
        "roll": rf"(?:{w['art']})?(?P<rollu>{w['units_ar']})\s+(?:{w['art']})?(?:(?P<rolln>\d{{1,3}}|{w['num_ar']})\s+)?"
                rf"{w['rolling_dirs']}",
        "cal": rf"(?:(?P<calpart>{w['parts_ar']})\s+)?(?P<calu>{w['cal_ar']})(?:\s+(?P<caldir>{w['dirs']}))?",
        "cal2": rf"(?:(?P<cal2part>{w['parts_ar']})\s+)?{w['this']}\s+(?P<cal2u>{w['cal_ar']})",
        "seap": rf"(?P<seappart>{w['parts_ar']})\s+(?P<seapn>{w['seasons_ar']})(?:\s+(?P<seapdir>{w['dirs']}))?",
        "sea": rf"{w['CL']}(?P<sean>{w['seasons_ar']})\s+(?:(?P<seayr>{w['season_year']})\s*)?(?P<seadir>{w['dirs']})?",
        "rd": rf"(?:(?P<rdpart>{w['dparts_ar']})\s+)?(?:{w['day_word']}\s+)?{w['CL']}(?P<rdw>{w['rel_ar']})"
              rf"(?:\s*,?\s*(?:{w['day_word']}\s+)?(?P<rdwd>{w['wd_ar']}))?",
        "wd": rf"(?:(?P<wdpart>{w['dparts_ar']})\s+)?(?:(?P<wdday>{w['CL']}{w['day_word']})\s+)?{w['CL']}(?P<wdn>{w['wd_ar']})"
              rf"(?:\s+(?P<wddir>{w['past_future']}))?",
        "vague": rf"{w['CL']}{w['vague_ar']}",
    }
    return rf"{L}{w['first_rel_ar']}(?:" + "|".join(rf"(?P<{k}>{v})" for k, v in families.items()) + rf"){R}"


def _rel_en(w: dict[str, str]) -> str:
    """English relative expressions, one named group per family (see events.dates.relative)."""
    families = {
        "ago": rf"(?P<agon>\d{{1,3}}|{w['num_en']})\s+(?P<agou>{w['units_en']})\s+{w['ago_en']}",
        "roll": rf"(?:{w['roll_preps_en']}\s+)?{w['the']}\s+{w['roll_dirs_en']}\s+(?:(?P<rolln>\d{{1,3}}|{w['num_en']})\s+)?(?P<rollu>{w['roll_units_en']})",
        "cal": rf"(?:(?P<calmod>{w['cal_mods_en']})\s+)?(?P<caldir>{w['cal_dirs_en']})\s+(?P<calu>{w['cal_en']})",
        "calp": rf"(?:{w['the']}\s+)?(?P<calppart>{w['parts_en']})\s+{w['cal_this_en']}\s+(?P<calpu>{w['cal_part_units_en']})",
        "sea": rf"(?P<seadir>{w['season_dirs_en']})\s+(?P<sean>{w['seasons_en']})",
        "rd": rf"(?P<rdw>{w['rel_en']})(?:\s+(?P<rdpart>{w['dparts_en']}))?",
        "wd": rf"(?:{w['wd_mods_en']}\s+(?:{w['on']}\s+)?)?(?:(?P<wddir>{w['wd_dirs_en']})\s+)?(?P<wdn>{w['wd_en']})(?:\s+(?P<wdpart>{w['dparts_en']}))?",
        "the": rf"(?:{w['on']}\s+)?{w['the']}\s+(?P<then>\d{{1,2}}){w['nth']}(?=\s*[,.;)]|\s+{w['this_month_en']}|\s*$)",
        "vague": w["vague_en"],
    }
    return rf"{L}{w['first_rel_en']}(?:" + "|".join(rf"(?P<{k}>{v})" for k, v in families.items()) + rf"){R}"


def compile_patterns(raw: dict) -> dict[str, re.Pattern]:
    """Every pattern find_dates and tense_of use, keyed by family."""
    w = _pieces(raw)
    p: dict[str, re.Pattern] = {
        "numeric": re.compile(_numeric(w)),
        "ar_date": re.compile(_ar_date(w)),
        "en_date": re.compile(_en_date(w)),
        "year": re.compile(_year(w)),
        "rel_ar": re.compile(_rel_ar(w)),
        "rel_en": re.compile(_rel_en(w)),
    }
    # Quarters: «الربع الأول من العام الجاري», "the second quarter of 2023", "Q3 2022".
    p["quarter"] = re.compile(
        rf"{L}(?:{w['the']}\s+)?(?P<q>{alt(flat(raw['quarters']) + flat(raw['halves']))})\s+(?:{w['of_ar']}\s+|{w['of_en']}\s+)?(?:(?:{w['year_kw']}|{w['the']}\s+{w['year_en']})\s+)?"
        rf"(?:(?P<y>{w['year4']})|(?P<rel>(?:{w['this']}\s+)?(?:{w['art']})?{w['year_nouns']}(?:\s+(?P<dir>{w['dirs']}))?|(?P<endir>{w['quarter_dirs_en']})\s+{w['year_en']}))"
        rf"(?![\w])")
    holiday_names = [x for h in raw["holidays"] for x in h["names"]]
    p["holiday"] = re.compile(
        rf"{L}{w['CL']}(?P<h>{alt(holiday_names)})(?:\s+{w['holiday_year']}?\s*(?P<y>{w['year4']})(?:\s*(?P<hm>{w['markers']}){R})?)?"
        rf"(?:\s+(?P<dir>{w['dirs']}))?{R}")
    p["anaphor"] = re.compile(rf"{L}(?P<a>{alt(flat(raw['anaphoric_days']))}){R}")
    # «و5 أغسطس» (the second date of «بين 30 يوليو و5 أغسطس»): the same grammar, tried only right
    # after a clitic glued to a day number
    p["ar_date_at"] = re.compile(p["ar_date"].pattern.replace(r"(?<![\w/.\-])", "", 1))
    p.update(_joins(raw, w))
    p.update(_tense_patterns(raw))
    return p


def _joins(raw: dict, w: dict[str, str]) -> dict[str, re.Pattern]:
    """What may stand between or before two dates that become one (ranges, equivalences, «منذ»)."""
    return {
        # a date counted from another happening has an hour, day or week word: the templates are
        # tried only in a window around one (a cheap trie search spares scanning every position)
        "relative_unit": re.compile(alt([x for u in UNIT_DAYS for x in raw["units"][u]])),
        "range_gap": re.compile(rf"^\s*(?P<j>{alt(raw['range_joiners'])})\s*$"),
        "range_open": re.compile(rf"(?:^|(?<![\w])){w['conj']}?(?:{alt(raw['range_openers'])})\s*$"),
        "equiv_gap": re.compile(rf"^\s*[,(]?\s*(?:{w['equiv']})\s*(?:{w['li']}\s*)?[(]?\s*$"),
        "adjacent_gap": re.compile(r"^\s*[,(\-–]?\s*$"),
        "list_gap": re.compile(rf"^\s*(?:,\s*)?(?:(?:{alt(raw['list_joiners'])}|-|–|/)\s*)?$"),
        "since_before": re.compile(rf"(?:^|(?<![\w])){w['CL']}(?P<since>{w['since']})\s+$"),
        "clause_end": re.compile(r"[.!?\n]"),
        # «و5 أغسطس»: a conjunction glued to a day number
        "clitic_digit": re.compile(rf"(?<![\w]){w['conj']}\d"),
        "prep_before": re.compile(rf"(?:^|(?<![\w])){w['conj']}?(?P<p>{alt(raw['mention_prepositions'])})\s+$"),
        "numeric_hijri": re.compile(rf"\s*{alt(raw['numeric_hijri_markers'])}(?![\w])"),
        "bc_after": re.compile(rf"\s*{_loose_dots(alt(raw['bc_markers']))}(?![\w])"),
        "vague_ahead": re.compile(alt(raw["vague_ahead"])),
    }


def _loose_dots(pattern: str) -> str:
    """Let the dots of an abbreviation («ق.م», "b.c.") have spaces around them."""
    return pattern.replace(r"\.", r"\s*\.\s*")


def _future_forms(raw: dict) -> list[str]:
    """The future forms of `future_verbs` («يعقد» → سيعقد، ستعقد، سنعقد), as `future_forms` says."""
    spec = raw["future_forms"]
    he, prefix = norm_word(spec["he"]), norm_word(spec["prefix"])
    persons = [norm_word(p) for p in spec["persons"]]
    out = []
    for v in raw["future_verbs"]:
        v = norm_word(v)
        if v.startswith(he) and len(v) > 2:
            out += [prefix + v] + [prefix + p + v[len(he):] for p in persons]
    return out


def _tense_patterns(raw: dict) -> dict[str, re.Pattern]:
    """The sentence tense cues: planned (with the future forms of `future_verbs`), ongoing."""
    t, pp = raw["tense"], raw["progressive_en"]
    conj = _clitic_pieces(raw)["conj"]
    return {
        "planned": re.compile(
            rf"{L}{conj}?(?:{alt(list(t['planned']['ar']) + list(t['planned']['en']) + _future_forms(raw))}){R}"),
        "ongoing": re.compile(rf"{L}{conj}?{alt(list(t['ongoing']['ar']) + list(t['ongoing']['en']))}{R}"
                              rf"|\b{alt(pp['auxiliaries'])}\s+{alt([pp['participle']])}\s+[a-z]+{alt([pp['ending']])}\b"),
    }


def event_relative_patterns(raw: dict) -> list[tuple[re.Pattern, int, str]]:
    """One regex per `event_relative` template, with groups ``n`` (a number) and ``u`` (a unit)."""
    units = [w for u in UNIT_DAYS for w in raw["units"][u]]
    nums = alt([w for lang in ("ar", "en") for ws in raw["number_words"][lang].values() for w in ws])
    count = rf"(?:(?P<n>\d{{1,3}}|{nums})\s*)?(?P<u>{alt(units)})"
    cl = _clitic_pieces(raw)
    in_ = norm_word(raw["clitics"]["in"])
    out = []
    for kind, sign in RELATIVE_SIGNS.items():
        for template in raw["event_relative"].get(kind, []) or []:
            head, _, tail = norm_word(template).partition("{n}")
            glued = head.endswith(in_)  # «ب{n}»: «بيومين», «بـ24 ساعة»
            left = alt([head[:-len(in_)]]) + rf"\s*{cl['in']}\s*" if glued else (alt([head.strip()]) + r"\s+" if head.strip() else "")
            right = r"\s+" + alt([tail.strip()]) if tail.strip() else ""
            out.append((re.compile(rf"{L}{cl['conj']}?{left}{count}{right}{R}"), sign, RELATIVE_DATES[kind]))
    return out
