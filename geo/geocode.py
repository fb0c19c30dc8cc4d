"""Geocoders behind one interface shaped like geopy's, and distances.

* :class:`GazetteerGeocoder` (the default): the offline gazetteer; nothing leaves the machine.
* :class:`NominatimGeocoder`: OpenStreetMap's Nominatim through ``geopy``, with geopy's
  ``RateLimiter`` (one request a second, Nominatim's usage policy) and an on-disk JSON cache.
  It is used only when the user opts in: ``online=True`` (``--online`` on the command line) or
  ``MARSAD_ONLINE_GEOCODER=1``. Analysts may work offline, or must not leak what they look up.

Both return ``geopy.location.Location`` (``.address``, ``.latitude``, ``.longitude``, ``.raw``),
one or a list (``exactly_one=False``), or None. Errors are ours, and also built-in exceptions
(as in geopy's ``exc.py``): callers may catch ``ConnectionError`` or ``TimeoutError``.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable

from geopy.location import Location

from geo.errors import MarsadError
from geo.gazetteer import Place, get_gazetteer, key_of

ONLINE_ENV = "MARSAD_ONLINE_GEOCODER"
CACHE_ENV = "MARSAD_GEOCODE_CACHE"
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "nominatim.json"
USER_AGENT = "marsad/0.1 (offline-first news event mapping; https://example.invalid/marsad)"


# --------------------------------------------------------------------------------------------
# Exceptions


class GeocodeError(MarsadError):
    """Base class of the geocoders' errors."""


class OnlineGeocodingDisabled(GeocodeError, PermissionError):
    """An online geocoder was asked for without the user's opt-in."""


class GeocoderUnreachable(GeocodeError, ConnectionError):
    """The online service could not be reached (no network, DNS, refused connection, 5xx)."""


class GeocoderTimeout(GeocodeError, TimeoutError):
    """The online service did not answer in time."""


class GeocoderRefused(GeocodeError, PermissionError):
    """The online service refused the request (rate limit, quota, authentication)."""


def online_allowed(online: bool | None = None) -> bool:
    """The user's opt-in: ``online`` when given, else ``MARSAD_ONLINE_GEOCODER`` (1/true/yes)."""
    if online is not None:
        return bool(online)
    return os.environ.get(ONLINE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


# --------------------------------------------------------------------------------------------
# Geocoders


class Geocoder:
    """The interface: ``geocode(query, exactly_one=True)`` like geopy's geocoders."""

    name = "base"

    def geocode(self, query: str, exactly_one: bool = True) -> Location | list[Location] | None:
        raise NotImplementedError


def place_location(place: Place) -> Location:
    """A gazetteer place as a geopy Location (the place's fields in ``raw``)."""
    address = place.name if not place.country or place.kind == "country" else f"{place.name}, {place.country}"
    raw = {
        "id": place.id, "name": place.name, "name_ar": place.name_ar, "kind": place.kind,
        "country": place.country, "admin1": place.admin1, "lat": place.lat, "lon": place.lon,
        "population": place.population, "source": "gazetteer",
    }
    return Location(address, (place.lat, place.lon, 0.0), raw)


class GazetteerGeocoder(Geocoder):
    """Offline: the gazetteer's best matches (exact names and spellings, then prefixes)."""

    name = "gazetteer"

    def __init__(self, limit: int = 10) -> None:
        self.limit = limit

    def places(self, query: str, limit: int | None = None) -> list[Place]:
        """Candidate places for ``query``, best first."""
        limit = self.limit if limit is None else limit
        gz = get_gazetteer()
        found = gz.lookup(query)
        if len(found) < limit:
            seen = {p.id for p in found}
            found += [p for p in gz.search(query, limit=limit) if p.id not in seen]
        return found[:limit]

    def geocode(self, query: str, exactly_one: bool = True) -> Location | list[Location] | None:
        found = self.places(query, 1 if exactly_one else None)
        if not found:
            return None
        locs = [place_location(p) for p in found]
        return locs[0] if exactly_one else locs


class NominatimGeocoder(Geocoder):
    """OpenStreetMap Nominatim via geopy: rate-limited, cached on disk, opt-in only.

    Args:
        online: the opt-in (None: read ``MARSAD_ONLINE_GEOCODER``); without it, construction
            raises :class:`OnlineGeocodingDisabled`.
        cache_path: JSON cache (default ``$MARSAD_GEOCODE_CACHE`` or ``.cache/nominatim.json``).
        adapter_factory: geopy adapter factory (tests pass a fake transport).
        min_delay_seconds, max_retries, error_wait_seconds: geopy ``RateLimiter`` settings.
    """

    name = "nominatim"

    def __init__(self, *, online: bool | None = None, user_agent: str = USER_AGENT,
                 domain: str = "nominatim.openstreetmap.org", cache_path: Path | str | None = None,
                 adapter_factory: Callable[..., Any] | None = None, timeout: float = 10.0,
                 min_delay_seconds: float = 1.0, max_retries: int = 1, error_wait_seconds: float = 2.0,
                 language: str = "en") -> None:
        if not online_allowed(online):
            raise OnlineGeocodingDisabled(
                f"online geocoding is off: set {ONLINE_ENV}=1 or pass --online to use Nominatim "
                "(the offline gazetteer needs neither)")
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        kwargs: dict[str, Any] = {"user_agent": user_agent, "domain": domain, "timeout": timeout}
        if adapter_factory is not None:
            kwargs["adapter_factory"] = adapter_factory
        self.domain = domain
        self.language = language
        self._nominatim = Nominatim(**kwargs)
        self._call = RateLimiter(self._nominatim.geocode, min_delay_seconds=min_delay_seconds,
                                 max_retries=max_retries, error_wait_seconds=error_wait_seconds,
                                 swallow_exceptions=False)
        env = os.environ.get(CACHE_ENV)
        self.cache_path = Path(cache_path) if cache_path else (Path(env) if env else DEFAULT_CACHE)
        self._lock = threading.Lock()
        self._cache: dict[str, list[dict]] | None = None

    # -- cache --
    def _load_cache(self) -> dict[str, list[dict]]:
        if self._cache is None:
            try:
                data = json.loads(self.cache_path.read_text(encoding="utf-8"))
                self._cache = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self._cache = {}  # missing or damaged: start afresh
        return self._cache

    def _save_cache(self) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, prefix=".nominatim-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._cache, fh, ensure_ascii=False)
            os.replace(tmp, self.cache_path)
        except OSError:
            pass  # a cache we cannot write only costs a new request next time

    # -- geocoding --
    def geocode(self, query: str, exactly_one: bool = True) -> Location | list[Location] | None:
        from geopy import exc as gexc

        key = f"{self.language}|{key_of(query)}|{'one' if exactly_one else 'all'}"
        with self._lock:
            cached = self._load_cache().get(key)
        if cached is None:
            try:
                res = self._call(query, exactly_one=exactly_one, language=self.language)
            except gexc.GeocoderTimedOut as e:
                raise GeocoderTimeout(f"Nominatim ({self.domain}) did not answer in time: {e}") from e
            except (gexc.GeocoderRateLimited, gexc.GeocoderQuotaExceeded,
                    gexc.GeocoderInsufficientPrivileges, gexc.GeocoderAuthenticationFailure) as e:
                raise GeocoderRefused(f"Nominatim ({self.domain}) refused the request: {e}") from e
            except (gexc.GeocoderUnavailable, gexc.GeocoderServiceError, OSError) as e:
                why = str(e).split(" (Caused by")[0][:160]
                raise GeocoderUnreachable(
                    f"Nominatim ({self.domain}) is unreachable ({type(e).__name__}: {why}); check the "
                    f"network, or geocode offline with the gazetteer (unset {ONLINE_ENV}, drop --online)") from e
            items = [] if res is None else ([res] if exactly_one else list(res))
            cached = [{"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}
                      for loc in items]
            with self._lock:
                self._load_cache()[key] = cached
                self._save_cache()
        locs = [Location(c["address"], (c["lat"], c["lon"], 0.0), c.get("raw") or {}) for c in cached]
        if not locs:
            return None
        return locs[0] if exactly_one else locs


GEOCODERS: dict[str, type[Geocoder]] = {
    GazetteerGeocoder.name: GazetteerGeocoder,
    NominatimGeocoder.name: NominatimGeocoder,
}


def get_geocoder(name: str | None = None, *, online: bool | None = None, **kwargs: Any) -> Geocoder:
    """A geocoder by name (``gazetteer``, ``nominatim``); by default Nominatim when the user
    opted in to online geocoding, else the offline gazetteer."""
    if name is None:
        name = "nominatim" if online_allowed(online) else "gazetteer"
    try:
        cls = GEOCODERS[name]
    except KeyError:
        raise ValueError(f"unknown geocoder {name!r}; known: {', '.join(GEOCODERS)}") from None
    if issubclass(cls, NominatimGeocoder):
        return cls(online=online, **kwargs)
    return cls(**kwargs)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in kilometres (WGS84, via ``geopy.distance``)."""
    from geopy.distance import geodesic

    return geodesic((lat1, lon1), (lat2, lon2)).km
