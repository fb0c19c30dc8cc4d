"""Every word list of data/lexicons/ holds words: YAML reads a bare on/off/yes/no as a boolean and
a bare ~ or null as None, which silently drops the word (it must be quoted: "on")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

LEXICONS = sorted((Path(__file__).resolve().parents[1] / "data" / "lexicons").glob("*.yaml"))


def _not_words(x: object, where: str) -> list[str]:
    """The places in a parsed lexicon where a list item or a key is a boolean or None."""
    bad: list[str] = []
    if isinstance(x, list):
        for i, y in enumerate(x):
            if isinstance(y, bool) or y is None:
                bad.append(f"{where}[{i}] = {y!r}")
            bad += _not_words(y, f"{where}[{i}]")
    elif isinstance(x, dict):
        for k, v in x.items():
            if isinstance(k, bool) or k is None:
                bad.append(f"{where}: key {k!r}")
            bad += _not_words(v, f"{where}.{k}")
    return bad


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_no_word_of_a_lexicon_is_read_as_a_boolean(path: Path):
    assert _not_words(yaml.safe_load(path.read_text(encoding="utf-8")), path.stem) == []


@pytest.mark.parametrize("text, expected", [
    ("words: [in, on, at]", ["w.words[1] = True"]),
    ("words: [in, \"on\", at]", []),
    ("a: {b: [off, near]}", ["w.a.b[0] = False"]),
    ("a: {yes: [x]}", ["w.a: key True"]),
])
def test_the_check_finds_bare_booleans(text: str, expected: list[str]):
    assert _not_words(yaml.safe_load(text), "w") == expected


def test_every_lexicon_is_checked():
    assert {p.stem for p in LEXICONS} >= {"dates", "cues", "places", "counts", "event_types", "actors"}
