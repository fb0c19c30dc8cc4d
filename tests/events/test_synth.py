"""Synthetic events (`marsad synth`) and the `marsad snapshot` command's user errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from events import snapshot as snap
from events.cli import main
from events.schema import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS, validate
from events.store import Store
from events.synth import PLACES, generate, load_actors, synth_places, write_synthetic
from geo.arabic import script_of

N = 1500


@pytest.fixture(scope="module")
def places():
    return synth_places()


@pytest.fixture(scope="module")
def sample(places):
    events = [e for e, _ in generate(N, seed=7, places=places) if e]
    articles = {a["article_id"]: a for _, a in generate(N, seed=7, places=places) if a}
    return events, articles


def test_every_listed_place_comes_from_the_gazetteer(places):
    by_name = {p.name: p for p in places}
    assert set(by_name) >= {row[0] for row in PLACES}, "the gazetteer lost a place synth relies on"
    assert by_name["Al-Hol camp"].kind == "site" and by_name["Iraq"].kind == "country"
    assert all(p.id.startswith(("geonames:", "marsad:")) for p in places)


def test_same_seed_same_events_other_seed_other_events(places):
    a = [e for e, _ in generate(50, seed=1, places=places) if e]
    b = [e for e, _ in generate(50, seed=1, places=places) if e]
    c = [e for e, _ in generate(50, seed=2, places=places) if e]
    assert a == b
    assert [e["event_id"] for e in a] != [e["event_id"] for e in c]
    assert len({e["event_id"] for e in a}) == 50


def test_every_event_is_a_valid_record(sample):
    events, _ = sample
    for i, e in enumerate(events):
        validate(dict(e), where=f"synth:{i}")  # raises with the bad field


def test_the_mix_looks_like_real_data(sample):
    events, _ = sample
    assert len(events) == N
    types = Counter(e["event_type"] for e in events)
    assert set(types) <= set(EVENT_TYPES) and len(types) >= 10
    assert set(Counter(e["date_precision"] for e in events)) == set(DATE_PRECISIONS)
    assert {e["geo_precision"] for e in events} == set(GEO_PRECISIONS)
    assert {"past", "planned"} <= {e["tense"] for e in events}
    years = {e["date_start"][:4] for e in events if e["date_start"]}
    assert len(years) >= 5
    countries = Counter(e["country"] for e in events)
    assert (countries["SY"] + countries["IQ"]) / N > 0.7, "mostly Syria and Iraq"
    assert len(countries) >= 8, "and some of the world"
    assert len({e["place_id"] for e in events}) > 100
    known = {name for name, _, _ in load_actors()}
    assert all(set(e["actors"]) <= known for e in events)
    assert Counter(a for e in events for a in e["actors"]).most_common(1)[0][0] == "Islamic State"
    assert any(e["counts"].get("killed", 0) > 0 for e in events)


def test_unknown_dates_stay_unknown(sample):
    events, _ = sample
    undated = [e for e in events if e["date_precision"] == "unknown"]
    assert undated and all(e["date_start"] is None and e["date_end"] is None for e in undated)
    month = [e for e in events if e["date_precision"] == "month"]
    assert all(e["date_start"].endswith("-01") and e["date_end"] > e["date_start"] for e in month)


def test_sentences_are_arabic_and_point_into_their_article(sample):
    events, articles = sample
    ar = [e for e in events if e["language"] == "ar"]
    assert len(ar) / len(events) > 0.7
    assert all(script_of(e["sentence"]) == "ar" for e in ar)
    for e in events[:300]:
        text = articles[e["article_id"]]["text"]
        assert text[e["sentence_start"]:e["sentence_end"]] == e["sentence"]
        if e["language"] == "ar" and e["place_name_ar"]:
            assert e["place_name_ar"] in e["sentence"]
        assert e["headline"] and script_of(e["headline"]) == "en"


def test_write_synthetic_fills_a_store_with_articles(tmp_path):
    store = Store(tmp_path / "s.db")
    assert write_synthetic(store, 400, seed=3, batch=150) == 400
    assert store.count_events() == 400
    frame = store.events_frame()
    assert frame["article_title"].notna().all(), "every event's article is stored"
    store.close()


def test_cli_synth_is_idempotent_for_a_seed(tmp_path, capsys):
    db = tmp_path / "cli.db"
    assert main(["synth", "--events", "120", "--db", str(db), "--seed", "5"]) == 0
    assert main(["synth", "--events", "120", "--db", str(db), "--seed", "5"]) == 0
    assert "120 synthetic events" in capsys.readouterr().out
    with Store(db) as s:
        assert s.count_events() == 120


def test_cli_synth_rejects_a_negative_count(tmp_path, capsys):
    assert main(["synth", "--events", "-3", "--db", str(tmp_path / "x.db")]) == 2
    assert "--events" in capsys.readouterr().err


def test_cli_snapshot_without_a_store_says_what_to_do(tmp_path, capsys):
    assert main(["snapshot", "--db", str(tmp_path / "missing.db"), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "no such store" in err and "marsad ingest" in err
    assert not (tmp_path / "out").exists()


def test_snapshot_never_downloads_a_browser():
    with pytest.raises(snap.SnapshotError, match="apt-get install chromium"):
        with snap.local_browser(Path("/nonexistent/chromium")):
            pass


@pytest.mark.parametrize("url, local", [
    ("http://localhost:8501/app/static/style.json", True),
    ("http://127.0.0.1:9/_stcore/health", True),
    ("data:image/png;base64,AAAA", True),
    ("blob:http://localhost:8501/1234", True),
    ("https://basemaps.cartocdn.com/gl/positron-gl-style/style.json", False),
    ("https://fonts.gstatic.com/s/notonaskharabic.woff2", False),
    ("http://localhost.evil.example/x", False),
])
def test_only_this_machine_is_reachable_from_the_browser(url, local):
    assert snap.is_local(url) is local
