"""The dashboard served on a Parquet dataset (``marsad serve --source DIR``) in headless Chromium:
it draws the timeline, map and table, filters from the sidebar and the URL, and stays offline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import EVENTS, build_store, caption, require_browser, settle, table_rows
from events.dataset import write_dataset
from events.snapshot import dashboard_server, local_browser, new_local_page, wait_for_app
from events.store import Store

pytestmark = pytest.mark.e2e
N = len(EVENTS)


@pytest.fixture(scope="module")
def dataset_url(tmp_path_factory):
    pytest.importorskip("duckdb")
    require_browser()
    tmp = tmp_path_factory.mktemp("dataset_e2e")
    with Store(build_store(tmp / "events.db")) as store:
        write_dataset(store, tmp / "dataset")
    with dashboard_server(tmp / "curation.db", timeout=180, env={"MARSAD_SOURCE": str(tmp / "dataset")}) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(dataset_url):
    with local_browser(require_browser()) as b:
        yield b


def test_the_dataset_page_draws_filters_and_stays_offline(chromium, dataset_url):
    requests: list[str] = []
    page = new_local_page(chromium, requests=requests)
    try:
        page.goto(f"{dataset_url}/?type=arrest", timeout=120_000)
        wait_for_app(page, timeout=150)
        arrests = [e for e in EVENTS if e[0] == "arrest"]
        assert caption(page).startswith(f"{len(arrests)} of {N} events")
        assert table_rows(page) == len(arrests)
        page.locator(".st-key-timeline_box .js-plotly-plot").first.wait_for(timeout=30_000)
        page.locator(".st-key-map_box canvas").first.wait_for(state="attached", timeout=30_000)
        # a second type from the sidebar: the caption, the table and the link follow
        box = page.locator(".st-key-f_types input").first
        box.click()
        box.fill("attack")
        page.locator("[role='option']").first.wait_for(timeout=30_000)
        box.press("Enter")
        page.keyboard.press("Escape")
        settle(page)
        both = [e for e in EVENTS if e[0] in ("arrest", "attack")]
        assert caption(page).startswith(f"{len(both)} of {N} events")
        assert table_rows(page) == len(both)
        assert "type=attack" in page.url and "type=arrest" in page.url
    finally:
        page.context.close()
    hosts = {urlsplit(u).hostname for u in requests if u.startswith("http")}
    assert hosts <= {"localhost", "127.0.0.1"}, hosts
