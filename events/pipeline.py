"""Many articles: running the extractor over a collection, in one process or a pool of them.

``events.extract`` turns one article into events; this module feeds it many: ``extract_many``
yields (article, events) in input order, ``extract_into_store`` writes them to a store, and
``stderr_progress`` draws the command line's progress bar.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable

from events.extract import extract_article
from events.schema import Article, Event


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
        for k, (a, records) in enumerate(zip(arts, results), 1):
            if progress:
                progress(k, n)
            yield a, [Event.from_dict(e) for e in records]


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
