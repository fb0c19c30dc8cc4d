"""XSS in a real browser: an article whose title, outlet, sentences and actor names are payloads.

Starts ``streamlit run dashboard/app.py`` (and a page with the event editor) on free localhost
ports over a temporary store, drives headless Chromium, and asserts that no script runs (no
dialog), no element is injected (no ``img[src=x]``, no foreign ``<script>``, no request to the
payloads' hosts) and that the payload is visible as text.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, require_browser
from dashboard import tables
from events import curation
from events.schema import Article, validate
from events.store import Store

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">js-link</a>'
MD_LINK = "[mdlink](javascript:alert(1))"
MD_IMG = "![mdimg](http://evil.invalid/x.png)"
SVG = '"><svg onload=alert(1)>'
PAYLOADS = (SCRIPT, IMG, JS_LINK, MD_LINK, MD_IMG, SVG)
TITLE = f"عنوان {SCRIPT} {MD_IMG}"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

EDITOR_PAGE = """
import os
from events.store import Store
from dashboard.edit import render_editor, render_add_event
store = Store(os.environ["MARSAD_DB"])
render_editor(store, os.environ["MARSAD_XSS_EVENT"], os.environ["MARSAD_XSS_USER"])
render_add_event(store, os.environ["MARSAD_XSS_USER"])
"""


def hostile_db(path: Path) -> str:
    """A store whose article and events carry the payloads everywhere; returns one event id."""
    s = Store(path)
    s.add_articles([Article(id="ar_xss", title=TITLE, published="2024-04-26", source=f"{IMG} outlet",
                            url="javascript:alert(1)", language="ar",
                            text=" ".join(f"اعتقلت قسد عناصر {p} في الهول." for p in PAYLOADS))])
    events = []
    for i, p in enumerate(PAYLOADS):
        events.append(validate(dict(
            article_id="ar_xss", event_type=("arrest", "attack", "protest")[i % 3],
            date_start=f"2024-04-{10 + i:02d}", date_end=f"2024-04-{10 + i:02d}", date_precision="day",
            date_text=p, place_name=f"{p} camp", place_name_ar=f"مخيم {p}", place_text=p,
            lat=36.4 + i * 0.01, lon=41.1 + i * 0.01, country="SY", geo_precision="point",
            actors=[f"{p} brigade"], counts={"arrested": i + 1}, source=f"{IMG} outlet",
            url="javascript:alert(1)", sentence=f"اعتقلت قسد عناصر {p} في الهول.",
            sentence_start=i * 40, sentence_end=i * 40 + 30, headline=f"{p} headline")))
    s.put_events(events)
    target = events[0].event_id
    # history rows whose old/new values and user name are payloads too
    curation.edit_event(s, target, {"headline": f"{IMG} edited {MD_LINK}"}, user=f"{SCRIPT}user")
    s.close()
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(script: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("streamlit did not come up")


def stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("xss")
    db = tmp / "marsad.db"
    event_id = hostile_db(db)
    editor = tmp / "editor_page.py"
    editor.write_text(textwrap.dedent(EDITOR_PAGE))
    env = {"MARSAD_DB": str(db), "MARSAD_XSS_EVENT": event_id, "MARSAD_XSS_USER": f"{IMG}analyst"}
    app, app_url = serve(ROOT / "dashboard" / "app.py", env)
    try:
        ed, ed_url = serve(editor, env)
    except Exception:
        stop(app)
        raise
    yield {"app": app_url, "editor": ed_url, "db": db, "event_id": event_id}
    stop(app, ed)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(require_browser()), headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """A page that records dialogs, and requests leaving localhost (blocked)."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1500, "height": 1100})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:", "ws://127.0.0.1")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def injected(self) -> dict[str, int]:
        """Elements only a payload could have made."""
        q = self.page.locator
        return {
            "img[src=x]": q("img[src='x']").count(),
            "img from evil": q("img[src*='evil']").count(),
            "svg[onload]": q("svg[onload]").count(),
            "[onerror]": q("[onerror]").count(),
            "javascript: link": q("a[href^='javascript']").count(),
            "mdlink/md image": q("a:has-text('mdlink'), img[alt='mdimg']").count(),
            "inline alert script": self.page.evaluate(
                "() => [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length"),
        }

    def assert_clean(self) -> None:
        self.page.wait_for_timeout(800)  # let any onerror/onload fire
        assert self.dialogs == [], f"a script ran: {self.dialogs}"
        assert not any(self.injected().values()), self.injected()
        assert not [u for u in self.outside if "evil" in u], self.outside

    def text(self) -> str:
        return self.page.inner_text("body")

    def close(self) -> None:
        self.context.close()


def wait_app(w: Watch, url: str) -> None:
    w.page.goto(url)
    w.page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    w.page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
        "|| !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=60_000)
    w.page.wait_for_selector(".st-key-table_box [data-testid='stDataFrame']", timeout=60_000)
    w.page.wait_for_timeout(1500)


def test_explore_page_timeline_map_table_and_detail(servers, browser):
    w = Watch(browser)
    try:
        wait_app(w, servers["app"])
        w.assert_clean()
        # Timeline: hover each mark; the hover label shows the payload as text, nothing injected.
        points = w.page.locator(".st-key-timeline_box .scatterlayer .point")
        assert points.count() >= len(PAYLOADS)
        hovered = []
        for i in range(points.count()):
            points.nth(i).hover(force=True)
            w.page.wait_for_timeout(150)
            label = w.page.locator(".st-key-timeline_box .hoverlayer").text_content() or ""
            hovered.append(label)
            assert w.page.locator(".st-key-timeline_box .hoverlayer a").count() == 0
        joined = "\n".join(hovered)
        assert SCRIPT in joined and IMG in joined, joined[:500]
        w.assert_clean()
        # Map: hover until a mark's tooltip shows; its values are text, no element injected.
        canvas = w.page.locator(".st-key-map_box canvas").first
        canvas.scroll_into_view_if_needed()
        w.page.wait_for_timeout(1500)
        box = canvas.bounding_box()
        tip = w.page.locator(".deck-tooltip")
        shown = ""
        for fy in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            for fx in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9):
                w.page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
                w.page.wait_for_timeout(80)
                if tip.count() and tip.first.is_visible() and tip.first.inner_text().strip():
                    shown = tip.first.inner_text()
                    break
            if shown:
                break
        assert "onload=alert(1)" in shown or "onerror=alert(1)" in shown or "alert(1)" in shown, shown
        assert tip.first.locator("img, svg, script, a, iframe").count() == 0
        w.assert_clean()
        # Table: select the first row (the row marker column of the grid), then the detail panel.
        grid = w.page.locator(".st-key-table_box [data-testid='stDataFrame']").first
        grid.scroll_into_view_if_needed()
        w.page.wait_for_timeout(500)
        box = grid.bounding_box()
        # the row checkbox sits in the middle of the first row, under the header
        w.page.mouse.click(box["x"] + 18, box["y"] + tables.HEADER_PX + tables.ROW_HEIGHT_PX / 2)
        w.page.wait_for_selector(".st-key-detail_box .marsad-detail", timeout=30_000)
        w.page.wait_for_timeout(800)
        detail = w.page.locator(".st-key-detail_box").inner_text()
        assert "headline" in detail and any(p in detail for p in PAYLOADS), detail[:500]
        assert SCRIPT in detail and IMG in detail  # title, outlet, the field table: as text
        w.assert_clean()
        # Articles tab: the stored article's title as text, its javascript: url not a link.
        w.page.get_by_role("tab", name="Articles", exact=True).click()
        w.page.wait_for_selector("table.marsad-articles", timeout=30_000)
        assert w.page.locator("table.marsad-articles td").first.inner_text() == TITLE
        assert w.page.locator("table.marsad-articles a").count() == 0
        w.assert_clean()
    finally:
        w.close()


def test_link_with_hostile_search_text(servers, browser):
    """A shared link is attacker-controlled: its search text is echoed in the caption as text."""
    w = Watch(browser)
    try:
        q = f"{MD_IMG} {MD_LINK} [phish](http://evil.invalid/login) {IMG}"
        wait_app(w, f"{servers['app']}/?q={quote(q)}")
        caption = w.page.locator(".st-key-caption_box").inner_text()
        assert "evil.invalid/x.png" in caption and "[phish]" in caption, caption
        assert w.page.locator(".st-key-caption_box a").count() == 0
        w.assert_clean()
    finally:
        w.close()


def test_upload_with_hostile_file_names(servers, browser, tmp_path):
    w = Watch(browser)
    try:
        wait_app(w, servers["app"])
        w.page.get_by_role("tab", name="Add articles", exact=True).click()
        name = f"{IMG}[mdlink](evil.html)![mdimg](evil.png).txt"
        # only unreadable files: no extraction runs, the per-file errors come back at once
        files = [{"name": name, "mimeType": "text/plain", "buffer": b"\x00\x01binary\x00" * 50},
                 {"name": f"{SVG}.txt", "mimeType": "text/plain", "buffer": "café".encode("latin-1") * 20}]
        w.page.locator(".st-key-upload_files input[type=file]").set_input_files(files)
        w.page.wait_for_timeout(1500)
        w.page.locator(".st-key-upload_go button").click()
        w.page.wait_for_selector("[data-testid='stAlertContentError']", timeout=60_000)
        w.page.wait_for_timeout(1000)
        errors = " ".join(w.page.locator("[data-testid='stAlertContentError']").all_inner_texts())
        assert "binary" in errors and "onerror" in errors and "UTF-8" in errors and "<svg onload=alert(1)>.txt" in errors, errors
        w.assert_clean()
    finally:
        w.close()


def test_editor_and_history_show_payloads_as_text(servers, browser):
    w = Watch(browser)
    try:
        w.page.goto(servers["editor"])
        w.page.wait_for_selector("button:has-text('Save changes')", timeout=60_000)
        field = w.page.get_by_label("Headline (English)").first
        field.wait_for(timeout=60_000)  # widgets' components load after the page's text
        headline = field.input_value()
        assert headline == f"{IMG} edited {MD_LINK}"
        body = w.text()
        assert f"{SCRIPT}user" in body       # the history line's user, as text
        assert f"{IMG}analyst" in body       # "editing as …", escaped markdown shown as text
        # an edit through the form logs the payload and shows it back as text
        w.page.get_by_label("Headline (English)").first.fill(f"{SVG} {MD_IMG}")
        w.page.locator("button:has-text('Save changes')").click()
        w.page.wait_for_selector(f"text=Saved", timeout=30_000)
        w.page.wait_for_timeout(1000)
        assert f"{SVG} {MD_IMG}" in w.text().replace("\\", "")
        w.assert_clean()
    finally:
        w.close()
