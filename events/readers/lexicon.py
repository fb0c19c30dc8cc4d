"""The words of ``data/lexicons/articles.yaml``, read through the one loader (:mod:`geo.lexicon`):
metadata keys, boilerplate, «read also» markers, labels that are not outlets, language names and
unknown publication dates (see the file for what each section means)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.arabic import normalize
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_sections

LEXICON = lexicon_path("articles.yaml")
LANGUAGES = ("ar", "en", "other")
FIELDS = ("published", "source", "url", "language", "title", "keywords", "author")  # what a metadata line fills
SECTIONS = ("meta_keys", "boilerplate", "boilerplate_exact", "read_also", "not_outlets", "language_names",
            "unknown_dates", "no_value")


@dataclass(frozen=True)
class ArticleWords:
    """The compiled words of an articles lexicon."""

    key_of: dict[str, str]  # a metadata key, normalized -> the field it fills
    boilerplate: tuple[str, ...]  # normalized openings of a scraper's prompts
    boilerplate_exact: frozenset[str]  # normalized whole lines
    read_also: tuple[str, ...]  # normalized «read also» markers
    not_outlets: frozenset[str]  # normalized labels
    language_of: dict[str, str]  # a language name, lower case -> ar | en | other
    unknown_date: re.Pattern[str]  # a publication date that says it is unknown
    no_value: frozenset[str]  # lower case


def _words(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise LexiconError(f"{path}: {where} must be a list of words (quote words like \"on\", \"null\")")
    return value


def _lists(path: Path, section: str, value: Any, keys: tuple[str, ...]) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not set(value) <= set(keys):
        raise LexiconError(f"{path}: {section} must map each of {', '.join(keys)} to a list of words")
    return {k: _words(path, f"{section}.{k}", v) for k, v in value.items()}


@cached(LEXICON)
def load_article_words(path: Path) -> ArticleWords:
    """The words of an articles lexicon (cached on the file); ``path`` defaults to ``articles.yaml``."""
    raw = read_sections(path, "the articles lexicon", SECTIONS)
    unknown = sorted(set(raw) - set(SECTIONS))
    if unknown:
        raise LexiconError(f"{path}: unknown section(s) {', '.join(unknown)} (the code reads none of them)")
    meta = _lists(path, "meta_keys", raw["meta_keys"], FIELDS)
    names = _lists(path, "language_names", raw["language_names"], LANGUAGES)
    w = {key: _words(path, key, raw[key]) for key in SECTIONS if key not in ("meta_keys", "language_names")}
    unknown_re = "|".join(re.escape(x) for x in w["unknown_dates"]) or r"(?!)"
    return ArticleWords(
        key_of={normalize(k): field for field, keys in meta.items() for k in keys},
        boilerplate=tuple(normalize(s) for s in w["boilerplate"]),
        boilerplate_exact=frozenset(normalize(s) for s in w["boilerplate_exact"]),
        read_also=tuple(normalize(s) for s in w["read_also"]),
        not_outlets=frozenset(normalize(s) for s in w["not_outlets"]),
        language_of={name.lower(): code for code, words in names.items() for name in words},
        unknown_date=re.compile(rf"(?i)^(?:{unknown_re})\b"),
        no_value=frozenset(x.lower() for x in w["no_value"]),
    )


def article_words() -> ArticleWords:
    """The words the readers use (data/lexicons/articles.yaml, read again when it changes)."""
    return load_article_words()
