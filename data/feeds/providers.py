"""One description per event source.

Its credential, where the credential goes, its request rate, daily quota and geo query.
Scheduling (``configured_sources``), the HTTP clients
(``build_client``), the feed jobs (quota, city queries) and the admin page all derive from it.

Pure values: no I/O, so the web layer may import it (a named exception in ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

GeoQuery = Callable[[float, float, int], dict]


@dataclass(frozen=True)
class Provider:
    """What Re-Wrapped knows about one event source."""

    name: str
    # Settings field that switches scheduled polling on (a key, a token or a URL list);
    # None: never scheduled (the admin's CSV upload).
    credential: str | None = None
    # Query parameter carrying the credential; None: it goes in a bearer header (``bearer``)
    # or nowhere (iCalendar URLs are the credential).
    param: str | None = None
    bearer: bool = False
    # Seconds between requests the provider tolerates (Ticketmaster documents 5/s).
    min_interval: float = 0.0
    # Settings field with the provider's requests-per-day quota, if it has one.
    daily_quota: str | None = None
    # The search parameters for events around (lat, lng) within a radius in km.
    geo: GeoQuery | None = None


def _ticketmaster(lat: float, lng: float, radius: int) -> dict:
    return {"latlong": f"{lat},{lng}", "radius": radius, "unit": "km"}


def _seatgeek(lat: float, lng: float, radius: int) -> dict:
    return {"lat": lat, "lon": lng, "range": f"{radius}km"}


def _jambase(lat: float, lng: float, radius: int) -> dict:
    return {
        "geoLatitude": lat,
        "geoLongitude": lng,
        "geoRadiusAmount": radius,
        "geoRadiusUnits": "km",
    }


def _songkick(lat: float, lng: float, _radius: int) -> dict:
    return {"location": f"geo:{lat},{lng}"}


PROVIDERS: dict[str, Provider] = {
    p.name: p
    for p in (
        Provider(
            "ticketmaster",
            credential="ticketmaster_api_key",
            param="apikey",
            min_interval=0.2,
            daily_quota="ticketmaster_daily_quota",
            geo=_ticketmaster,
        ),
        Provider("bandsintown", credential="bandsintown_app_id", param="app_id", min_interval=0.1),
        Provider("jambase", credential="jambase_api_key", param="apikey", geo=_jambase),
        Provider(
            "seatgeek",
            credential="seatgeek_client_id",
            param="client_id",
            min_interval=0.1,
            geo=_seatgeek,
        ),
        Provider(
            "songkick",
            credential="songkick_api_key",
            param="apikey",
            min_interval=0.2,
            geo=_songkick,
        ),
        Provider("eventbrite", credential="eventbrite_token", bearer=True),
        Provider("ical", credential="feed_ical_urls"),
        Provider("csv"),
    )
}
# Sources fetched on a schedule, with the setting that switches each on.
SCHEDULED = {p.name: p.credential for p in PROVIDERS.values() if p.credential}

# The admin's CSV upload (and promoters' own entries): a header naming these columns.
CSV_COLUMNS = (
    "source_id",
    "title",
    "date",
    "time",
    "timezone",
    "status",
    "venue",
    "address",
    "city",
    "country",
    "lat",
    "lng",
    "artists",
    "genres",
    "price_min",
    "price_max",
    "currency",
    "ticket_url",
    "image_url",
    "description",
)
REQUIRED_COLUMNS = ("source_id", "title", "date", "venue")
