"""Shared fixtures: cheap in-memory stores, paths to the bundled and shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from events.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = DATA / "articles" / "000_8b40032441fb6bb7.txt"
SHARED = ROOT.parent / "shared"
CORPUS_DEV = SHARED / "corpus" / "dev"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def fresh_store():
    """An in-memory store per test (datasette's fresh_db)."""
    store = Store(":memory:")
    yield store
    store.close()


@pytest.fixture
def store_file(tmp_path) -> str:
    """A store file holding the sample articles and events of tests/dash_sample.py."""
    from dash_sample import sample_articles, sample_events

    path = tmp_path / "marsad.db"
    with Store(path) as s:
        s.add_articles(sample_articles())
        s.put_events(sample_events())
    return str(path)


@pytest.fixture
def corpus_dev() -> Path:
    """The shared dev corpus; tests that need it skip cleanly when it is absent."""
    if not (CORPUS_DEV / "gold").is_dir():
        pytest.skip(f"dev corpus not present at {CORPUS_DEV}")
    return CORPUS_DEV


def require_browser() -> Path:
    """Chromium for e2e tests: skip on a user's machine without it, fail in CI."""
    if CHROMIUM.exists():
        return CHROMIUM
    msg = f"{CHROMIUM} not found (apt-get install chromium)"
    if os.environ.get("MARSAD_REQUIRE_BROWSER") == "1":
        pytest.fail(msg + " — MARSAD_REQUIRE_BROWSER=1")
    pytest.skip(msg)
