"""Geocoders: the offline gazetteer by default, Nominatim only on opt-in (tested with a fake transport)."""

from __future__ import annotations

import json

import pytest
from geopy import exc as gexc
from geopy.adapters import BaseSyncAdapter
from geopy.location import Location

from geo import geocode as GC
from geo.geocode import (GEOCODERS, GazetteerGeocoder, GeocodeError, GeocoderRefused, GeocoderTimeout,
                         GeocoderUnreachable, NominatimGeocoder, OnlineGeocodingDisabled, distance_km,
                         get_geocoder, online_allowed)

HOL = [{"place_id": 1, "osm_type": "way", "osm_id": 42, "lat": "36.3776", "lon": "41.1492",
        "display_name": "Al-Hol Camp, Al-Hasakah, Syria", "class": "landuse", "type": "residential",
        "addresstype": "camp"}]


class FakeAdapter(BaseSyncAdapter):
    """A geopy transport that answers from a script instead of the network."""

    calls: list[str] = []
    answer: object = HOL

    def __init__(self, *, proxies=None, ssl_context=None):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        FakeAdapter.calls.append(url)
        if isinstance(FakeAdapter.answer, Exception):
            raise FakeAdapter.answer
        return FakeAdapter.answer

    def get_text(self, url, *, timeout, headers):
        return json.dumps(self.get_json(url, timeout=timeout, headers=headers))


@pytest.fixture
def fake(tmp_path, monkeypatch):
    monkeypatch.delenv(GC.ONLINE_ENV, raising=False)
    FakeAdapter.calls = []
    FakeAdapter.answer = HOL

    def make(**kw):
        return NominatimGeocoder(online=True, adapter_factory=FakeAdapter, cache_path=tmp_path / "cache.json",
                                 min_delay_seconds=0, max_retries=0, error_wait_seconds=0, **kw)
    return make


def test_gazetteer_geocoder_returns_geopy_locations():
    g = GazetteerGeocoder()
    loc = g.geocode("مخيم الهول")
    assert isinstance(loc, Location)
    assert distance_km(loc.latitude, loc.longitude, 36.38, 41.15) < 5
    assert loc.raw["id"] == "marsad:al-hol-camp" and loc.raw["name_ar"] == "مخيم الهول"
    many = g.geocode("Paris", exactly_one=False)
    assert isinstance(many, list) and many[0].raw["country"] == "FR" and len(many) > 1
    assert g.geocode("zzqqxxyy") is None


def test_distance_km():
    assert distance_km(48.8566, 2.3522, 55.7558, 37.6173) == pytest.approx(2486, abs=15)  # Paris–Moscow
    assert distance_km(36.38, 41.15, 36.38, 41.15) == 0


def test_registry_and_default_is_offline(monkeypatch):
    monkeypatch.delenv(GC.ONLINE_ENV, raising=False)
    assert set(GEOCODERS) == {"gazetteer", "nominatim"}
    assert isinstance(get_geocoder(), GazetteerGeocoder)
    assert not online_allowed()
    with pytest.raises(ValueError, match="unknown geocoder"):
        get_geocoder("google")


def test_nominatim_needs_the_opt_in(monkeypatch):
    monkeypatch.delenv(GC.ONLINE_ENV, raising=False)
    with pytest.raises(OnlineGeocodingDisabled) as e:
        NominatimGeocoder(adapter_factory=FakeAdapter)
    assert isinstance(e.value, PermissionError) and GC.ONLINE_ENV in str(e.value)
    monkeypatch.setenv(GC.ONLINE_ENV, "1")
    assert online_allowed()
    assert isinstance(get_geocoder(adapter_factory=FakeAdapter, min_delay_seconds=0), NominatimGeocoder)


def test_nominatim_through_fake_transport_and_cache(fake, tmp_path):
    g = fake()
    loc = g.geocode("مخيم الهول")
    assert isinstance(loc, Location) and loc.address.startswith("Al-Hol Camp")
    assert (round(loc.latitude, 3), round(loc.longitude, 3)) == (36.378, 41.149)
    assert len(FakeAdapter.calls) == 1 and "nominatim" in FakeAdapter.calls[0]
    # the same question again, and from a new geocoder sharing the cache file: no request
    assert g.geocode("مخيم الهول").address == loc.address
    assert fake().geocode("مخيم  الهول").raw["osm_id"] == 42
    assert len(FakeAdapter.calls) == 1
    assert "36.3776" in (tmp_path / "cache.json").read_text(encoding="utf-8")


def test_nominatim_no_result(fake):
    FakeAdapter.answer = []
    assert fake().geocode("nowhere at all") is None


@pytest.mark.parametrize("raised,ours,builtin", [
    (gexc.GeocoderUnavailable("Name or service not known"), GeocoderUnreachable, ConnectionError),
    (gexc.GeocoderServiceError("HTTP 503"), GeocoderUnreachable, ConnectionError),
    (gexc.GeocoderTimedOut("read timed out"), GeocoderTimeout, TimeoutError),
    (gexc.GeocoderRateLimited("slow down"), GeocoderRefused, PermissionError),
])
def test_nominatim_errors_are_ours_and_builtin(fake, raised, ours, builtin):
    FakeAdapter.answer = raised
    with pytest.raises(ours) as e:
        fake().geocode("Paris")
    assert isinstance(e.value, GeocodeError) and isinstance(e.value, builtin)
    if ours is GeocoderUnreachable:
        assert "unreachable" in str(e.value) and GC.ONLINE_ENV in str(e.value)
