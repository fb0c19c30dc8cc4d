"""`streamlit run /path/to/dashboard/app.py` from another folder: the
project's config does not apply there, so the page refuses to open and says how to start it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import build_store, require_browser
from events.snapshot import free_port, local_browser, new_local_page

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


def test_started_from_another_folder_it_refuses_and_names_marsad_serve(tmp_path):
    chromium = require_browser()
    db = build_store(tmp_path / "e2e.db")
    port = free_port()
    elsewhere = Path(tempfile.mkdtemp(dir=tmp_path))  # no .streamlit/config.toml here
    # Only the address is given (never expose a test server); usage statistics keep Streamlit's default.
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none"],
                            cwd=elsewhere, env={**os.environ, "MARSAD_DB": str(db)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.3)
        with local_browser(chromium) as browser:
            blocked: list[str] = []
            page = new_local_page(browser, blocked=blocked)
            page.goto(f"http://localhost:{port}/", timeout=120_000)
            alert = page.locator("[data-testid='stAlert']").first
            alert.wait_for(timeout=150_000)
            text = alert.inner_text()
            assert "marsad serve" in text and "usage statistics" in text
            # nothing of the store is shown: no events table, no timeline
            assert page.locator(".st-key-table_box").count() == 0
            assert page.locator("[data-testid='stPlotlyChart']").count() == 0
            page.context.close()
    finally:
        proc.kill()  # the server this test started; nothing of it needs a clean stop
        proc.wait()
