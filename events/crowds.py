"""Crowds: the people of a happening who are no organisation — protesters, residents, displaced
people, activists, journalists — labelled by the happening's town or nationality ("Basra
protesters", "Egyptian journalists"). The words are data (``data/lexicons/crowds.yaml``).

A protest's crowd is named by its words in the sentence («نشطاء», "residents"), and is its
protesters when the sentence names only the happening («تظاهرات», "a rally"). Who undergoes a
strike («قتل مدنيون») gets no crowd label: the types with a default crowd have crowds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.matcher import PhraseMatcher
from events.states import load_states
from geo.arabic import tokens
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("crowds.yaml")
# words of a province's or region's name that are not its name: "Basra Governorate" → Basra
_ADMIN_WORDS = re.compile(r"\s+(?:Governorate|Province|Region|State|District|Prefecture|County|Department|Wilaya)$")


@dataclass(frozen=True)
class Crowds:
    labels: dict[str, str]        # crowd key → label template
    words: PhraseMatcher          # payload: crowd key
    default: dict[str, str]       # event type → crowd key


@cached(LEXICON)
def load_crowds(path: Path) -> Crowds:
    """The compiled crowds lexicon (cached on the file)."""
    data = read_yaml(path, "the crowds lexicon")
    if not isinstance(data, dict) or not isinstance(data.get("crowds"), dict):
        raise LexiconError(f"{path}: expected a section 'crowds'")
    labels = {}
    words = PhraseMatcher(morphology="names")
    for key, spec in data["crowds"].items():
        label = spec.get("label") if isinstance(spec, dict) else None
        if not isinstance(label, str) or not ("{place}" in label or "{adj}" in label):
            raise LexiconError(f"{path}: crowds: {key}: 'label' must contain {{place}} or {{adj}}")
        labels[key] = label
        for w in spec.get("ar", []) + spec.get("en", []):
            words.add(w, key)
    default = data.get("default") or {}
    for etype, key in default.items():
        if key not in labels:
            raise LexiconError(f"{path}: default: {etype}: {key!r} is not a crowd")
    return Crowds(labels, words, dict(default))


def _town(place_name: str | None, geo_precision: str | None) -> str | None:
    """The town or province a label names: a square's town («Karama Square (Suwayda)»), a city,
    a province without its "Governorate"; none for a country."""
    if not place_name or geo_precision in (None, "country"):
        return None
    inner = re.search(r"\(([^()]+)\)\s*$", place_name)
    if inner:
        return inner.group(1).strip()
    if geo_precision == "point":
        return None
    return _ADMIN_WORDS.sub("", place_name).strip() or None


def crowd_labels(ev: Any, country: str | None = None) -> list[str]:
    """The crowds of an event of a type that has a crowd (a protest): those its sentence names,
    else the type's default crowd; each labelled by the event's town, else the nationality of
    its (or the article's) country."""
    lex = load_crowds()
    if ev.event_type not in lex.default:
        return []  # «قتل مدنيون», "residents fled": who undergoes a strike is not named by a crowd label
    text = ev.sentence or ""
    keys = list(dict.fromkeys(m.payload for m in lex.words.find(tokens(text), text))) or [lex.default[ev.event_type]]
    town = _town(ev.place_name, ev.geo_precision)
    code = ev.country or country
    adj = load_states().adjective_en.get(code) if code else None
    out = []
    for key in keys:
        label = lex.labels[key]
        if "{place}" in label and town is None:
            label = label.replace("{place}", "{adj}")
        if "{adj}" in label and adj is None:
            continue
        out.append(label.format(place=town or "", adj=adj or ""))
    return out
