"""The evidence behind an event, in its article — pure: text and event in, escaped HTML out.

The detail panel shows the whole article with the event's sentence highlighted, the other
sentences that reported the same happening (``mentions``) marked lighter, and — when the
event's date or place words are not in its own sentence (the extractor took them from the
story around it) — the sentence they were read from, with a note saying so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from geo.arabic import script_of

PROVENANCE = {"date_text": "date", "place_text": "place"}
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _span(event: Mapping[str, Any], start: str, end: str, text: str) -> tuple[int, int] | None:
    given: tuple[Any, Any] = (event.get(start), event.get(end))
    try:
        s, e = int(given[0]), int(given[1])
    except (TypeError, ValueError):
        return None
    return (s, e) if 0 <= s < e <= len(text) else None


def sentence_span(event: Mapping[str, Any], text: str) -> tuple[int, int] | None:
    """Where the event's sentence is in the article: its offsets, checked, else found by search."""
    span = _span(event, "sentence_start", "sentence_end", text)
    sentence = event.get("sentence")
    if span and isinstance(sentence, str) and text[span[0]:span[1]].strip() == sentence.strip():
        return span
    if isinstance(sentence, str) and sentence.strip():
        i = text.find(sentence.strip())
        if i >= 0:
            return i, i + len(sentence.strip())
    return span


def inherited(event: Mapping[str, Any], text: str) -> list[tuple[str, str, int, int]]:
    """The date/place words that are not in the event's own sentence: (kind, words, start, end)
    of their occurrence in the article nearest before the sentence (else the first after it)."""
    sent = sentence_span(event, text)
    sentence = str(event.get("sentence") or "")
    out = []
    for field, kind in PROVENANCE.items():
        words = event.get(field)
        if not isinstance(words, str) or not words.strip() or words in sentence:
            continue
        hits = [m.start() for m in re.finditer(re.escape(words), text)]
        if not hits:
            continue
        before = [h for h in hits if sent is None or h < sent[0]]
        at = before[-1] if before else hits[0]
        out.append((kind, words, at, at + len(words)))
    return out


def notes(event: Mapping[str, Any], text: str) -> list[str]:
    """One line per inherited date or place, for the detail panel (plain text)."""
    return [f"The {kind} («{words}») is not in the event's sentence: it was read from another "
            "sentence of the article (highlighted in the article below)."
            for kind, words, _, _ in inherited(event, text)]


def _sentence_of(text: str, at: int) -> tuple[int, int]:
    """The sentence around offset ``at`` (between sentence ends / line breaks)."""
    ends = ".!?؟\n"
    lo = max(text.rfind(c, 0, at) for c in ends) + 1
    his = [i for i in (text.find(c, at) for c in ends) if i >= 0]
    hi = min(his) + 1 if his else len(text)
    return lo, hi


def article_html(text: str, event: Mapping[str, Any], language: str | None = None) -> str:
    """The whole article as escaped HTML: the event's sentence in ``mark.marsad-here``, other
    mentions in ``mark.marsad-mention``, and sentences that lent a date or place in
    ``mark.marsad-source`` (their words in ``b``); right-to-left for an Arabic article."""
    marks: list[tuple[int, int, str, str]] = []
    here = sentence_span(event, text)
    if here:
        marks.append((here[0], here[1], "marsad-here", "the event's sentence"))
    for m in event.get("mentions") or []:
        span = _span(m, "start", "end", text) if isinstance(m, Mapping) else None
        if span and not (here and span[0] < here[1] and here[0] < span[1]):
            marks.append((span[0], span[1], "marsad-mention", "another sentence reporting it"))
    bold: list[tuple[int, int]] = []
    for kind, _, s, e in inherited(event, text):
        lo, hi = _sentence_of(text, s)
        if not any(a < hi and lo < b for a, b, _, _ in marks):
            marks.append((lo, hi, "marsad-source", f"the {kind} was read from here"))
        bold.append((s, e))
    marks.sort()
    out, pos = [], 0

    def plain(a: int, b: int) -> str:
        """Escaped text with inherited words in bold and paragraph breaks kept."""
        pieces, p = [], a
        for s, e in sorted(bold):
            if a <= s and e <= b and s >= p:
                pieces += [html.escape(text[p:s]), f"<b>{html.escape(text[s:e])}</b>"]
                p = e
        pieces.append(html.escape(text[p:b]))
        return _PARAGRAPH.sub("<br>", "".join(pieces))

    for s, e, cls, title in marks:
        if s < pos:
            continue
        out.append(plain(pos, s))
        anchor = ' id="marsad-here"' if cls == "marsad-here" else ""
        out.append(f'<mark class="{cls}"{anchor} title="{html.escape(title, quote=True)}">{plain(s, e)}</mark>')
        pos = e
    out.append(plain(pos, len(text)))
    rtl = (language or script_of(text[:400])) == "ar"
    attrs = 'dir="rtl" lang="ar" class="marsad-ar marsad-article"' if rtl else 'dir="ltr" class="marsad-ltr marsad-article"'
    return f"<div {attrs}>{''.join(out)}</div>"


ARTICLE_CSS = """
<style>
.marsad-article { max-height: 28em; overflow-y: auto; padding: .6em .9em; border: 1px solid #e4e4e0;
  border-radius: .4em; background: #fff; }
.marsad-article mark.marsad-here { background: #ffe08a; padding: 0 .1em; }
.marsad-article mark.marsad-mention { background: #fff3c4; }
.marsad-article mark.marsad-source { background: #d9ecff; }
</style>
"""
