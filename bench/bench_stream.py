"""Streaming extraction and engines: peak memory at 1k/10k/100k articles; Dask against local.

Run: .venv/bin/python bench/bench_stream.py [--sizes 1000,10000] [--processes 1] [--dask 400]
     [--before OTHER/.venv/bin/marsad]   (add 100000 to --sizes for the long run: ~40 min per core)

The articles are synthetic and their sentences do not repeat: each sentence splices the first
part of one real sentence (bundled articles and, when present, ../shared/corpus/dev) onto the
end of another, at random word positions, and is kept only if not produced before, so no
per-sentence cache ever hits. They are written as JSONL files of 1,000 articles in a temporary
folder (nothing is kept).

Printed, side by side from one run:
- for each size, `marsad extract DIR -o events.jsonl -q` in a fresh process: wall time,
  articles/s and the peak RSS of the command (and its workers, whichever is largest) — flat
  when the run streams; with --before, the same for another checkout's command beside it;
- on --dask articles: `--engine dask` (a LocalCluster of 2 workers, started by the command)
  against `--engine local -j 2`: the times, the ratio, and whether the events are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.articles import read_articles  # noqa: E402
from geo.arabic import script_of  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev" / "articles"
MARSAD = [str(Path(sys.executable).parent / "marsad")]
_SPLIT = re.compile(r"(?<=[.!؟?])\s+|\n+")
PER_FILE = 1000


def pool() -> list[list[str]]:
    """The words of every sentence of the bundled and (when present) dev articles."""
    texts = [a.text for a in read_articles(ROOT / "data" / "articles")]
    if DEV.is_dir():
        texts += [p.read_text(encoding="utf-8").partition("\n\n")[2] for p in sorted(DEV.glob("*.txt"))]
    return [s.split() for t in texts for s in _SPLIT.split(t) if len(s.split()) >= 6]


def write_corpus(folder: Path, n: int, seed: int = 14) -> tuple[int, int]:
    """``n`` articles of 6-20 spliced sentences as JSONL files; (sentences, distinct sentences)."""
    rng = random.Random(seed)
    words = pool()
    seen: set[bytes] = set()
    total = 0
    base = date(2024, 4, 26)
    fh = None
    for k in range(n):
        if k % PER_FILE == 0:
            if fh:
                fh.close()
            fh = open(folder / f"part-{k // PER_FILE:04d}.jsonl", "w", encoding="utf-8")
        body = []
        for _ in range(rng.randint(6, 20)):
            for _try in range(20):
                a, b = rng.choice(words), rng.choice(words)
                s = " ".join(a[: rng.randint(3, len(a) - 1)] + b[rng.randint(1, len(b) - 3):])
                key = hashlib.blake2b(s.encode(), digest_size=8).digest()
                if key not in seen:
                    break
            seen.add(key)
            body.append(s if s.endswith((".", "؟", "?", "!")) else s + ".")
            total += 1
        text = "\n".join(body)
        pub = base - timedelta(days=rng.randint(0, 900))
        fh.write(json.dumps({"id": f"bench-{k:06d}", "title": f"bench {k}", "published": pub.isoformat(),
                             "language": script_of(text[:500]), "text": text}, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return total, len(seen)


def run(args: list[str], marsad: list[str] = MARSAD) -> tuple[float, float]:
    """Run marsad in a fresh launcher; (seconds, peak RSS in MB of the command and its workers)."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, cwd=%r); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)" % str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, *marsad, *args], check=True, capture_output=True, text=True)
    secs, rss = out.stdout.split()
    return float(secs), int(rss) / 1024


def events_of(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated (add 100000)")
    ap.add_argument("--processes", type=int, default=1, help="-j for the memory runs (1: all in one process)")
    ap.add_argument("--dask", type=int, default=400, help="articles for Dask vs local (0: skip)")
    ap.add_argument("--before", metavar="MARSAD", help="another checkout's marsad command (e.g. one that held every "
                                                      "event before writing): measured beside, on the same files")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    with tempfile.TemporaryDirectory(prefix="marsad-bench-stream-") as tmp:
        print(f"peak RSS of `marsad extract DIR -o events.jsonl -j {args.processes}` (sentences never repeat):")
        print(f"{'articles':>9} {'sentences':>10} {'distinct':>9} {'seconds':>8} {'art/s':>7} {'peak RSS':>9} {'events':>8}"
              + (f" {'before: s':>10} {'peak RSS':>9}" if args.before else ""))
        for n in sizes:
            folder = Path(tmp) / f"in-{n}"
            folder.mkdir()
            total, distinct = write_corpus(folder, n)
            out = Path(tmp) / f"out-{n}.jsonl"
            secs, rss = run(["extract", str(folder), "-o", str(out), "-q", "-j", str(args.processes)])
            n_events = sum(1 for _ in out.open(encoding="utf-8"))
            line = f"{n:>9,} {total:>10,} {distinct / total:>8.1%} {secs:>8.1f} {n / secs:>7.1f} {rss:>7.0f} MB {n_events:>8,}"
            if args.before:
                b_secs, b_rss = run(["extract", str(folder), "-o", str(out), "-q", "-j", str(args.processes)],
                                    [args.before])
                line += f" {b_secs:>10.1f} {b_rss:>6.0f} MB  (RSS {b_rss / rss:.1f}x)"
            print(line, flush=True)
            out.unlink()
            for f in folder.iterdir():
                f.unlink()

        if args.dask <= 0:
            return
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("Dask not installed (pip install -e '.[dask]'): Dask vs local skipped")
            return
        folder = Path(tmp) / "in-dask"
        folder.mkdir()
        write_corpus(folder, args.dask, seed=15)
        local, dask = Path(tmp) / "local.jsonl", Path(tmp) / "dask.jsonl"
        t_local, rss_local = run(["extract", str(folder), "-o", str(local), "-q", "-j", "2"])
        t_dask, rss_dask = run(["extract", str(folder), "-o", str(dask), "-q", "-j", "2", "--engine", "dask"])
        same = events_of(local) == events_of(dask)
        print(f"\n{args.dask} articles, 2 workers (start-up included):")
        print(f"  local -j 2          {t_local:6.1f} s  {args.dask / t_local:6.1f} articles/s  peak RSS {rss_local:.0f} MB")
        print(f"  dask LocalCluster 2 {t_dask:6.1f} s  {args.dask / t_dask:6.1f} articles/s  peak RSS {rss_dask:.0f} MB")
        print(f"  dask / local time: {t_dask / t_local:.2f}x; identical events: {same} ({len(events_of(local))} events)")


if __name__ == "__main__":
    main()
