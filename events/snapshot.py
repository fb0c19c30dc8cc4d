"""Run the dashboard and photograph it in headless Chromium (``marsad snapshot``, e2e tests).

The dashboard runs as ``streamlit run dashboard/app.py`` on a free localhost port (headless, the
project's ``.streamlit/config.toml``); Chromium is Debian's ``/usr/bin/chromium`` driven by
Playwright for Python — never a downloaded browser — and every request that is not for localhost
is aborted, so nothing leaves the machine. Streamlit is not imported here: it runs in its own process.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geo.errors import MarsadError

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--lang=en-US")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
# Containers of the app (``st.container(key=…)`` → CSS class ``st-key-<key>``) to photograph.
SHOTS = {"timeline": "timeline_box", "map": "map_box", "table": "table_box"}


class SnapshotError(MarsadError, RuntimeError):
    """The dashboard or the browser could not be started; the message says what to do."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine (localhost, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@contextmanager
def dashboard_server(db: str | Path | None = None, *, port: int | None = None, timeout: float = 90.0,
                     env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``streamlit run dashboard/app.py`` on a free port; yield its base URL; stop it after."""
    port = port or free_port()
    run_env = dict(os.environ)
    if db is not None:
        run_env["MARSAD_DB"] = str(db)
    run_env.update(env or {})
    log = tempfile.NamedTemporaryFile(prefix="marsad-streamlit-", suffix=".log", delete=False)
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP),
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=run_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise SnapshotError(f"the dashboard exited ({proc.returncode}); its log: {log.name}\n"
                                    + Path(log.name).read_text(errors="replace")[-2000:])
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SnapshotError(f"the dashboard did not answer on port {port} within {timeout:.0f} s; log: {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


@contextmanager
def local_browser(executable: Path = CHROMIUM) -> Iterator[Any]:
    """Headless Debian Chromium through Playwright (a ``playwright.sync_api.Browser``)."""
    if not executable.exists():
        raise SnapshotError(f"{executable} not found: install Debian's Chromium (apt-get install chromium "
                            "fonts-noto-core); Marsad never downloads a browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the test extra
        raise SnapshotError("Playwright for Python is missing: pip install playwright "
                            "(no `playwright install`: the system Chromium is used)") from exc
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def new_local_page(browser: Any, *, width: int = 1500, height: int = 1000, requests: list[str] | None = None,
                   blocked: list[str] | None = None) -> Any:
    """A page that aborts every request not for this machine (recorded in ``requests``/``blocked``)."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  locale="en-US", service_workers="block")
    page = context.new_page()
    if requests is not None:
        page.on("request", lambda req: requests.append(req.url))

    def guard(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return page


def wait_for_app(page: Any, timeout: float = 60.0) -> None:
    """Wait until Streamlit has finished running the script and the charts have drawn."""
    ms = int(timeout * 1000)
    page.wait_for_selector("[data-testid='stApp']", timeout=ms)
    # the script state goes initial → running → notRunning; wait for a settled run with content
    page.wait_for_function(
        "() => { const a = document.querySelector(\"[data-testid='stApp']\");"
        " return a && a.getAttribute('data-test-script-state') === 'notRunning'"
        " && document.querySelector(\"[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']\"); }",
        timeout=ms,
    )
    for sel in ("[data-testid='stPlotlyChart'] .main-svg", "[data-testid='stDeckGlJsonChart'] canvas"):
        try:
            page.wait_for_selector(sel, timeout=min(ms, 20_000))
        except Exception:  # noqa: BLE001 — a view may legitimately be absent (no data)
            pass
    page.wait_for_timeout(500)  # plotly transitions
    deck = page.locator("[data-testid='stDeckGlJsonChart']")
    if deck.count():
        deck.first.scroll_into_view_if_needed()
        wait_drawn(page, deck.first, timeout=min(timeout, 45.0))


def _colours(png: bytes) -> int:
    """Distinct (coarse) colours in a screenshot: a blank or half-drawn chart has very few."""
    from PIL import Image  # pillow comes with streamlit

    raw = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 120)).tobytes()
    return len({(raw[i] // 16, raw[i + 1] // 16, raw[i + 2] // 16) for i in range(0, len(raw), 3)})


def wait_drawn(page: Any, locator: Any, timeout: float = 45.0, min_colours: int = 6) -> bytes:
    """Screenshot ``locator`` until it is drawn and settled; return the PNG.

    WebGL maps draw in stages (marks first, then the basemap once its worker has parsed the
    outlines), so "drawn" is: enough colours, and the same picture three times in a row.
    """
    deadline = time.monotonic() + timeout
    png, same = locator.screenshot(), 0
    while time.monotonic() < deadline:
        page.wait_for_timeout(700)
        nxt = locator.screenshot()
        same = same + 1 if nxt == png else 0
        png = nxt
        if same >= 2 and _colours(png) >= min_colours:
            break
    return png


def take_snapshots(page: Any, output: Path, shots: dict[str, str] = SHOTS, *, full_page: bool = True) -> list[Path]:
    """Element screenshots of the app's containers (``st-key-<key>``) into ``output``; returns the files."""
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, key in shots.items():
        loc = page.locator(f".st-key-{key}")
        if loc.count() == 0:
            continue
        target = output / f"{name}.png"
        loc.first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        wait_drawn(page, loc.first)
        loc.first.screenshot(path=str(target))
        written.append(target)
    if full_page:  # the top of the page: title, caption of the filters, the first charts
        page.evaluate("() => { window.scrollTo(0, 0); document.querySelectorAll("
                      "\"[data-testid='stMain'], [data-testid='stAppViewContainer'], section.main\")"
                      ".forEach(e => { e.scrollTop = 0; }); }")
        page.wait_for_timeout(500)
        target = output / "page.png"
        page.screenshot(path=str(target), full_page=True)
        written.append(target)
    return written


def snapshot(output: Path, *, query: str = "", db: str | Path | None = None, width: int = 1500,
             height: int = 1000, timeout: float = 90.0) -> list[Path]:
    """Start the dashboard, open ``/?query`` in headless Chromium, save PNGs of timeline, map and table."""
    query = query.lstrip("?")
    if db is not None and not Path(db).exists():
        raise SnapshotError(f"{db}: no such store (run `marsad ingest` or `marsad synth` first)")
    blocked: list[str] = []
    with local_browser() as browser, dashboard_server(db, timeout=timeout) as url:
        page = new_local_page(browser, width=width, height=height, blocked=blocked)
        page.goto(f"{url}/?{query}" if query else f"{url}/", timeout=int(timeout * 1000))
        wait_for_app(page, timeout)
        exc = page.locator("[data-testid='stException']")
        if exc.count():
            raise SnapshotError("the dashboard raised an error: " + exc.first.inner_text()[:500])
        files = take_snapshots(page, Path(output))
    missing = [n for n in SHOTS if not (Path(output) / f"{n}.png").exists()]
    if missing:
        raise SnapshotError(f"no {', '.join(missing)} on the page (no events under these filters?); "
                            f"see {Path(output) / 'page.png'}")
    return files
