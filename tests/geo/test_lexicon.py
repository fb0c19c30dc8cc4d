"""The one lexicon loader (geo/lexicon.py): a lexicon passed in by path is the one used, a file is
read once until it changes, and a broken file is one line naming it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from events import dates, types
from geo import context
from geo.errors import LexiconError, MarsadError
from geo.lexicon import LEXICON_DIR, actor_entries, cached, lexicon_path, normalized, read_yaml

ROOT = Path(__file__).resolve().parents[2]


def _copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The bundled lexicon ``name`` with one line changed, written under ``tmp_path``."""
    text = lexicon_path(name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer has {old!r}: update the test"
    out = tmp_path / name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_bundled_lexicons_are_under_data():
    assert LEXICON_DIR == ROOT / "data" / "lexicons"
    assert lexicon_path("dates.yaml").is_file()


@pytest.mark.parametrize("text, iso", [
    ("وقع الهجوم في ٣ فبرايير ٢٠٢٤ قرب الحدود", "2024-02-03"),
    ("اعتقلت القوات خلية يوم 17 فبرايير 2023", "2023-02-17"),
])
def test_find_dates_uses_the_lexicon_passed_in(tmp_path, text, iso):
    """An analyst adds a misspelt month to a copy of dates.yaml: find_dates reads it with that
    lexicon, and the bundled one still does not."""
    path = _copy_with(tmp_path, "dates.yaml", "    2: [فبرير]", "    2: [فبرير, فبرايير]")
    assert not [m for m in dates.find_dates(text) if m.date_start]
    got = dates.find_dates(text, lexicon=dates.load_lexicon(path))
    assert [m.date_start for m in got if m.date_start] == [date.fromisoformat(iso)]


@pytest.mark.parametrize("text", [
    "Students staged a teach-in outside the ministry on Monday",
    "Hundreds joined a teach-in against the new law",
])
def test_find_triggers_uses_the_lexicon_passed_in(tmp_path, text):
    path = _copy_with(tmp_path, "event_types.yaml", "en: [protest*, demonstrat*, sit-in*, marched]",
                      "en: [protest*, demonstrat*, sit-in*, marched, teach-in]")
    assert "protest" not in {t.event_type for t in types.find_triggers(text)}
    lex = types.load_lexicon(path)
    assert "protest" in {t.event_type for t in types.find_triggers(text, lexicon=lex)}
    assert "protest" in {t.event_type for t in types.sentence_types(text, lexicon=lex)}


def test_a_lexicon_is_read_once_until_its_file_changes(tmp_path):
    reads: list[Path] = []

    @cached(tmp_path / "words.yaml", recheck=0)
    def load(path: Path) -> frozenset[str]:
        reads.append(path)
        return normalized(read_yaml(path)["words"])

    p = tmp_path / "words.yaml"
    p.write_text("words: [أمس]\n", encoding="utf-8")
    first = load()
    assert load() is first and load(p) is first and len(reads) == 1
    p.write_text("words: [أمس, البارحة]\n", encoding="utf-8")
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a coarse clock must not hide the edit
    assert load() == normalized(["أمس", "البارحة"]) and len(reads) == 2
    load.cache_clear()
    load()
    assert len(reads) == 3


def test_the_file_is_looked_at_again_after_a_while(tmp_path, monkeypatch):
    """A running dashboard picks up an edited lexicon: the file is looked at again once
    ``recheck`` seconds have passed (and not on every call in between)."""
    import geo.lexicon as lexicon_module

    clock = [100.0]
    monkeypatch.setattr(lexicon_module.time, "monotonic", lambda: clock[0])
    p = tmp_path / "words.yaml"
    p.write_text("words: [أمس]\n", encoding="utf-8")
    load = cached(p, recheck=1.0)(lambda path: normalized(read_yaml(path)["words"]))
    assert load() == {"امس"}
    p.write_text("words: [غدا]\n", encoding="utf-8")
    clock[0] += 0.5
    assert load() == {"امس"}
    clock[0] += 1.0
    assert load() == {"غدا"}


@pytest.mark.parametrize("content, reason", [
    (None, "cannot read the places lexicon"),                      # no such file
    ("locative: [في\n", "cannot read the places lexicon"),         # not YAML
    (b"\xff\xfe\x00bad", "cannot read the places lexicon"),       # not UTF-8
    ("- في\n- من\n", "expected a mapping of sections"),
])
def test_a_broken_lexicon_is_one_line_naming_the_file(tmp_path, content, reason):
    p = tmp_path / "places.yaml"
    if isinstance(content, bytes):
        p.write_bytes(content)
    elif content is not None:
        p.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as got:
        context.lexicon(p)
    msg = str(got.value)
    assert msg.startswith(f"{p}: ") and reason in msg and "\n" not in msg
    assert isinstance(got.value, MarsadError) and isinstance(got.value, ValueError)


def test_actors_yaml_is_read_in_one_place():
    """Every reader of actors.yaml (actors, places, synth, the dashboard) gets it from the loader."""
    sites = []
    for pkg in ("events", "geo", "dashboard"):
        for f in sorted((ROOT / pkg).rglob("*.py")):
            text = f.read_text(encoding="utf-8")
            if "actors.yaml\"" in text or "safe_load" in text:
                sites.append(f.relative_to(ROOT).as_posix())
    assert sites == ["geo/lexicon.py"]
    names = {e["name"] for e in actor_entries()}
    assert {"Islamic State", "Syrian Democratic Forces"} <= names


def test_a_bad_actors_file_is_reported_by_the_loader(tmp_path):
    p = tmp_path / "actors.yaml"
    p.write_text("name: not a list\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a YAML list of actors"):
        actor_entries(p)
