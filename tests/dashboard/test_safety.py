"""dashboard.safety: the settings the dashboard depends on, and short errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dash_sample import fill_store
from dashboard.safety import refusal, unsafe_settings
from events.commands import ingest as ingest_cmd

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
SAFE = {"browser.gatherUsageStats": False, "server.address": "127.0.0.1"}


@pytest.mark.parametrize("changes, problem", [
    ({}, None),
    ({"server.address": "localhost"}, None),
    ({"server.address": "::1"}, None),
    ({"browser.gatherUsageStats": True}, "usage statistics"),
    ({"server.address": None}, "every network interface"),
    ({"server.address": ""}, "every network interface"),
    ({"server.address": "0.0.0.0"}, "listens on 0.0.0.0"),
    ({"server.address": "192.168.1.20"}, "listens on 192.168.1.20"),
])
def test_unsafe_settings_are_named(changes, problem):
    options = {**SAFE, **changes}
    found = unsafe_settings(options.__getitem__)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0]
        assert "marsad serve" in refusal(found)


def test_under_apptest_nothing_listens_so_nothing_is_refused():
    assert unsafe_settings({"browser.gatherUsageStats": True, "server.address": None}.__getitem__,
                           serving=False) == []


def test_marsad_serve_gives_the_settings_outright():
    cmd = ingest_cmd.streamlit_command(8600)
    pairs = {a: b for a, b in zip(cmd, cmd[1:]) if a.startswith("--")}
    assert pairs["--server.address"] == "127.0.0.1"
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert pairs["--client.showErrorDetails"] == "none"
    assert pairs["--server.port"] == "8600"


def test_the_project_config_shows_no_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False and config["server"]["address"] == "127.0.0.1"


def test_a_failing_view_is_one_short_error_without_the_details(tmp_path, monkeypatch):
    path = tmp_path / "marsad.db"
    fill_store(str(path)).close()
    monkeypatch.setenv("MARSAD_DB", str(path))
    import dashboard.timeline

    def broken(*args, **kwargs):
        raise ValueError("year 0 is out of range in /home/analyst/secret/path.py")

    monkeypatch.setattr(dashboard.timeline, "build_timeline", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [error] = [e.value for e in at.error]
    assert "ValueError" in error and "log" in error
    assert "secret" not in error and "year 0" not in error
