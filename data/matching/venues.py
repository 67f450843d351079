"""Resolve feed venues to ``venues`` rows: source id, else name + proximity, else a new venue.

Coordinates come from the feed, else the city centre from the offline gazetteer (flagged
``approximate``). All venues are held in memory for a run (a grid of ~1 km cells), so matching
a venue costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data import gazetteer
from data.db.writes import Writes
from data.feeds.model import NormalisedVenue
from data.matching.names import distance_m
from data.models import City, Venue, VenueSource
from data.text import name_key

NEAR_METRES = 250.0
NAME_THRESHOLD = 80


@dataclass
class KnownVenue:
    id: int
    name_key: str
    city_id: int | None
    lat: float | None
    lng: float | None
    approximate: bool
    timezone: str | None


def _cell(lat: float, lng: float) -> tuple[int, int]:
    return int(lat * 100 // 1), int(lng * 100 // 1)


def similar_names(a: str, b: str) -> bool:
    """Venue names agree: "The Fillmore" ~ "Fillmore", "O2 Academy Brixton" ~ "O2 Brixton"."""
    if not a or not b:
        return False
    return a == b or fuzz.token_set_ratio(a, b) >= NAME_THRESHOLD


class CityCache:
    """Gazetteer cities as ``cities`` rows, created on first use."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.writes = Writes(session)
        self.by_geonameid = dict(session.execute(select(City.geonameid, City.id)).all())
        self.by_slug: dict[str, int] = {}  # cities this run created (maybe not written yet)
        self.slug_of: dict[int, str] = {}

    def ensure(self, city: gazetteer.GazetteerCity) -> int:
        if city.geonameid in self.by_geonameid:
            return self.by_geonameid[city.geonameid]
        existing = self.by_slug.get(city.slug)
        if existing is None:
            existing = self.session.scalar(select(City.id).where(City.slug == city.slug))
        if existing is None:
            (existing,) = self.writes.insert_returning_ids(
                City,
                [
                    {
                        "geonameid": city.geonameid,
                        "name": city.name,
                        "slug": city.slug,
                        "country_code": city.country_code,
                        "lat": city.lat,
                        "lng": city.lng,
                        "timezone": city.timezone,
                        "population": city.population,
                    }
                ],
            )
            self.by_slug[city.slug] = existing
        self.by_geonameid[city.geonameid] = existing
        return existing

    def locate(self, venue: NormalisedVenue) -> gazetteer.GazetteerCity | None:
        """The venue's city: by name (and country) first, else the nearest to its coordinates.

        Either way a district (Kreuzberg, Brooklyn) resolves to the city it belongs to.
        """
        if venue.city:
            found = gazetteer.lookup(venue.city, venue.country_code)
            if found is None and venue.country_code:
                found = gazetteer.lookup(venue.city)
            if found is not None:
                return gazetteer.metro(found)
        if venue.lat is not None and venue.lng is not None:
            return gazetteer.metro(_nearest(round(venue.lat, 2), round(venue.lng, 2)))
        return None


@lru_cache(maxsize=20_000)
def _nearest(lat: float, lng: float) -> gazetteer.GazetteerCity:
    # gazetteer.nearest scans every city; rounded points repeat across events and runs.
    return gazetteer.nearest(lat, lng)


class VenueResolver:
    """Per-run venue cache. ``resolve`` returns a ``KnownVenue`` (inserting it when new)."""

    def __init__(self, session: Session, cities: CityCache) -> None:
        self.session = session
        self.writes = Writes(session)
        self.cities = cities
        self.venues: dict[int, KnownVenue] = {}
        self.grid: dict[tuple[int, int], list[KnownVenue]] = {}
        self.by_city_name: dict[tuple[int | None, str], KnownVenue] = {}
        self.sources: dict[tuple[str, str], int] = {}
        self.pending: list[dict] = []
        self._near: dict[int, list[KnownVenue]] = {}
        self.created = 0
        for row in session.execute(
            select(
                Venue.id,
                Venue.name_key,
                Venue.city_id,
                Venue.lat,
                Venue.lng,
                Venue.approximate,
                Venue.timezone,
            )
        ):
            self._remember(KnownVenue(*row))
        for source, source_id, venue_id in session.execute(
            select(VenueSource.source, VenueSource.source_id, VenueSource.venue_id)
        ):
            self.sources[(source, source_id)] = venue_id

    def _remember(self, venue: KnownVenue) -> None:
        self._near.clear()
        self.venues[venue.id] = venue
        if venue.lat is not None and venue.lng is not None and not venue.approximate:
            self.grid.setdefault(_cell(venue.lat, venue.lng), []).append(venue)
        self.by_city_name.setdefault((venue.city_id, venue.name_key), venue)

    def near_venue(self, venue: KnownVenue) -> list[KnownVenue]:
        """Venues within ``NEAR_METRES`` of a known venue (itself included), memoised per run."""
        if venue.id not in self._near:
            found = [venue]
            if venue.lat is not None and not venue.approximate:
                found += [v for v in self.nearby(venue.lat, venue.lng) if v.id != venue.id]
            self._near[venue.id] = found
        return self._near[venue.id]

    def nearby(self, lat: float, lng: float, metres: float = NEAR_METRES) -> list[KnownVenue]:
        cy, cx = _cell(lat, lng)
        found = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for v in self.grid.get((cy + dy, cx + dx), ()):
                    if distance_m(lat, lng, v.lat, v.lng) <= metres:
                        found.append(v)
        return found

    def resolve(self, source: str, venue: NormalisedVenue) -> KnownVenue:
        if venue.source_id and (source, venue.source_id) in self.sources:
            known = self.venues[self.sources[(source, venue.source_id)]]
            self._improve(known, venue)
            return known
        key = name_key(venue.name)
        known = self._close_by(key, venue)
        if known is None:
            # The city only matters when no venue nearby has a similar name; looking it up
            # lazily also spares the gazetteer index (~0.5 s to build) when every venue matches.
            city = self.cities.locate(venue)
            city_id = self.cities.ensure(city) if city else None
            known = self._same_name_in_city(key, city_id, venue)
            if known is None:
                known = self._create(venue, key, city, city_id)
            else:
                self._improve(known, venue)
        else:
            self._improve(known, venue)
        if venue.source_id:
            self.pending.append(
                {"venue_id": known.id, "source": source, "source_id": venue.source_id[:200]}
            )
            self.sources[(source, venue.source_id)] = known.id
        return known

    def flush(self) -> None:
        """Write the feed ids learned since the last flush (one multi-row insert)."""
        self.writes.insert_rows(VenueSource, self.pending)
        self.pending = []

    def _close_by(self, key: str, venue: NormalisedVenue) -> KnownVenue | None:
        """The nearest venue within ``NEAR_METRES`` with a similar name."""
        if venue.lat is not None and venue.lng is not None:
            close = [v for v in self.nearby(venue.lat, venue.lng) if similar_names(key, v.name_key)]
            if close:
                return min(close, key=lambda v: distance_m(venue.lat, venue.lng, v.lat, v.lng))
        return None

    def _same_name_in_city(
        self, key: str, city_id: int | None, venue: NormalisedVenue
    ) -> KnownVenue | None:
        exact = self.by_city_name.get((city_id, key))
        if exact is not None and city_id is not None:
            # Same name in the same city: the same venue unless both have far-apart coordinates.
            if venue.lat is None or exact.approximate or exact.lat is None:
                return exact
            if distance_m(venue.lat, venue.lng, exact.lat, exact.lng) <= 2_000:
                return exact
        return None

    def _create(self, venue: NormalisedVenue, key: str, city, city_id) -> KnownVenue:
        lat, lng, approximate = venue.lat, venue.lng, False
        if lat is None and city is not None:
            lat, lng, approximate = city.lat, city.lng, True
        zone = venue.timezone or (city.timezone if city else None)
        (venue_id,) = self.writes.insert_returning_ids(
            Venue,
            [
                {
                    "name": venue.name[:300],
                    "name_key": key[:300],
                    "city_id": city_id,
                    "address": (venue.address or None) and venue.address[:500],
                    "lat": lat,
                    "lng": lng,
                    "approximate": approximate,
                    "timezone": zone,
                }
            ],
        )
        known = KnownVenue(venue_id, key, city_id, lat, lng, approximate, zone)
        self._remember(known)
        self.created += 1
        return known

    def _improve(self, known: KnownVenue, venue: NormalisedVenue) -> None:
        """An approximate venue takes the first real coordinates a feed offers."""
        if known.approximate and venue.lat is not None and venue.lng is not None:
            self.writes.execute(
                update(Venue)
                .where(Venue.id == known.id)
                .values(lat=venue.lat, lng=venue.lng, approximate=False)
            )
            known.lat, known.lng, known.approximate = venue.lat, venue.lng, False
            self._near.clear()
            self.grid.setdefault(_cell(venue.lat, venue.lng), []).append(known)
