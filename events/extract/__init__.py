"""Assembly: an article → dated, located events with actors, counts and provenance.

For each sentence with a trigger (events.types), one event per happening it reports:

- **date**: the date mention (events.dates) in the trigger's clause; else one in another clause
  of the sentence that reports no other happening (a leading «ففي عام 2024 وحده،»); else,
  when the sentence clearly continues the previous event's story (it opens with «وأضاف»,
  «وأوضح», "He added" …), that event's date with a lower confidence; else unknown.
- **place**: a place mention (geo.find) in the same scope, preferring one after a locative
  preposition (في، داخل، قرب، ب, "in", "near") and the most specific kind; never a place that
  stands for an actor (metonymy), a place inside an actor's name, or the dateline. A sentence
  with none inherits the article's main place when it continues the story (lower confidence).
- **tense**: planned when the happening was foiled/plotted or the date is after publication,
  else the dates module's reading of the clause.
- **actors**, **counts**, an English **headline**, a **confidence** and a stable **event_id**.

The same happening reported in several sentences becomes one event: the most specific date and
place win and the other sentences are kept in ``mentions``.

The package, in the order an article goes through it: ``story`` (the sentence loop and what
carries over between sentences) → ``scope`` (clauses, dateline, dates, new/other/same
happening) → ``roles`` (actors, agent and target, speaker, reporters) and ``places`` (which
place mention is where it happened, lists, offsets, the main place) → ``assemble`` (one event
per trigger, reading a ``SentenceFacts``) → ``merge`` (one event per happening) → ``headline``.
The cue words they read are in ``cues``.
"""

from __future__ import annotations

from events.extract.headline import headline
from events.extract.story import read_article
from events.schema import Article, Event

__all__ = ["extract_article", "headline"]


def extract_article(article: Article, *, vague_counts: bool = False) -> list[Event]:
    """Events reported by one article (see the module docstring for the rules).

    Args:
        article: the article; ``published`` resolves relative dates (None: they stay unknown).
        vague_counts: also record vague quantities (عشرات → 12, "hundreds" → 100).
    """
    return read_article(article, vague_counts)

