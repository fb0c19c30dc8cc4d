"""The dev corpus's texts are third-party articles for evaluation only: no tracked file of the
project (code, lexicons, tests, docs) may carry a run of their words. Skipped without ../shared."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "corpus" / "dev" / "articles"
RUN = 9  # words in a row: a formula of the language is shorter, a copied sentence is longer
SUFFIXES = (".py", ".yaml", ".yml", ".md", ".csv", ".txt", ".json", ".toml", ".cfg")
_WORD = re.compile(r"\w+")
_HEX = re.compile(r"^[0-9A-Fa-f]{2}$")  # %D8%A7… in a URL splits into two-letter "words"


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not _HEX.match(w)]


def _runs(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_tracked_file_carries_a_run_of_a_corpus_article():
    if not ARTICLES.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the project")
    corpus: set[str] = set()
    for path in sorted(ARTICLES.glob("*.txt")):
        corpus |= _runs(_words(path.read_text(encoding="utf-8")))
    assert corpus, "no article read"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = []
    for name in tracked:
        if not name.endswith(SUFFIXES):
            continue
        for n, line in enumerate((ROOT / name).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if _runs(_words(line)) & corpus:
                found.append(f"{name}:{n}: {line.strip()[:120]}")
    assert not found, "lines that copy a dev-corpus article (write your own sentence):\n" + "\n".join(found)
