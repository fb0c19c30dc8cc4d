"""Benchmark of events.dates.find_dates against the floor and against dateparser.

Run: .venv/bin/python bench/bench_dates.py [--articles 1000] [--dateparser-articles 30]

The corpus is built at run time by recombining real sentences: the bundled articles of
data/articles and, when present, the dev corpus (../shared/corpus/dev/articles).  No corpus text
is written anywhere.  Printed figures:
- the floor: reading (joining) and normalizing the same text with geo.arabic.normalize_with_index;
- find_dates over every article (articles/s on one core, KB/s);
- dateparser.search.search_dates(text, languages=['ar']) on a subset (it is much slower), KB/s;
- a table of ~40 Arabic date expressions with our interval and dateparser's answer, both
  relative to the same publication date (dateparser's RELATIVE_BASE).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.dates import find_dates  # noqa: E402
from geo.arabic import normalize_with_index, script_of  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev" / "articles"
_SPLIT = re.compile(r"(?<=[.!؟?])\s+|\n+")


def _bodies() -> list[str]:
    out = []
    for path in sorted((ROOT / "data" / "articles").glob("*.txt")):
        out.append(path.read_text(encoding="utf-8"))
    if DEV.is_dir():
        for path in sorted(DEV.glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            out.append(raw.split("\n\n", 1)[-1])
    return out


def build_corpus(n: int, seed: int = 7) -> list[tuple[str, date]]:
    """n Arabic articles of 8–30 real sentences each, with a publication date."""
    sentences = [s.strip() for body in _bodies() for s in _SPLIT.split(body)]
    sentences = [s for s in sentences if len(s) > 20 and script_of(s) == "ar"]
    if not sentences:
        raise SystemExit("no Arabic sentences found in data/articles")
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(8, 30)
        text = "\n".join(rng.choice(sentences) for _ in range(k))
        pub = date(2018, 1, 1).fromordinal(date(2018, 1, 1).toordinal() + rng.randrange(8 * 365))
        out.append((text, pub))
    return out


EXPRESSIONS = [
    "26 أبريل 2024", "٢٥ نيسان ٢٠٢٤", "20 كانون الثاني 2022", "13/12/2022", "(27/7/2024)",
    "عام 2022", "في عام 2024 وحده", "خلال 2023", "14 رمضان 1445 هـ", "الأول من شهر صفر",
    "سنة 61 للهجرة الموافق 680 ميلادي", "مارس/آذار 2023", "آب اغسطس 2023", "حزيران/يونيو الماضي",
    "أمس", "اليوم", "أمس الجمعة", "مساء أمس", "صباح اليوم الاثنين", "يوم غد الاثنين",
    "الخميس الماضي", "يوم الأحد الماضي", "يوم الأربعاء الفائت", "الليلة الفائتة", "فجر اليوم",
    "منذ يومين", "قبل يومين", "قبل شهر", "الشهر الماضي", "الأسبوع الماضي", "العام الماضي",
    "العام السابق", "22 نيسان الماضي", "أواخر شهر آب الماضي", "منتصف شهر نيسان/أبريل الماضي",
    "مطلع شهر مايو المقبل", "صيف ٢٠٢٤", "شتاء 2023", "منذ آب اغسطس الفائت", "الأسبوعين الماضيين",
    "يوم الجمعة ٩ ايلول ٢٠٢٢", "من مواليد 1995",
]


def _ours(expr: str, pub: date) -> str:
    ms = find_dates(f"قالت المصادر إن الهجوم وقع {expr} في المدينة.", pub)
    if not ms:
        return "—"
    m = ms[0]
    if m.date_start is None:
        return f"unknown ({m.text})"
    span = m.date_start.isoformat() if m.date_start == m.date_end else f"{m.date_start}..{m.date_end}"
    return f"{span} {m.precision}"


def _theirs(expr: str, pub: date) -> str:
    from dateparser.search import search_dates

    try:
        found = search_dates(f"قالت المصادر إن الهجوم وقع {expr} في المدينة.", languages=["ar"],
                             settings={"RELATIVE_BASE": datetime(pub.year, pub.month, pub.day)})
    except Exception as exc:  # dateparser raises on some inputs; report, do not stop
        return f"error {type(exc).__name__}"
    if not found:
        return "—"
    return "; ".join(f"{d.date().isoformat()} ({t.strip()})" for t, d in found[:3])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--dateparser-articles", type=int, default=30)
    ap.add_argument("--no-table", action="store_true")
    args = ap.parse_args(argv)

    corpus = build_corpus(args.articles)
    kb = sum(len(t.encode("utf-8")) for t, _ in corpus) / 1024
    find_dates("warm up the lexicon", None)
    print(f"corpus: {len(corpus)} Arabic articles recombined from real sentences, {kb:,.0f} KB")

    t0 = time.process_time()
    for text, _ in corpus:
        normalize_with_index("".join(text))
    floor = time.process_time() - t0

    t0 = time.process_time()
    n_mentions = 0
    for text, pub in corpus:
        n_mentions += len(find_dates(text, pub))
    ours = time.process_time() - t0

    sub = corpus[: args.dateparser_articles]
    sub_kb = sum(len(t.encode("utf-8")) for t, _ in sub) / 1024
    dp = None
    try:
        from dateparser.search import search_dates

        search_dates("warm up", languages=["ar"])
        t0 = time.process_time()
        for text, pub in sub:
            search_dates(text, languages=["ar"], settings={"RELATIVE_BASE": datetime(pub.year, pub.month, pub.day)})
        dp = time.process_time() - t0
    except ImportError:
        pass

    print()
    print(f"{'what':48} {'seconds':>9} {'articles/s':>11} {'KB/s':>10}")
    print(f"{'floor: read + normalize_with_index':48} {floor:9.2f} {len(corpus) / floor:11.0f} {kb / floor:10.0f}")
    print(f"{'find_dates (' + str(n_mentions) + ' mentions)':48} {ours:9.2f} {len(corpus) / ours:11.0f} {kb / ours:10.0f}")
    if dp is not None:
        print(f"{'dateparser search_dates ar (' + str(len(sub)) + ' articles)':48} {dp:9.2f} {len(sub) / dp:11.2f} {sub_kb / dp:10.1f}")
        print(f"find_dates is {(sub_kb / dp and (kb / ours) / (sub_kb / dp)):.0f}x faster than dateparser per KB "
              f"and takes {ours / floor:.1f}x the floor (one core).")

    if not args.no_table:
        pub = date(2024, 4, 26)
        print()
        print(f"Publication date {pub} (a Friday); each expression is searched inside «قالت المصادر إن الهجوم وقع … في المدينة.»")
        print(f"{'expression':36} | {'find_dates':34} | dateparser search_dates(ar)")
        print("-" * 110)
        for expr in EXPRESSIONS:
            print(f"{expr:36} | {_ours(expr, pub):34} | {_theirs(expr, pub)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
