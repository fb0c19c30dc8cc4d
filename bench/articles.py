"""Article reading throughput per format and encoding (generated files, no corpus text).

Run: .venv/bin/python bench/articles.py [N]   (default 500 files per case). Prints figures.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.articles import read_articles_report  # noqa: E402

TITLE = "اعتقال خلية في مخيم الهول شرقي الحسكة رقم {n}"
PARA = ("أعلنت قوى الأمن الداخلي اعتقال ثلاثة أشخاص في مخيم الهول يوم الخميس، وقالت في بيان إن "
        "العملية جرت بالتنسيق مع قوات التحالف الدولي بعد رصد تحركات مشبوهة داخل القطاع الخامس.")
BODY = "\n".join([PARA] * 12)  # ~2.2 KB of Arabic, a typical news article


def scraped(n: int) -> str:
    return (f"{TITLE.format(n=n)}\nتاريخ النشر: 26 أبريل 2024\nتابع أحدث الأخبار عبر تطبيق\n{BODY}\n"
            f"المصدر: وكالة الاختبار\nكلمات دلالية: الهول الحسكة\n")


CASES = {
    "txt scraped utf-8": (".txt", lambda n: scraped(n).encode("utf-8")),
    "txt scraped cp1256": (".txt", lambda n: scraped(n).encode("cp1256")),
    "txt scraped utf-16": (".txt", lambda n: scraped(n).encode("utf-16")),
    "txt header format": (".txt", lambda n: (f"{TITLE.format(n=n)}\npublished: 2024-04-26\nsource: test\n"
                                            f"url: https://example.org/{n}\nlanguage: ar\n\n{BODY}\n").encode()),
    "html": (".html", lambda n: (f'<html><head><meta property="og:title" content="{TITLE.format(n=n)}">'
                                 '<meta property="article:published_time" content="2024-04-26T10:00:00Z">'
                                 "</head><body><nav><p>الرئيسية</p></nav><article>"
                                 + "".join(f"<p>{PARA}</p>" for _ in range(12))
                                 + "</article></body></html>").encode()),
}


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for label, (suffix, make) in CASES.items():
            folder = Path(tmp) / label.replace(" ", "_")
            folder.mkdir()
            for i in range(n):
                (folder / f"{i:05d}{suffix}").write_bytes(make(i))
            t = time.perf_counter()
            arts, errors = read_articles_report(folder)
            dt = time.perf_counter() - t
            print(f"{label:20s} {len(arts):6d} articles  {dt:6.2f} s  {len(arts) / dt:8.0f} articles/s  errors {len(errors)}")
        jsonl = Path(tmp) / "batch.jsonl"
        jsonl.write_text("\n".join(json.dumps({"id": f"a{i}", "title": TITLE.format(n=i), "published": "2024-04-26",
                                               "text": BODY}, ensure_ascii=False) for i in range(n * 4)), encoding="utf-8")
        t = time.perf_counter()
        arts, errors = read_articles_report(jsonl)
        dt = time.perf_counter() - t
        print(f"{'jsonl (one file)':20s} {len(arts):6d} articles  {dt:6.2f} s  {len(arts) / dt:8.0f} articles/s  errors {len(errors)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
