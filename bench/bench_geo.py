"""Benchmark of the gazetteer and place finding.

Run: .venv/bin/python bench/bench_geo.py [--repeat 3]

Printed figures:
- index build time (GeoNames cities500 + countries + CLDR + curated CSV → cached pickles), built
  into a temporary cache directory so that the project's cache is left alone;
- cold load time of the core index (what place finding needs) in a fresh interpreter, and of
  the full alias index (first lookup/search);
- place-finding throughput in KB of Arabic text per second: the seed articles repeated, one
  call per article and one call on a 1 MB text; the dev corpus too when present
  (../shared/corpus/dev/articles, read at run time, never copied).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "data" / "articles" / "000_8b40032441fb6bb7.txt"
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "articles"

LOAD_SNIPPET = """
import time, sys
t = time.perf_counter()
from geo.gazetteer import get_gazetteer
g = get_gazetteer()
t1 = time.perf_counter()
g.lookup("Hasakah")
t2 = time.perf_counter()
print(f"{t1 - t:.4f} {t2 - t1:.4f}")
"""


def kbps(nbytes: int, seconds: float) -> float:
    return nbytes / 1024 / seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing (the best is kept)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MARSAD_GAZETTEER_CACHE=tmp, PYTHONPATH=str(ROOT))
        os.environ["MARSAD_GAZETTEER_CACHE"] = tmp
        from geo import gazetteer as G

        t = time.perf_counter()
        G.load_index("core", rebuild=True)
        build = time.perf_counter() - t
        sizes = {p.name: p.stat().st_size for p in Path(tmp).glob("index*.pkl")}
        print(f"index build:            {build:6.2f} s  ({', '.join(f'{k} {v / 1e6:.1f} MB' for k, v in sizes.items())})")

        core, full = [], []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], env=env, capture_output=True,
                                 text=True, check=True).stdout.split()
            core.append(float(out[0]))
            full.append(float(out[1]))
        print(f"load, core (cold):      {min(core):6.3f} s  (median {statistics.median(core):.3f}; imports included)")
        print(f"load, full (1st lookup):{min(full):6.3f} s  (median {statistics.median(full):.3f})")

        from geo.find import find_places

        gz = G.get_gazetteer()
        print(f"places: {len(gz):,}; names findable in text: {len(gz.finder):,}")

        seed = SEED.read_text(encoding="utf-8")
        find_places(seed)  # warm the caches (actor masks, word forms)
        corpora = {"seed": [seed]}
        if DEV.is_dir():
            texts = [p.read_text(encoding="utf-8").split("\n\n", 1)[-1] for p in sorted(DEV.glob("*.txt"))]
            from geo.arabic import script_of

            corpora["dev corpus (Arabic)"] = [t for t in texts if script_of(t) == "ar"]
            corpora["dev corpus (English)"] = [t for t in texts if script_of(t) == "en"]
        for name, texts in corpora.items():
            if not texts:
                continue
            batch = texts * max(1, 200_000 // sum(len(t.encode()) for t in texts))
            nbytes = sum(len(t.encode()) for t in batch)
            best = min(_time(lambda: [find_places(t) for t in batch]) for _ in range(args.repeat))
            print(f"find_places, {name}, per article: {kbps(nbytes, best):8.0f} KB/s "
                  f"({len(batch)} calls, {nbytes / 1024:.0f} KB, {len(batch) / best:.0f} articles/s)")
            big = "\n".join(texts)
            big = "\n".join([big] * max(1, 1_000_000 // len(big.encode())))
            best = min(_time(lambda: find_places(big)) for _ in range(args.repeat))
            n = len(find_places(big))
            print(f"find_places, {name}, one 1 MB text: {kbps(len(big.encode()), best):6.0f} KB/s ({n} mentions)")
        os.environ.pop("MARSAD_GAZETTEER_CACHE", None)


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
