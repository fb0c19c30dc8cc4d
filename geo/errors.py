"""The one error family of Marsad (as geopy's ``exc.py``).

Every error Marsad raises on purpose is a :class:`MarsadError`, mixed with the built-in it also
is (``StoreError(MarsadError, OSError)``, ``LexiconError(MarsadError, ValueError)``), so a caller
catches all of ours with ``except MarsadError`` and older ``except ValueError`` code still works.
The base lives in ``geo`` — the bottom package, which imports nothing of ours — so that ``geo``,
``events`` and ``dashboard`` can all use it.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base of every error Marsad raises on purpose; its message is one line for the user."""


class LexiconError(MarsadError, ValueError):
    """A data file under ``data/`` is malformed or unreadable; the message names the file and
    the section or entry to fix."""
