"""Benchmark of the lexicon loader (geo/lexicon.py): what asking for a lexicon costs per call.

Run: .venv/bin/python bench/bench_lexicon.py [--calls 200000]

The extractor asks for its lexicons thousands of times per article (18,070 calls for the 73
dev articles), so the loader's per-call cost matters. Printed side by side, in one run, on the
bundled event-type lexicon: ``functools.lru_cache`` (no look at the file: an edited file is
never read again), the loader as shipped (looks at the file at most once a second), and the
loader looking at the file on every call (``recheck=0``), with their ratios to lru_cache.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.types import LEXICON  # noqa: E402
from geo.lexicon import cached, read_yaml  # noqa: E402


def per_call(fn, calls: int) -> float:
    """Microseconds per call of ``fn()`` (after one warm-up call)."""
    fn()
    t = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t) / calls * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=200_000)
    args = ap.parse_args()
    build = read_yaml  # the parsed file stands for a compiled lexicon: only the lookup is timed
    variants = {
        "functools.lru_cache (never re-reads)": functools.lru_cache(maxsize=4)(lambda: build(LEXICON)),
        "geo.lexicon.cached (as shipped, recheck 1 s)": cached(LEXICON)(build),
        "geo.lexicon.cached, recheck=0 (stat per call)": cached(LEXICON, recheck=0)(build),
    }
    base = None
    print(f"{'lexicon lookup':48} {'µs/call':>8} {'× lru_cache':>11}")
    for name, fn in variants.items():
        us = per_call(fn, args.calls)
        base = base or us
        print(f"{name:48} {us:8.2f} {us / base:11.1f}")
    print(f"\nat 18,070 calls (the dev corpus): "
          + ", ".join(f"{per_call(fn, args.calls // 10) * 18_070 / 1e6:.3f} s" for fn in variants.values()))


if __name__ == "__main__":
    main()
