"""The dev corpus, component by component and as a whole, by part of the corpus.

Run: .venv/bin/python bench/bench_corpus.py [GOLD_DIR]

Printed for files 01–17 (the first set), the odd files (developed on), the even files (checked
on) and all:
- date finder: gold ``date_text`` strings covered by a date mention with the gold interval;
- place finder: distinct located gold places found within 30 km by a non-metonymic mention;
- the whole extractor (``marsad evaluate``): one-to-one recall, many-to-one recall, precision,
  fully right (type, date and place all right), type, date, place, actor F1.
The corpus is read from ``../shared/corpus/dev`` at run time, never copied.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.evaluate import (PARTS, Scores, date_text_recall, gold_place_recall, read_gold,  # noqa: E402
                             score_article, select_part)
from events.extract import extract_article  # noqa: E402


def main() -> int:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "dev"
    if not (gold_dir / "gold").is_dir():
        print(f"no dev corpus at {gold_dir}: nothing to measure")
        return 0
    t0 = time.perf_counter()
    stated = read_gold(gold_dir)
    inferred = read_gold(gold_dir, inferred=True)
    scored = {ga.name: score_article(extract_article(ga.article), ga.gold, ga.article.text, ga.name) for ga in stated}
    keys = ("recall", "recall_many_to_one", "precision", "fully_right", "type_accuracy", "date_accuracy",
            "place_accuracy", "actor_f1")
    heads = ("recall1:1", "recallm:1", "precision", "fully", "type", "date", "place", "actor_f1")
    print(f"{'part':6} {'files':>5} {'date texts':>14} {'gold places':>14} " + " ".join(f"{h:>9}" for h in heads))
    for part in PARTS:
        dg, dt = date_text_recall(select_part(inferred, part))
        ph, pt = gold_place_recall(select_part(stated, part))
        total = Scores()
        for ga in select_part(stated, part):
            total.add(scored[ga.name])
        f = total.figures()
        n = len(select_part(stated, part))
        print(f"{part:6} {n:>5} {dg:>4}/{dt:<4} {dg / dt:.2f} {ph:>4}/{pt:<4} {ph / pt:.2f} "
              + " ".join(f"{f[k]:>9.3f}" for k in keys))
    print(f"\n({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
