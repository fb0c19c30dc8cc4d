"""The cue words of ``data/lexicons/cues.yaml``, compiled into the patterns extraction reads.

The words are data; this module holds only how they are matched (what may stand between a
cue and the name it introduces, where a word must end). ``cues()`` is the compiled lexicon;
``load_cues(path)`` compiles another file (a lexicon passed in is the one used), cached on the
file by the one loader (geo.lexicon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from events.types import load_lexicon as type_lexicon
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("cues.yaml")
SPEECH_USES = ("frame", "continues", "reporter", "speaker")
_WORD = r"[\w\u0600-\u06FF]+"  # a word of either script


@dataclass(frozen=True)
class Cues:
    """The compiled cues (see cues.yaml for what each one means)."""

    speech: re.Pattern[str]  # a verb of saying that frames reported content
    continues: re.Pattern[str]  # an opening that continues the story
    arabic_lead: re.Pattern[str]  # an Arabic sentence opened by a conjunction clitic
    reporter_after: re.Pattern[str]  # "(…), said" right after an actor
    speaker_after: re.Pattern[str]  # ", said" right after a person
    complementizer: re.Pattern[str]
    content_opener: re.Pattern[str]  # between a statement verb and a name: what was said
    subject_gap: re.Pattern[str]  # between a subject and its verb: punctuation, a particle
    source: re.Pattern[str]
    area_before: re.Pattern[str]
    area_after: re.Pattern[str]
    area_after_needs: re.Pattern[str]
    hosts: re.Pattern[str]
    hosted_by: re.Pattern[str]
    agent: re.Pattern[str]
    agent_prepositions: frozenset[str]
    target: re.Pattern[str]
    undergoes: re.Pattern[str]
    passive_suffixes: tuple[str, ...]
    passive_after: re.Pattern[str]
    perfect_before: re.Pattern[str]
    subordinate: re.Pattern[str]
    reference_point: re.Pattern[str]
    since_start: re.Pattern[str]
    since_before: re.Pattern[str]
    locative: frozenset[str]
    not_locative: frozenset[str]
    locative_in: frozenset[str]
    place_kinds: tuple[str, ...]
    locative_clitics: str
    list_fillers: frozenset[str]
    list_proclitics: str
    distinct: re.Pattern[str]
    earlier: re.Pattern[str]
    connective: re.Pattern[str]
    back_reference: re.Pattern[str]
    definite_prefixes: tuple[str, ...]
    definite_en: tuple[str, ...]
    definite_before: tuple[str, ...]
    plural_ar: tuple[str, ...]
    plural_en: tuple[str, ...]
    future: re.Pattern[str]
    compass: tuple[str, ...]
    offset_name: str
    offset_name_ar: str
    sections_read: frozenset[str] = field(default=frozenset(), compare=False)


class _Reader:
    """The sections of the file, remembering which ones the code asked for."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.data, self.path = data, path
        self.read: set[str] = set()

    def words(self, section: str, key: str | None = None) -> list[str]:
        self.read.add(section)
        value = self.data.get(section)
        if key is not None:
            value = value.get(key) if isinstance(value, dict) else None
        where = f"{section}.{key}" if key else section
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
            raise LexiconError(f"{self.path}: {where} must be a non-empty list of words (quote words like \"on\")")
        return value

    def text(self, section: str, key: str) -> str:
        self.read.add(section)
        value = (self.data.get(section) or {}).get(key) if isinstance(self.data.get(section), dict) else None
        if not isinstance(value, str) or not value.strip():
            raise LexiconError(f"{self.path}: {section}.{key} must be a text")
        return value

    def uses(self, section: str) -> dict[str, list[str]]:
        self.read.add(section)
        value = self.data.get(section)
        if not isinstance(value, dict) or not value:
            raise LexiconError(f"{self.path}: {section} must map each word to its uses")
        out: dict[str, list[str]] = {}
        for word, uses in value.items():
            if not isinstance(word, str) or not isinstance(uses, list) or not uses or \
                    any(u not in SPEECH_USES for u in uses):
                raise LexiconError(f"{self.path}: {section}: {word!r} needs a list of uses among {', '.join(SPEECH_USES)}")
            out[word] = uses
        return out


def _alt(words: list[str]) -> str:
    """A regex alternation of the words as written; a final * makes a word a prefix."""
    return "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words)


def _split(words: list[str]) -> tuple[list[str], list[str]]:
    """(Arabic-script words, the others)."""
    ar = [w for w in words if not w.isascii()]
    return ar, [w for w in words if w.isascii()]


def _speech(r: _Reader) -> dict[str, list[str]]:
    verbs = r.uses("speech")
    return {use: [w for w, uses in verbs.items() if use in uses] for use in SPEECH_USES}


def _reported(r: _Reader, speech: dict[str, list[str]]) -> dict[str, Any]:
    """The cues of reported speech: who says, who reports, where what was said begins."""
    conj = _alt(r.words("conjunctions"))
    comp = _alt(r.words("complementizers", "words"))
    cont_ar, cont_en = _split(speech["continues"])
    return dict(
        speech=re.compile(rf"(?:^|\s)(?:{conj})?(?:{_alt(speech['frame'])})(?=\s|$|[,،])", re.IGNORECASE),
        continues=re.compile(rf"^\s*(?:{conj})?(?:{_alt(cont_ar + r.words('continues', 'ar'))})"
                             rf"|^\s*(?:{_alt(cont_en + r.words('continues', 'en'))})\b"),
        arabic_lead=re.compile(rf"^\s*(?:{conj})"),
        reporter_after=re.compile(rf"\s*(?:\([^()]{{1,40}}\))?\s*,?\s*(?:{_alt(speech['reporter'])})\b"),
        speaker_after=re.compile(rf"\s*,?\s*(?:{_alt(speech['speaker'])})\b"),
        complementizer=re.compile(rf"(?:^|\s)(?:{comp})(?:{_alt(r.words('complementizers', 'suffixes'))})?(?=\s)",
                                  re.IGNORECASE),
        content_opener=re.compile(rf"(?:^|\s)(?:{comp}|{_alt(r.words('content_openers'))})(?:\s|$)"),
        subject_gap=re.compile(rf"[\s,،\"”»]*(?:\([^()]{{0,40}}\)[\s,،]*)?(?:(?:{_alt(r.words('verb_particles'))})\s*)?"),
        source=re.compile(rf"(?:{_alt(r.words('sources'))})\s+(?:[\w\u0600-\u06FF.\-]+\s+){{0,2}}$", re.IGNORECASE),
    )


def _parties(r: _Reader) -> dict[str, Any]:
    """The cues of agents, targets, victims and territories."""
    art_ar = _alt(r.words("articles", "ar"))
    the = _alt(r.words("articles", "en_definite"))
    art_en = _alt(r.words("articles", "en_definite") + r.words("articles", "en_indefinite"))
    u = lambda key: _alt(r.words("undergoes", key))  # noqa: E731
    conj = _alt(r.words("conjunctions"))
    undergoes = (rf"(?:(?:^|\s)(?:{conj})?(?:{u('ar_verbs')})\s*(?:{u('ar_to')})?(?:{u('ar_attacks')})?\s*(?:{u('ar_by')})?|"
                 rf"(?:^|\s)(?:{conj})?(?:{u('ar_victims')})\s+(?:{_WORD}\s+){{0,5}}?(?:{u('ar_causes')})\s*|"
                 rf"\b(?:{u('en_come')})\s+(?:{u('en_under')})\s+(?:(?:{art_en})\s+)?|"
                 rf"\b(?:{u('en_be')})\s+(?:{u('en_hit')})\s+(?:{u('en_by')})\s+(?:(?:{art_en})\s+)?(?:\w+\s+)?)$")
    return dict(
        area_before=re.compile(rf"(?:{_alt(r.words('areas', 'before'))})\s*(?:(?:{the})\s+)?(?:[\w\-]+\s+)?$", re.IGNORECASE),
        area_after=re.compile(rf"\s*(?:\([^()]{{1,20}}\)\s*)?(?:{_alt(r.words('areas', 'after'))})\b", re.IGNORECASE),
        area_after_needs=re.compile(rf"(?:{_alt(r.words('areas', 'after_needs'))})\s+(?:(?:{the})\s+)?$", re.IGNORECASE),
        hosts=re.compile(rf"\s*(?:{_alt(r.words('hosting', 'after'))})\b"),
        hosted_by=re.compile(rf"(?:{_alt(r.words('hosting', 'before'))})\s*$"),
        agent=re.compile(rf"(?:^|\s)(?:{_alt(r.words('agents', 'words'))})\s*(?:{art_ar})?$", re.IGNORECASE),
        agent_prepositions=frozenset(r.words("agents", "prepositions")),
        target=re.compile(rf"(?:^|\s)(?:{_alt(r.words('targets'))})\s*(?:{art_ar})?$", re.IGNORECASE),
        undergoes=re.compile(undergoes, re.IGNORECASE),
        passive_suffixes=tuple(r.words("passive", "suffix")),
        passive_after=re.compile(rf"\s+(?:{_alt(r.words('passive', 'after'))})\b", re.IGNORECASE),
        perfect_before=re.compile(rf"\b(?:{_alt(r.words('passive', 'perfect'))})\s*$"),
        subordinate=re.compile(rf"[\s,،]*(?:{_alt(r.words('subordinate'))})(?=\s)", re.IGNORECASE),
        reference_point=re.compile(rf"(?:^|\s)(?:{_alt(r.words('reference_point'))})\s+(?:(?:{art_en})\s+)?$", re.IGNORECASE),
    )


def _happenings(r: _Reader) -> dict[str, Any]:
    """The cues of places, dates and of new, other or known happenings."""
    art_ar = _alt(r.words("articles", "ar"))
    con = lambda key: _alt(r.words("connectives", key))  # noqa: E731
    since = _alt(r.words("since"))
    distinct = rf"\b(?:{_alt(r.words('distinct', 'en'))})\b|(?:{_alt(r.words('distinct', 'ar'))})(?:\s|$|[.,،])"
    connective = (rf"(?:{con('prepositions')})\s+(?:{art_ar})?(?:{con('sides')})\s+(?:{art_ar})?(?:{con('other')})"
                  rf"|{con('en')}")
    procl = "".join(r.words("future", "proclitics"))
    future_ar = rf"(?<![\w\u0600-\u06FF])[{procl}]?(?:{_alt(r.words('future', 'ar'))})(?![\w\u0600-\u06FF])"
    future = "|".join([rf"\b{re.escape(w)}\b" for w in r.words("future", "en")] + [future_ar])
    return dict(
        since_start=re.compile(rf"\s*(?:{since})", re.IGNORECASE),
        since_before=re.compile(rf"(?:{since})\s*$", re.IGNORECASE),
        locative=frozenset(r.words("locative", "words")),
        not_locative=frozenset(r.words("locative", "not")),
        locative_in=frozenset(r.words("locative", "in")),
        place_kinds=tuple(r.words("locative", "place_kinds")),
        locative_clitics="".join(r.words("locative", "and")),
        list_fillers=frozenset(r.words("place_list_words", "fillers")),
        list_proclitics="".join(r.words("place_list_words", "proclitics")),
        distinct=re.compile(distinct),
        earlier=re.compile(rf"\b(?:{_alt(r.words('earlier', 'en'))})\b"
                           rf"|\b(?:{_alt(r.words('earlier', 'proclitics'))})?(?:{_alt(r.words('earlier', 'ar'))})\b"),
        connective=re.compile(connective, re.IGNORECASE),
        back_reference=re.compile(rf"^\s*(?:{_WORD}\s+){{0,2}}?(?:{_alt(r.words('back_references'))})(?=\s|$|[.,،؛])",
                                  re.IGNORECASE),
        definite_prefixes=tuple(r.words("definite", "prefixes")),
        definite_en=tuple(w + " " for w in r.words("definite", "en")),
        definite_before=tuple(w + " " for w in r.words("definite", "before")),
        plural_ar=tuple(r.words("plural", "ar")),
        plural_en=tuple(r.words("plural", "en")),
        future=re.compile(rf"(?:{future})"),
        compass=tuple(r.words("offsets", "compass")),
        offset_name=r.text("offsets", "name"),
        offset_name_ar=r.text("offsets", "name_ar"),
    )


@cached(LEXICON)
def load_cues(p: Path) -> Cues:
    """The compiled cues of a file (``load_cues(path=None)``: data/lexicons/cues.yaml)."""
    data = read_yaml(p, "the cues lexicon")
    if not isinstance(data, dict):
        raise LexiconError(f"{p}: expected a mapping of sections")
    r = _Reader(data, p)
    parts = {**_reported(r, _speech(r)), **_parties(r), **_happenings(r)}
    unknown = sorted(set(r.data) - r.read)
    if unknown:
        raise LexiconError(f"{p}: unknown section(s) {', '.join(unknown)} (the code reads none of them)")
    return Cues(**parts, sections_read=frozenset(r.read))


def cues() -> Cues:
    """The cues extraction reads."""
    return load_cues()


@lru_cache(maxsize=8)
def _likeness(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_alt(list(words)) or r"(?!)")


def likeness() -> re.Pattern[str]:
    """Words comparing a thing with others ("similar to those used in …"): event_types.yaml
    `comparison: likeness`, beside the comparisons events.types reads."""
    return _likeness(type_lexicon().likeness)
