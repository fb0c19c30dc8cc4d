"""Inputs that used to cost quadratic time, at 1x, 4x and 16x size, measured side by side.

Run: .venv/bin/python bench/bench_robust.py [SCALE]   (default 1: 16x is ~0.8 MB of tag soup and
16,000 near-identical sentences). Linear work shows as a time ratio close to the size ratio
(4 and 16); quadratic work would show 16 and 256.

- tag soup: HTML with thousands of unclosed tags and stray end tags (the reader's end-tag
  handler used to scan the open-tag stack for each one);
- near-identical sentences: one line of the same report repeated with a changing count (merging
  reports of one happening used to compare each report with every earlier one);
- unclosed quotes: one line of sentences, each opening « without closing it (sentence splitting).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.articles import parse_html  # noqa: E402
from events.extract import extract_article  # noqa: E402
from events.schema import Article  # noqa: E402
from events.sentences import split_sentences  # noqa: E402

REPORT = "قتل {n} عناصر من تنظيم داعش في هجوم على حاجز للجيش في دير الزور يوم الخميس. "
QUOTE = "وقال المتحدث «إن القوات تواصل عملياتها في المنطقة. "


def tag_soup(n: int) -> Callable[[], object]:
    page = ("<html><body>" + "<div><span>نص غير مغلق " * n + "</b></i></em>" * n
            + "<p>أعلنت الشرطة اعتقال ثلاثة أشخاص.</p></body></html>")
    return lambda: parse_html(page, "soup.html")


def near_identical(n: int) -> Callable[[], object]:
    text = "".join(REPORT.format(n=k % 7 + 2) for k in range(n))
    art = Article(id="bench", title="هجوم", published="2024-04-26", source=None, url=None, language="ar",
                  text=text, path="bench")
    return lambda: extract_article(art)


def unclosed_quotes(n: int) -> Callable[[], object]:
    text = QUOTE * n
    return lambda: split_sentences(text)


CASES = (("tag soup (HTML)", tag_soup, 2_000, "tags"),
         ("near-identical sentences", near_identical, 1_000, "sentences"),
         ("unclosed quotes", unclosed_quotes, 5_000, "sentences"))


def timed(run: Callable[[], object]) -> float:
    """CPU seconds of one run (the machine is shared: wall time would measure the neighbours)."""
    t = time.process_time()
    run()
    return time.process_time() - t


def main(scale: float) -> None:
    near_identical(10)()  # load the lexicons and the gazetteer before timing
    print(f"{'case':26s} {'size':>9s} {'unit':10s} {'cpu s':>8s} {'time ratio':>10s} {'size ratio':>10s}")
    for label, make, base, unit in CASES:
        first = None
        for factor in (1, 4, 16):
            n = int(base * factor * scale)
            dt = timed(make(n))
            first = first or dt
            print(f"{label:26s} {n:9,d} {unit:10s} {dt:8.3f} {dt / first:10.1f} {factor:10d}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
