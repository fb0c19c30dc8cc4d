"""An English headline built from an event's fields, by the templates of event_types.yaml."""

from __future__ import annotations

from string import Formatter
from typing import Any

from events.actors import load_lexicon as actor_lexicon
from events.schema import Event
from events.types import Template, load_lexicon as type_lexicon

_PHRASES = ("where", "casualties")  # fields that may be empty


def _label(name: str | None) -> str:
    if not name:
        return ""
    a = actor_lexicon().get(name)
    if a is not None and a.short and a.short not in type_lexicon().headline.vague_short_names:
        return a.short
    return name


def _fields(ev: Event, label: str | None) -> dict[str, Any]:
    """What a template may name: actors, place, label, counts, and the two phrases."""
    style = type_lexicon().headline
    f: dict[str, Any] = {"actor1": _label(ev.actor1), "actor2": ev.actor2 or "", "place": ev.place_name or "",
                         "label": label or ""}
    for key, value in ev.counts.items():
        f[key] = str(value)
        f[f"{key}_many"] = str(value) if value > 1 else ""
    f["where"] = style.where.format(**f) if ev.place_name else ""
    f["casualties"] = "".join(part.format(**f) for part in style.casualties if _known(part, f))
    return f


def _known(template: str, fields: dict[str, Any]) -> bool:
    """Whether every field the template names is known (the phrases may be empty)."""
    names = [n for _, n, _, _ in Formatter().parse(template) if n]
    return all(n in _PHRASES or fields.get(n) for n in names)


def headline(ev: Event, label: str | None = None) -> str:
    """A short English line built from the fields ("SDF arrested 25 Islamic State members in Al-Hol camp").

    ``label`` is the English name the trigger gives the happening (event_types.yaml ``labels``:
    "Olympic Games", "summit", "ceasefire"); without one a generic word is used."""
    lex = type_lexicon()
    attrs = lex.attributes.get(ev.event_type) or lex.attributes["other"]
    fields = _fields(ev, label)
    planned = ev.tense == "planned"
    chosen = next((t for t in attrs.headline if _known(t.text, fields)), Template(ev.event_type))
    text = chosen.planned_text if planned and chosen.planned_text is not None else chosen.text
    h = text.format(**fields).strip()
    line = (chosen.planned or lex.headline.planned) if planned else lex.headline.plain
    return line.format(headline=h, Headline=h[:1].upper() + h[1:]).strip()
