"""One colour per event type, shared by the timeline (plotly) and the map (pydeck).

Violence in warm reds/oranges, remote violence in purples, arrests and prison breaks in browns,
political events in blues/greens, the rest in greys — so the two charts read the same way.
Colours are from ColorBrewer/Tableau families and stay distinguishable for common colour-vision
deficiencies when paired with the legend.
"""

from __future__ import annotations

from events.schema import EVENT_TYPES

TYPE_COLORS: dict[str, str] = {
    "attack": "#d62728",
    "armed_clash": "#ff7f0e",
    "airstrike": "#9467bd",
    "bombing": "#6a3d9a",
    "arrest": "#8c564b",
    "prison_break": "#e377c2",
    "meeting": "#1f77b4",
    "statement": "#17becf",
    "deployment": "#2ca02c",
    "protest": "#bcbd22",
    "displacement": "#f0a30a",
    "claim": "#7f7f7f",
    "other": "#b0b0b0",
}
FALLBACK_COLOR = "#b0b0b0"
# Events the extractor was less sure of than this are drawn faded on the map and the timeline.
LOW_CONFIDENCE = 0.5

# Human labels for legends ("armed_clash" → "armed clash").
TYPE_LABELS: dict[str, str] = {t: t.replace("_", " ") for t in EVENT_TYPES}


def color(event_type: str | None) -> str:
    """Hex colour of a type (grey for an unknown one)."""
    return TYPE_COLORS.get(event_type or "", FALLBACK_COLOR)


def rgb(event_type: str | None, alpha: int = 255) -> list[int]:
    """``[r, g, b, a]`` of a type, as deck.gl wants it."""
    h = color(event_type).lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha]
