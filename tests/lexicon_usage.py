"""Does the code read every section of a lexicon file? Empty one section at a time and compare.

Generic for the YAML lexicons of data/lexicons/: ``sections_without_effect(path, run, tmp)`` returns
the top-level sections that can be emptied without changing ``run(file)`` — what the code gives
for a table of probe texts when it reads that file. A section the code never reads (or reads
and never uses) is in the list; a test asserts the list is empty.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def emptied(value: Any) -> Any:
    """The same shape with no words: lists empty, strings blank, mappings emptied value by value."""
    if isinstance(value, dict):
        return {k: emptied(v) for k, v in value.items()}
    if isinstance(value, list):
        return []
    if isinstance(value, str):
        return ""
    return value


def sections_without_effect(path: Path, run: Callable[[Path], Any], tmp: Path) -> list[str]:
    """The sections of the lexicon at ``path`` that ``run`` gives the same result without.

    ``run(file)`` loads the lexicon ``file`` and returns what the code makes of the probe texts.
    A section whose emptying makes loading or running fail is read (the code needs it).
    """
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    baseline = run(path)
    unused = []
    for key in raw:
        changed = copy.deepcopy(raw)
        changed[key] = emptied(changed[key])
        folder = tmp / f"without-{key}"
        folder.mkdir()
        variant = folder / path.name
        variant.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            result = run(variant)
        except Exception:  # noqa: BLE001 - a lexicon the code cannot use without this section
            continue
        if result == baseline:
            unused.append(key)
    return unused


def undocumented_sections(path: Path) -> list[str]:
    """The top-level sections of the lexicon at ``path`` with no comment line right above them
    (each section says what it is for, where an analyst adds a word)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for i, line in enumerate(lines)
            if re.match(r"^[a-z_]+:", line) and not (i and lines[i - 1].startswith("#"))]


def edited_copy(path: Path, folder: Path, edit: Callable[[Any], Any]) -> Path:
    """The lexicon at ``path`` after ``edit(data)``, written under ``folder`` with the same name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    out = folder / path.name
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
