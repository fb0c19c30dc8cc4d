"""Many articles: the extractor over a stream of articles, in batches, on an engine.

``events.extract`` turns one article into events. This module feeds it a stream: articles are
cut into batches (``BATCH``), each batch goes through :func:`extract_batch` — the kernel, one
pure function from article records to event records, which any engine can run — and the results
come back batch by batch in input order, with at most a few batches in flight: memory stays flat
whatever the input size. Engines: ``local`` (this process, or a pool of processes) and ``dask``
(``dask.distributed``: a ``LocalCluster`` started here, or a scheduler at an address).

``extract_many`` yields (article, events) per article, ``extract_batches`` per batch;
``extract_into_store`` writes them to a store, one transaction (one ``data_version`` bump) per
batch; ``stderr_progress`` draws the command line's progress line.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from events.extract import extract_article
from events.schema import Article, Event

ENGINES = ("local", "dask")
BATCH = 64  # articles per batch: a unit of work for a worker, and of a store transaction
SMALL = 8  # fewer articles than this run in this process: starting workers would cost more

Progress = Callable[[int, int | None], None]  # (articles done, total or None when streaming)
Results = list[tuple[Article, list[Event]]]


def extract_batch(articles: list[dict[str, Any]], vague_counts: bool = False) -> list[list[dict[str, Any]]]:
    """The kernel: article records (``Article.to_dict()``) → per article, its event records.

    Pure (same input, same output; no I/O, no shared state beyond read-only lexicon caches), so
    any engine that can ship a list of dicts to a Python worker can run it (Dask, Ray, Spark)."""
    return [[e.to_dict() for e in extract_article(Article(**a), vague_counts=vague_counts)] for a in articles]


def batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _exit_with_parent(parent: int) -> None:
    """Pool worker start-up: exit as soon as the parent is gone (SIGKILLed, it cannot tell us),
    rather than stay behind as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="marsad-parent-watch", daemon=True).start()


def _in_order(submit: Callable[[list[dict[str, Any]]], Any], work: Iterator[list[Article]],
              in_flight: int) -> Iterator[tuple[list[Article], list[list[dict[str, Any]]]]]:
    """Run batches through ``submit`` (returns a future), at most ``in_flight`` at a time, and
    yield (batch, result) in input order."""
    pending: deque[tuple[list[Article], Any]] = deque()
    for batch in work:
        pending.append((batch, submit([a.to_dict() for a in batch])))
        if len(pending) >= in_flight:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


class EngineError(RuntimeError):
    """An engine that cannot run: its message is one line saying what to do."""


@contextmanager
def _dask_submit(workers: int, scheduler: str | None, vague_counts: bool) -> Iterator[tuple[Callable[..., Any], int]]:
    """A submit function on a Dask cluster (a LocalCluster of ``workers`` processes, or the
    scheduler at ``scheduler``) and how many batches to keep in flight."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the dask engine needs Dask: pip install -e '.[dask]' (or use --engine local)") from None
    import logging
    import warnings

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s", set_as_default=False)
        else:  # local and offline: bound to 127.0.0.1, no diagnostics dashboard
            warnings.filterwarnings("ignore", message="Port .* is already in use", module="distributed")
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        where = f"no Dask scheduler answered at {scheduler}" if scheduler else "a local Dask cluster did not start"
        raise EngineError(f"{where} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                          "check the address, or run with --engine local") from None
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield (lambda payload: client.submit(extract_batch, payload, vague_counts, pure=False)), 2 * n
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extract_batches(articles: Iterable[Article], *, engine: str = "local", processes: int | None = None,
                    batch_size: int = BATCH, vague_counts: bool = False, scheduler: str | None = None,
                    progress: Progress | None = None) -> Iterator[Results]:
    """Per batch of ``articles`` (in input order), each article with its events.

    ``processes``: worker processes (default: the cores; fewer than ``SMALL`` articles run in
    this process). ``engine="dask"`` runs the batches on a Dask cluster: ``scheduler`` is its
    address, else a ``LocalCluster`` of ``processes`` workers is started for this run. The
    events and their ids are the same whatever the engine. Raises ``EngineError`` when the
    engine cannot be used (Dask not installed, no scheduler at the address)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    stream = iter(articles)
    head = list(itertools.islice(stream, SMALL))
    if not head:
        return
    workers = max(1, processes or os.cpu_count() or 1)
    here = engine == "local" and (workers == 1 or len(head) < SMALL)
    work = batches(itertools.chain(head, stream), batch_size)
    done = 0
    for batch, results in _run(work, engine, workers, here, vague_counts, scheduler):
        done += len(batch)
        out = [(a, [e if isinstance(e, Event) else Event.from_dict(e) for e in evs]) for a, evs in zip(batch, results)]
        if progress:
            progress(done, None)
        yield out


def _run(work: Iterator[list[Article]], engine: str, workers: int, here: bool, vague_counts: bool,
         scheduler: str | None) -> Iterator[tuple[list[Article], list[list[Any]]]]:
    """(batch, per-article events or event records) from the chosen engine."""
    if engine == "dask":
        with _dask_submit(workers, scheduler, vague_counts) as (submit, in_flight):
            yield from _in_order(submit, work, in_flight)
        return
    if here:
        for batch in work:
            yield batch, [extract_article(a, vague_counts=vague_counts) for a in batch]
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        yield from _in_order(lambda payload: pool.submit(extract_batch, payload, vague_counts), work, 2 * workers)


def extract_many(articles: Iterable[Article], *, processes: int | None = None, vague_counts: bool = False,
                 progress: Progress | None = None, engine: str = "local",
                 scheduler: str | None = None) -> Iterator[tuple[Article, list[Event]]]:
    """(article, events) for each article, in order; several processes (or a cluster) for many."""
    total = _length(articles)
    size = BATCH
    if total is not None:  # a known number: batches small enough to keep every worker busy
        size = max(1, min(BATCH, total // (4 * (processes or os.cpu_count() or 1))))
    for batch in extract_batches(articles, engine=engine, processes=processes, batch_size=size,
                                 vague_counts=vague_counts, scheduler=scheduler, progress=_with_total(progress, total)):
        yield from batch


def extract_into_store(store: Any, articles: Iterable[Article] | None = None, processes: int | None = None,
                       progress: Progress | None = None, *, vague_counts: bool = False,
                       engine: str = "local", scheduler: str | None = None) -> int:
    """Extract events of ``articles`` (default: every stored article) into ``store``.

    One transaction per batch (one ``data_version`` bump, so an open dashboard is not rebuilt
    per article). Curated events (edited, verified, rejected, manual) are kept
    (``store.replace_extracted_many``). Returns the number of events written."""
    arts = store.articles() if articles is None else articles
    total = 0
    for batch in extract_batches(arts, processes=processes, vague_counts=vague_counts, engine=engine,
                                 scheduler=scheduler, progress=_with_total(progress, _length(arts))):
        store.replace_extracted_many((a.id, evs) for a, evs in batch)
        total += sum(len(evs) for _, evs in batch)
    return total


def _length(articles: Iterable[Article]) -> int | None:
    return len(articles) if isinstance(articles, (list, tuple)) else None


def _with_total(progress: Progress | None, total: int | None) -> Progress | None:
    """Progress with the total filled in, when the input is a list of known length."""
    if progress is None:
        return None

    def report(done: int, _: int | None) -> None:
        progress(done, total)

    return report


def stderr_progress(label: str = "extract", every: float = 1.0) -> Progress:
    """A one-line progress bar on stderr for long runs; a running count when the total is not
    known (a stream), redrawn at most every ``every`` seconds."""
    state = {"last": -1, "at": 0.0}

    def show(done: int, total: int | None) -> None:
        if total is None:
            now = time.monotonic()
            if done >= 20 and now - state["at"] >= every:
                state["at"] = now
                sys.stderr.write(f"\r{label}: {done} articles…")
                sys.stderr.flush()
            return
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
