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

import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable

from events.extract.headline import headline
from events.extract.story import read_article
from events.schema import Article, Event

__all__ = ["extract_article", "extract_into_store", "extract_many", "headline", "stderr_progress"]


def extract_article(article: Article, *, vague_counts: bool = False) -> list[Event]:
    """Events reported by one article (see the module docstring for the rules).

    Args:
        article: the article; ``published`` resolves relative dates (None: they stay unknown).
        vague_counts: also record vague quantities (عشرات → 12, "hundreds" → 100).
    """
    return read_article(article, vague_counts)


# --------------------------------------------------------------------------------------------
# Many articles

def _exit_with_parent(parent: int) -> None:
    """Pool worker start-up: exit as soon as the parent is gone (SIGKILLed, it cannot tell us),
    rather than stay behind as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="marsad-parent-watch", daemon=True).start()


def _extract_one(payload: tuple[dict[str, Any], bool]) -> list[dict[str, Any]]:
    art, vague = payload
    return [e.to_dict() for e in extract_article(Article(**art), vague_counts=vague)]


def extract_many(articles: Iterable[Article], *, processes: int | None = None, vague_counts: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> Iterable[tuple[Article, list[Event]]]:
    """(article, events) for each article, in order; several processes for many articles."""
    arts = list(articles)
    n = len(arts)
    if processes is None:
        processes = min(os.cpu_count() or 1, n)
    processes = max(1, min(processes, n or 1))
    if processes == 1 or n < 8:
        for k, a in enumerate(arts, 1):
            evs = extract_article(a, vague_counts=vague_counts)
            if progress:
                progress(k, n)
            yield a, evs
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        chunk = max(1, min(64, n // (processes * 4) or 1))
        results = pool.map(_extract_one, [(a.to_dict(), vague_counts) for a in arts], chunksize=chunk)
        for k, (a, evs) in enumerate(zip(arts, results), 1):
            if progress:
                progress(k, n)
            yield a, [Event.from_dict(e) for e in evs]


def extract_into_store(store: Any, articles: Iterable[Article] | None = None, processes: int | None = None,
                       progress: Callable[[int, int], None] | None = None, *, vague_counts: bool = False) -> int:
    """Extract events of ``articles`` (default: every stored article) into ``store``.

    Curated events (edited, verified, rejected, manual) are kept (``store.replace_extracted``).
    Returns the number of events written.
    """
    arts = list(store.articles() if articles is None else articles)
    total = 0
    for article, events in extract_many(arts, processes=processes, progress=progress, vague_counts=vague_counts):
        store.replace_extracted(article.id, events)
        total += len(events)
    return total


def stderr_progress(label: str = "extract") -> Callable[[int, int], None]:
    """A one-line progress bar on stderr (only drawn on a terminal or for long runs)."""
    state = {"last": -1}

    def show(done: int, total: int) -> None:
        if total < 20:
            return
        pct = int(100 * done / total)
        if pct == state["last"] and done != total:
            return
        state["last"] = pct
        bar = "#" * (pct // 4) + "-" * (25 - pct // 4)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{label} [{bar}] {done}/{total} articles{end}")
        sys.stderr.flush()

    return show
