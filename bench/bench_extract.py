"""Benchmark of events.extract.extract_article: articles per second per core.

Run: .venv/bin/python bench/bench_extract.py [--articles 1000] [--processes 2] [--dateparser-articles 40]

The corpus is built at run time by recombining real sentences of the bundled articles
(data/articles) and, when present, the dev corpus (../shared/corpus/dev/articles): each synthetic
article is 6–20 sentences drawn at random (fixed seed) with a publication date. Nothing is written.

Printed figures, on the same texts:
- the floor: reading (UTF-8 decoding) and normalizing with geo.arabic.normalize_with_index;
- extract_article on one process (articles/s/core, KB/s), then on --processes processes;
- dateparser.search.search_dates on a subset (KB/s), the usual peer for multilingual dates —
  it only finds dates, so it is a lower bound of what a pipeline built on it would cost.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.articles import read_articles  # noqa: E402
from events.extract import extract_article  # noqa: E402
from events.pipeline import extract_many  # noqa: E402
from events.schema import Article  # noqa: E402
from geo.arabic import normalize_with_index, script_of  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev" / "articles"
_SPLIT = re.compile(r"(?<=[.!؟?])\s+|\n+")


def sentences() -> list[str]:
    """Every sentence of the bundled and (when present) dev articles."""
    texts = [a.text for a in read_articles(ROOT / "data" / "articles")]
    if DEV.is_dir():
        for path in sorted(DEV.glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            texts.append(raw.partition("\n\n")[2] or raw)
    out = []
    for t in texts:
        out.extend(s.strip() for s in _SPLIT.split(t) if len(s.strip()) > 20)
    return out


def corpus(n: int, seed: int = 4) -> list[Article]:
    rng = random.Random(seed)
    pool = sentences()
    base = date(2024, 4, 26)
    arts = []
    for k in range(n):
        body = "\n".join(rng.choice(pool) for _ in range(rng.randint(6, 20)))
        pub = base - timedelta(days=rng.randint(0, 900))
        arts.append(Article(id=f"bench-{k:05d}", title=f"bench {k}", published=pub.isoformat(),
                            language=script_of(body[:500]), text=body))
    return arts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--dateparser-articles", type=int, default=40)
    args = ap.parse_args()

    arts = corpus(args.articles)
    kb = sum(len(a.text.encode("utf-8")) for a in arts) / 1024
    print(f"corpus: {len(arts)} articles recombined from real sentences, {kb:,.0f} KB "
          f"({sum(a.language == 'ar' for a in arts)} Arabic)")

    # warm caches (gazetteer, lexicons) so that one-time loading is not counted per article
    t0 = time.perf_counter()
    extract_article(arts[0])
    print(f"warm-up (lexicons, gazetteer): {time.perf_counter() - t0:.2f} s")

    blobs = [a.text.encode("utf-8") for a in arts]
    t0 = time.perf_counter()
    for b in blobs:
        normalize_with_index(b.decode("utf-8"))
    floor = time.perf_counter() - t0
    print(f"floor  read+normalize     {len(arts) / floor:9.1f} articles/s/core  {kb / floor:9.1f} KB/s")

    t0 = time.perf_counter()
    n_events = sum(len(extract_article(a)) for a in arts)
    one = time.perf_counter() - t0
    print(f"extract 1 process         {len(arts) / one:9.1f} articles/s/core  {kb / one:9.1f} KB/s   "
          f"{n_events} events  ({one / floor:.1f}x the floor)")

    if args.processes > 1:
        t0 = time.perf_counter()
        n_par = sum(len(evs) for _, evs in extract_many(arts, processes=args.processes))
        par = time.perf_counter() - t0
        print(f"extract {args.processes} processes       {len(arts) / par:9.1f} articles/s      {kb / par:9.1f} KB/s   "
              f"{n_par} events  ({len(arts) / par / args.processes:.1f} articles/s/core incl. start-up)")

    if args.dateparser_articles <= 0:
        return
    try:
        from dateparser.search import search_dates
    except ImportError:  # pragma: no cover
        print("dateparser not installed: skipped")
        return
    sub = arts[: args.dateparser_articles]
    sub_kb = sum(len(a.text.encode("utf-8")) for a in sub) / 1024
    search_dates(sub[0].text[:200], languages=["ar", "en"])  # warm-up
    t0 = time.perf_counter()
    found = 0
    for a in sub:
        found += len(search_dates(a.text, languages=["ar", "en"]) or [])
    dp = time.perf_counter() - t0
    t0 = time.perf_counter()
    for a in sub:
        extract_article(a)
    ours = time.perf_counter() - t0
    print(f"dateparser search_dates   {len(sub) / dp:9.1f} articles/s/core  {sub_kb / dp:9.1f} KB/s   "
          f"({len(sub)} articles, {found} dates) — full extraction on the same subset: {sub_kb / ours:.1f} KB/s")


if __name__ == "__main__":
    main()
