"""The settings the dashboard's promises depend on, checked wherever it is started from.

Streamlit reads ``.streamlit/config.toml`` from the *working directory*: ``streamlit run
/path/to/dashboard/app.py`` started elsewhere would bind every network interface and report
usage statistics. Server options cannot be changed once the server runs, so the page verifies
them and, when they are unsafe, shows only a message saying how to start it (``marsad serve``).
Errors of the page are shown as one short line; the traceback goes to the server's log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")
_LOG = logging.getLogger("marsad.dashboard")


def unsafe_settings(get_option: Callable[[str], Any], *, serving: bool = True) -> list[str]:
    """What is wrong with the running settings (empty: all is as Marsad needs).

    ``serving`` is False under Streamlit's AppTest, where no server listens and nothing is sent.
    """
    if not serving:
        return []
    problems = []
    if get_option("browser.gatherUsageStats") is not False:
        problems.append("usage statistics are on (browser.gatherUsageStats): the browser would report to "
                        "Streamlit's metrics host")
    address = (get_option("server.address") or "").strip()
    if address not in LOOPBACK:
        problems.append(f"the server listens on {address or 'every network interface'} "
                        "(server.address), not only on this machine")
    return problems


def refusal(problems: list[str]) -> str:
    """The message shown instead of the dashboard when the settings are unsafe."""
    return ("**Marsad did not open: it was started without its settings.** "
            + "; ".join(problems) + ". Start it with `marsad serve` (or `make run`), which sets them; "
            "`streamlit run dashboard/app.py` works only from the project folder, where "
            "`.streamlit/config.toml` applies.")


def run_page(page: Callable[[], None]) -> None:
    """Run the page if the settings are safe; an error becomes one short line, logged in full."""
    import streamlit as st
    from streamlit.runtime import Runtime

    # Scriptable (client) options are set here too, so they hold whatever config was read.
    st.set_option("client.showErrorDetails", "none")
    problems = unsafe_settings(st.get_option, serving=Runtime.exists())
    if problems:
        st.error(refusal(problems))
        return
    try:
        page()
    except Exception as exc:  # noqa: BLE001 - reruns and stops are BaseException: they pass through
        _LOG.exception("the dashboard page failed")
        st.error(f"This page could not be shown ({type(exc).__name__}). The details are in the dashboard's "
                 "log; your data is unchanged. Change the filters or reload the page.")
