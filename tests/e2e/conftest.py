"""Real-browser fixtures: one dashboard server and one headless Chromium per test module.

The dashboard runs with ``streamlit run dashboard/app.py`` on a free localhost port against a
temporary store holding a small, known set of events (Arabic sentences, several places, types,
precisions), so the tests can state exactly what the user must see.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from events.schema import Article, make_article_id, validate
from events.snapshot import dashboard_server, local_browser, new_local_page, wait_for_app
from events.store import Store


def _load_parent_conftest() -> Any:
    # Both files are modules named "conftest" (tests/ is not a package); while this directory's
    # tests are collected, `from conftest import X` finds this one, so it re-exports the
    # parent's names (ROOT, SEED, require_browser…) loaded under a distinct module name.
    path = Path(__file__).resolve().parent.parent / "conftest.py"
    spec = importlib.util.spec_from_file_location("marsad_tests_conftest", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


_parent = _load_parent_conftest()
ROOT, DATA, SEED, SHARED, CORPUS_DEV, CHROMIUM = (
    _parent.ROOT, _parent.DATA, _parent.SEED, _parent.SHARED, _parent.CORPUS_DEV, _parent.CHROMIUM)
require_browser = _parent.require_browser

pytestmark = pytest.mark.e2e

# (type, actors, place_name, place_name_ar, lat, lon, geo_precision, date_start, date_end,
#  date_precision, tense, Arabic sentence)
EVENTS: list[tuple[Any, ...]] = [
    ("arrest", ["Syrian Democratic Forces", "Islamic State"], "Al-Hol camp", "مخيم الهول", 36.378, 41.146, "point",
     "2024-03-10", "2024-03-10", "day", "past", "أعلنت قسد اعتقال خمسة من عناصر داعش في مخيم الهول يوم 10 آذار 2024."),
    ("attack", ["Islamic State"], "Al-Hasakah", "الحسكة", 36.502, 40.748, "city",
     "2022-01-20", "2022-01-20", "day", "past", "هاجم مسلحو داعش سجن غويران في مدينة الحسكة في 20 كانون الثاني 2022."),
    ("prison_break", ["Islamic State"], "Ghuwayran prison", "سجن غويران", 36.478, 40.729, "point",
     "2022-01-21", "2022-01-21", "day", "past", "فرّ عشرات السجناء من سجن غويران بعد الهجوم في 21 كانون الثاني 2022."),
    ("airstrike", ["Global Coalition against Daesh"], "Deir ez-Zor", "دير الزور", 35.336, 40.141, "city",
     "2023-08-01", "2023-08-31", "month", "past", "شنّ التحالف الدولي غارات على مواقع في دير الزور خلال آب 2023."),
    ("arrest", ["Iraqi security forces", "Islamic State"], "Baghdad", "بغداد", 33.341, 44.401, "city",
     "2023-11-05", "2023-11-05", "day", "past", "اعتقلت القوات الأمنية العراقية ثلاثة من عناصر داعش في بغداد في 5 تشرين الثاني 2023."),
    ("statement", ["United States"], "Syria", "سوريا", 35.0, 38.5, "country",
     "2023-01-01", "2023-12-31", "year", "past", "قالت الولايات المتحدة إن قواتها ستبقى في سوريا خلال عام 2023."),
    ("deployment", ["United States"], "Iraq", "العراق", 33.0, 43.7, "country",
     "2024-06-01", "2024-08-31", "season", "planned", "تعتزم الولايات المتحدة نشر مزيد من الجنود في العراق صيف 2024."),
    ("bombing", ["Islamic State"], "Raqqa", "الرقة", 35.95, 39.009, "city",
     None, None, "unknown", "past", "انفجرت عبوة ناسفة في مدينة الرقة وأسفرت عن مقتل شخصين."),
    ("attack", ["Islamic State"], "Mosul", "الموصل", 36.335, 43.119, "city",
     "2021-05-14", "2021-05-14", "day", "past", "هاجم مسلحو داعش نقطة تفتيش قرب الموصل في 14 أيار 2021."),
    ("meeting", ["Global Coalition against Daesh", "Iraqi government"], "Erbil", "أربيل", 36.191, 44.009, "city",
     "2024-02-06", "2024-02-06", "day", "past", "عقد التحالف الدولي والحكومة العراقية اجتماعاً في أربيل في 6 شباط 2024."),
]
TITLES = ("قسد تعتقل خلايا لداعش في مخيم الهول", "عام على هجوم سجن غويران في الحسكة")


def build_store(path: Path, rows: list[tuple[Any, ...]] | None = None) -> Path:
    """A store with two Arabic articles and the ``EVENTS`` above (or ``rows`` of the same shape)."""
    store = Store(path)
    rows = EVENTS if rows is None else rows
    halves = (rows[:5], rows[5:])
    articles, events = [], []
    for title, part in zip(TITLES, halves):
        text = " ".join(e[-1] for e in part)
        aid = make_article_id(title, text)
        articles.append(Article(id=aid, title=title, published="2024-06-01", source="عنب بلدي",
                                url=None, language="ar", text=text, path="e2e"))
        offset = 0
        for (etype, actors, place, place_ar, lat, lon, gprec, ds, de, dprec, tense, sentence) in part:
            events.append(validate({
                "article_id": aid, "source": "عنب بلدي", "published": "2024-06-01", "language": "ar",
                "event_type": etype, "date_start": ds, "date_end": de, "date_precision": dprec,
                "date_text": None, "tense": tense, "place_name": place, "place_name_ar": place_ar,
                "place_text": place_ar, "place_id": f"marsad:{place.lower().replace(' ', '-')}",
                "country": "IQ" if lon > 42 else "SY",
                "lat": lat, "lon": lon, "geo_precision": gprec, "actors": actors, "actor1": actors[0],
                "counts": {"arrested": 5} if etype == "arrest" else {}, "sentence": sentence,
                "sentence_start": offset, "sentence_end": offset + len(sentence),
                "headline": f"{etype.replace('_', ' ').capitalize()} in {place}", "confidence": 0.9,
            }))
            offset += len(sentence) + 1
    store.add_articles(articles)
    store.put_events(events)
    store.close()
    return path


def settle(page: Any, timeout: int = 60_000) -> None:
    """Wait for the script run that the last input triggered to finish."""
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stApp']\").getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout)
    page.wait_for_timeout(500)


def table_rows(page: Any) -> int:
    """Rows of the events table (glide's accessible grid counts the header row too)."""
    grid = page.locator(".st-key-table_box [role='grid']").first
    grid.wait_for(state="attached", timeout=30_000)
    return int(grid.get_attribute("aria-rowcount")) - 1


def caption(page: Any) -> str:
    return page.locator(".st-key-caption_box").inner_text()


@pytest.fixture(scope="module")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("e2e") / "e2e.db")


@pytest.fixture(scope="module")
def app_url(e2e_store: Path) -> Iterator[str]:
    """Base URL of a dashboard running on the e2e store (one server per test module)."""
    require_browser()
    with dashboard_server(e2e_store, timeout=180) as url:
        yield url


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Any]:
    with local_browser(require_browser()) as b:
        yield b


@pytest.fixture
def open_page(browser: Any, app_url: str):
    """``open_page(query="", requests=None)`` → a loaded page; requests to other hosts are aborted."""
    pages = []

    def _open(query: str = "", requests: list[str] | None = None, blocked: list[str] | None = None,
              width: int = 1500, height: int = 1100) -> Any:
        page = new_local_page(browser, width=width, height=height, requests=requests, blocked=blocked)
        pages.append(page)
        page.goto(f"{app_url}/?{query}" if query else f"{app_url}/", timeout=120_000)
        wait_for_app(page, timeout=150)
        return page

    yield _open
    for p in pages:
        p.context.close()
