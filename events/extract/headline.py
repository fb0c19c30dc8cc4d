"""An English headline built from an event's fields."""

from __future__ import annotations

from events.schema import Event


def _label(name: str | None) -> str:
    if not name:
        return ""
    try:
        from events.actors import load_lexicon
        a = load_lexicon().get(name)
        if a is not None and a.short and a.short not in ("Coalition",):
            return a.short
    except Exception:  # pragma: no cover - a broken lexicon must not stop headlines
        pass
    return name


def headline(ev: Event, label: str | None = None) -> str:
    """A short English line built from the fields ("SDF arrested 25 Islamic State members in Al-Hol camp").

    ``label`` is the English name the trigger gives the happening (event_types.yaml ``labels``:
    "Olympic Games", "summit", "ceasefire"); without one a generic word is used."""
    a1, a2 = _label(ev.actor1), ev.actor2
    where = f" in {ev.place_name}" if ev.place_name else ""
    c = ev.counts
    planned = ev.tense == "planned"
    t = ev.event_type
    if t == "arrest":
        n = f"{c['arrested']} " if "arrested" in c else ""
        who = f"{a2} members" if a2 else ("people" if n else "suspects")
        h = f"{a1} arrested {n}{who}{where}" if a1 else f"{n}{who} arrested{where}"
    elif t == "attack":
        h = f"{a1 + ' ' if a1 else ''}{'attacks' if c.get('attacks', 0) > 1 else 'attack'}{where}"
        if c.get("attacks", 0) > 1:
            h = f"{c['attacks']} {h}"
    elif t == "airstrike":
        h = f"{a1 + ' ' if a1 else ''}airstrike{where}"
    elif t == "bombing":
        h = f"Bombing{where}" + (f" by {a1}" if a1 else "")
    elif t == "armed_clash":
        h = f"Clashes{' between ' + a1 + ' and ' + a2 if a1 and a2 else (' involving ' + a1 if a1 else '')}{where}"
    elif t == "prison_break":
        h = f"Prison break{where}" + (f": {c['escaped']} escaped" if "escaped" in c else "")
    elif t == "meeting":
        h = f"{a1 + ' ' if a1 else ''}{label or 'meeting'}{where}"
    elif t == "statement":
        h = f"{a1 or 'Official'} statement{where}"
    elif t == "deployment":
        h = f"{a1 + ' ' if a1 else ''}deployment{where}" + (f" (about {c['troops']} troops)" if "troops" in c else "")
    elif t == "protest":
        h = f"Protest{where}"
    elif t == "displacement":
        h = f"Displacement{' from ' + ev.place_name if ev.place_name else ''}"
    elif t == "claim":
        h = f"{a1 or 'Group'} claims responsibility" + (f" for {c['attacks']} attacks" if "attacks" in c else "") + where
    elif label:
        h = f"{label}{where}" + (f" ({a1})" if a1 else "")
    else:
        # a happening with no name of its own: "Planned event in Paris", "Event involving IS in Mosul"
        h = f"{'event' if not planned else ''}{' involving ' + a1 if a1 else ''}{where}"
    if "killed" in c and t not in ("arrest",):
        h += f", {c['killed']} killed"
    if "injured" in c and t not in ("arrest",):
        h += f", {c['injured']} injured"
    h = h.strip()
    if planned and t == "other" and not label:
        return "Planned event" + (" " + h if h else "")
    h = h[:1].upper() + h[1:]
    return ("Planned: " + h) if planned else h
