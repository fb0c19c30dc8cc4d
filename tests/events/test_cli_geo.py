"""`marsad geocode` and `marsad places`, run in-process."""

from __future__ import annotations

import json

import pytest
from geopy import exc as gexc
from geopy.adapters import BaseSyncAdapter

from events.cli import main
from geo import geocode as GC


def test_geocode_json_lists_candidates_best_first(capsys):
    assert main(["geocode", "مخيم الهول", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["id"] == "marsad:al-hol-camp"
    assert {"id", "name", "name_ar", "kind", "country", "lat", "lon"} <= set(out[0])
    assert (out[0]["kind"], out[0]["country"]) == ("site", "SY")


def test_geocode_text_and_limit(capsys):
    assert main(["geocode", "باريس", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1. Paris (باريس)") and "FR" in lines[0] and "geonames:2988507" in lines[0]


def test_geocode_nothing_found(capsys):
    assert main(["geocode", "zzqqxxyy"]) == 1
    assert "no place matches" in capsys.readouterr().err
    assert main(["geocode", "zzqqxxyy", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == []


def test_geocode_online_unreachable_is_one_clear_line(capsys, monkeypatch, tmp_path):
    class Down(BaseSyncAdapter):
        def get_text(self, url, *, timeout, headers):
            raise gexc.GeocoderUnavailable("Name or service not known")

        def get_json(self, url, *, timeout, headers):
            raise gexc.GeocoderUnavailable("Name or service not known")

    class OfflineNominatim(GC.NominatimGeocoder):
        def __init__(self, **kw):
            super().__init__(adapter_factory=Down, cache_path=tmp_path / "c.json", min_delay_seconds=0,
                             max_retries=0, error_wait_seconds=0, **kw)

    monkeypatch.setitem(GC.GEOCODERS, "nominatim", OfflineNominatim)
    assert main(["geocode", "Paris", "--online"]) == 2
    err = capsys.readouterr().err
    assert "unreachable" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_places_reports_offsets_and_places(capsys):
    text = "أعلنت واشنطن أنها نفذت ضربات في دير الزور وقرب بالحسكة"
    assert main(["places", text, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["place"]["name"] for o in out] == ["Washington, D.C.", "Deir ez-Zor", "Al-Hasakah"]
    assert all(text[o["start"]:o["end"]] == o["text"] for o in out)
    assert out[0]["metonymy"] is True and out[1]["metonymy"] is False
    assert main(["places", text]) == 0
    human = capsys.readouterr().out
    assert "دير الزور" in human and "Deir ez-Zor" in human and "stands for the state" in human


def test_places_from_a_file(capsys, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("\ufeffاشتباكات في القامشلي وعين العرب", encoding="utf-8")
    assert main(["places", "--file", str(f), "--json"]) == 0
    assert [o["place"]["name"] for o in json.loads(capsys.readouterr().out)] == ["Qamishli", "Kobani"]


@pytest.mark.parametrize("argv,message", [
    (["places"], "give a TEXT or --file"),
    (["places", "text", "--file", "x.txt"], "not both"),
    (["places", "--file", "/nonexistent/a.txt"], "no such file"),
])
def test_places_user_mistakes(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_places_not_utf8(capsys, tmp_path):
    f = tmp_path / "cp1256.txt"
    f.write_bytes("مخيم الهول".encode("cp1256"))
    assert main(["places", "--file", str(f)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
