"""Work grows linearly with the input, counted in operations, not seconds.

Times are in bench/bench_robust.py; here the number of comparisons made is counted, so the test
is exact and does not depend on the machine's load.
"""

from __future__ import annotations

import pytest

from events import articles as articles_mod
from events import extract as extract_mod
from events.schema import Article


class _CountingTag(str):
    """A tag name that counts how often it is compared (a scan of the open-tag stack)."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountingTag.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _comparisons(page: str) -> int:
    class Parser(articles_mod._ArticleHTML):
        def handle_starttag(self, tag, attrs):
            super().handle_starttag(_CountingTag(tag), attrs)

    _CountingTag.compared = 0
    p = Parser()
    p.feed(page)
    p.close()
    return _CountingTag.compared


@pytest.mark.parametrize("unit", [
    "<div><span>نص غير مغلق ",  # unclosed tags …
    "<b><i>text <em>",
])
def test_stray_end_tags_cost_the_same_whatever_is_left_open(unit):
    def page(n: int) -> str:
        return "<html><body>" + unit * n + "</strong></u></small>" * n + "</body></html>"

    small, big = _comparisons(page(200)), _comparisons(page(1600))
    assert big <= 8 * max(small, 1) + 50, (small, big)  # 8x the input: at most ~8x the work


REPORTS = {
    "ar": "قتل {n} عناصر من تنظيم داعش في هجوم على حاجز للجيش في دير الزور يوم الخميس. ",
    "en": "Islamic State fighters killed {n} soldiers in an attack on an army checkpoint in Deir ez-Zor on Thursday. ",
}


@pytest.mark.parametrize("language", sorted(REPORTS))
def test_merging_near_identical_reports_is_linear(language, monkeypatch):
    calls = {"n": 0}
    real = extract_mod._compatible

    def counting(a, b):
        calls["n"] += 1
        return real(a, b)

    monkeypatch.setattr(extract_mod, "_compatible", counting)

    def work(n: int) -> tuple[int, int]:
        calls["n"] = 0
        text = "".join(REPORTS[language].format(n=k % 5 + 2) for k in range(n))
        art = Article(id="a", title="", published="2024-04-26", source=None, url=None, language=language,
                      text=text, path="x")
        events = extract_mod.extract_article(art)
        return calls["n"], len(events)

    (small, n_small), (big, n_big) = work(60), work(480)
    assert n_small == n_big == 1  # the same happening reported again and again: one event
    assert big <= 8 * max(small, 1) + 50, (small, big)
