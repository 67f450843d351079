"""Provider-shaped event items built from one canonical show, for fakes and benchmarks.

Each function renders a show the way that provider documents it (Ticketmaster coordinates as
strings and UTC ``dateTime``; Bandsintown venue-local ``datetime`` and a bare lineup; Songkick
"X at Venue (Month d, yyyy)" names, offsets and billing; SeatGeek ``datetime_utc``; JamBase
schema.org with ``x-timezone``; Eventbrite ``start.local``/``utc``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zlib import crc32
from zoneinfo import ZoneInfo


def _h(value: str) -> int:
    return crc32(value.encode())


@dataclass
class Venue:
    name: str
    lat: float
    lng: float
    city: str
    country: str  # ISO code
    country_name: str
    tz: str
    ids: dict = field(default_factory=dict)


@dataclass
class Show:
    key: str
    artists: list[tuple[str, str | None, str | None]]  # name, spotify id, mbid
    venue: Venue
    day: date
    at: time | None
    title: str | None = None
    status: str = "scheduled"
    genres: tuple[str, ...] = ()
    price: tuple[float, float] | None = None

    @property
    def local(self) -> datetime:
        return datetime.combine(self.day, self.at or time(0, 0))

    @property
    def utc(self) -> datetime:
        return self.local.replace(tzinfo=ZoneInfo(self.venue.tz)).astimezone(ZoneInfo("UTC"))

    @property
    def name(self) -> str:
        return self.title or self.artists[0][0]


def ticketmaster(show: Show, ident: str) -> dict:
    start = {
        "localDate": show.day.isoformat(),
        "dateTBD": False,
        "dateTBA": False,
        "timeTBA": show.at is None,
        "noSpecificTime": show.at is None,
    }
    if show.at:
        start["localTime"] = show.at.strftime("%H:%M:%S")
        start["dateTime"] = show.utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    status = {"scheduled": "onsale", "cancelled": "canceled"}.get(show.status, show.status)
    item = {
        "name": show.name,
        "type": "event",
        "id": ident,
        "url": f"https://www.ticketmaster.com/event/{ident}",
        "dates": {"start": start, "timezone": show.venue.tz, "status": {"code": status}},
        "classifications": [
            {
                "primary": True,
                "segment": {"name": "Music"},
                "genre": {"name": show.genres[0] if show.genres else "Undefined"},
                "subGenre": {"name": "Other"},
            }
        ],
        "images": [{"ratio": "16_9", "url": f"https://s1.ticketm.net/{ident}.jpg", "width": 1024}],
        "_embedded": {
            "venues": [
                {
                    "name": show.venue.name,
                    "id": show.venue.ids.get("tm", "KovZ" + show.venue.name[:6]),
                    "timezone": show.venue.tz,
                    "city": {"name": show.venue.city},
                    "country": {"countryCode": show.venue.country},
                    "location": {
                        "latitude": f"{show.venue.lat:.6f}",
                        "longitude": f"{show.venue.lng:.6f}",
                    },
                }
            ],
            "attractions": [
                {
                    "name": n,
                    "id": f"K8{_h(n) % 10**8}",
                    "externalLinks": {
                        **(
                            {"spotify": [{"url": f"https://open.spotify.com/artist/{s}"}]}
                            if s
                            else {}
                        ),
                        **({"musicbrainz": [{"id": m}]} if m else {}),
                    },
                }
                for n, s, m in show.artists
            ],
        },
    }
    if show.price:
        item["priceRanges"] = [
            {"type": "standard", "currency": "EUR", "min": show.price[0], "max": show.price[1]}
        ]
    return item


def bandsintown(show: Show, ident: str) -> dict:
    return {
        "id": ident,
        "artist_id": "1",
        "url": f"https://www.bandsintown.com/e/{ident}",
        "datetime": show.local.strftime("%Y-%m-%dT%H:%M:%S"),
        "datetime_display_rule": "datetime" if show.at else "date",
        "title": show.title or "",
        "description": "",
        "venue": {
            "name": show.venue.name,
            "latitude": f"{show.venue.lat}",
            "longitude": f"{show.venue.lng}",
            "city": show.venue.city,
            "region": "",
            "country": show.venue.country_name,
        },
        "offers": [
            {
                "type": "Tickets",
                "url": f"https://www.bandsintown.com/t/{ident}",
                "status": "cancelled" if show.status == "cancelled" else "available",
            }
        ],
        "lineup": [n for n, _, _ in show.artists],
    }


def songkick(show: Show, ident: int) -> dict:
    headline = show.title or show.artists[0][0]
    day = f"{show.day.strftime('%B')} {show.day.day}, {show.day.year}"
    display = f"{headline} at {show.venue.name} ({day})"
    offset = show.utc.astimezone(ZoneInfo(show.venue.tz)).strftime("%z")
    return {
        "id": ident,
        "type": "Concert",
        "uri": f"https://www.songkick.com/concerts/{ident}",
        "displayName": display,
        "status": "ok" if show.status == "scheduled" else show.status,
        "start": {
            "date": show.day.isoformat(),
            "time": show.at.strftime("%H:%M:%S") if show.at else None,
            "datetime": show.local.strftime("%Y-%m-%dT%H:%M:%S") + offset if show.at else None,
        },
        "performance": [
            {
                "id": i,
                "displayName": n,
                "billing": "headline" if i == 0 else "support",
                "billingIndex": i + 1,
                "artist": {
                    "id": _h(n) % 10**7,
                    "displayName": n,
                    "identifier": [{"mbid": m}] if m else [],
                },
            }
            for i, (n, _, m) in enumerate(show.artists)
        ],
        "location": {
            "city": f"{show.venue.city}, {show.venue.country_name}",
            "lat": show.venue.lat,
            "lng": show.venue.lng,
        },
        "venue": {
            "id": show.venue.ids.get("sk", _h(show.venue.name) % 10**6),
            "displayName": show.venue.name,
            "lat": show.venue.lat,
            "lng": show.venue.lng,
            "metroArea": {
                "displayName": show.venue.city,
                "country": {"displayName": show.venue.country_name},
            },
        },
    }


def seatgeek(show: Show, ident: int) -> dict:
    return {
        "id": ident,
        "title": show.name,
        "short_title": show.name,
        "url": f"https://seatgeek.com/e/{ident}",
        "datetime_local": show.local.strftime("%Y-%m-%dT%H:%M:%S")
        if show.at
        else show.day.isoformat() + "T03:30:00",
        "datetime_utc": show.utc.strftime("%Y-%m-%dT%H:%M:%S"),
        "datetime_tbd": False,
        "time_tbd": show.at is None,
        "date_tbd": False,
        "status": "cancelled" if show.status == "cancelled" else "normal",
        "type": "concert",
        "venue": {
            "id": show.venue.ids.get("sg", _h(show.venue.name) % 10**6),
            "name": show.venue.name,
            "city": show.venue.city,
            "country": show.venue.country,
            "timezone": show.venue.tz,
            "location": {"lat": show.venue.lat, "lon": show.venue.lng},
        },
        "performers": [
            {
                "id": i,
                "name": n,
                "primary": i == 0,
                "links": [{"provider": "spotify", "id": f"spotify:artist:{s}"}] if s else [],
                "genres": [{"name": g} for g in show.genres] if i == 0 else [],
            }
            for i, (n, s, _) in enumerate(show.artists)
        ],
        "stats": {"lowest_price": show.price[0], "highest_price": show.price[1]}
        if show.price
        else {},
    }


def jambase(show: Show, ident: str) -> dict:
    return {
        "@type": "Concert",
        "name": show.name,
        "identifier": f"jambase:{ident}",
        "url": f"https://www.jambase.com/show/{ident}",
        "eventStatus": show.status,
        "startDate": show.local.strftime("%Y-%m-%dT%H:%M:%S") if show.at else show.day.isoformat(),
        "location": {
            "@type": "MusicVenue",
            "name": show.venue.name,
            "identifier": f"jambase:{show.venue.ids.get('jb', _h(show.venue.name) % 10**6)}",
            "address": {
                "addressLocality": show.venue.city,
                "addressCountry": {"identifier": show.venue.country},
                "x-timezone": show.venue.tz,
            },
            "geo": {"latitude": show.venue.lat, "longitude": show.venue.lng},
        },
        "performer": [
            {
                "name": n,
                "x-isHeadliner": i == 0,
                "genre": list(show.genres) if i == 0 else [],
                "x-externalIdentifiers": ([{"source": "spotify", "identifier": [s]}] if s else [])
                + ([{"source": "musicbrainz", "identifier": [m]}] if m else []),
            }
            for i, (n, s, m) in enumerate(show.artists)
        ],
        "offers": [],
    }


def eventbrite(show: Show, ident: str) -> dict:
    return {
        "id": ident,
        "name": {"text": show.name, "html": show.name},
        "description": {"text": "", "html": ""},
        "url": f"https://www.eventbrite.com/e/{ident}",
        "start": {
            "timezone": show.venue.tz,
            "local": show.local.strftime("%Y-%m-%dT%H:%M:%S"),
            "utc": show.utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        "status": "canceled" if show.status == "cancelled" else "live",
        "online_event": False,
        "is_free": False,
        "venue": {
            "id": show.venue.ids.get("eb", str(_h(show.venue.name) % 10**6)),
            "name": show.venue.name,
            "latitude": f"{show.venue.lat}",
            "longitude": f"{show.venue.lng}",
            "address": {"city": show.venue.city, "country": show.venue.country},
        },
    }


def wrap(source: str, items: list):
    """A whole one-page API response around ``items``."""
    if source == "ticketmaster":
        return {
            "_embedded": {"events": items},
            "page": {"size": len(items), "totalElements": len(items), "totalPages": 1, "number": 0},
        }
    if source == "seatgeek":
        return {"events": items, "meta": {"total": len(items), "page": 1, "per_page": len(items)}}
    if source == "songkick":
        return {
            "resultsPage": {
                "status": "ok",
                "results": {"event": items},
                "totalEntries": len(items),
                "page": 1,
                "perPage": len(items),
            }
        }
    if source == "jambase":
        return {
            "success": True,
            "pagination": {"page": 1, "totalPages": 1, "totalItems": len(items)},
            "events": items,
        }
    if source == "eventbrite":
        return {"pagination": {"has_more_items": False}, "events": items}
    return items


RENDER = {
    "ticketmaster": lambda s, i: ticketmaster(s, f"TM{i}"),
    "bandsintown": lambda s, i: bandsintown(s, str(10_000_000 + i)),
    "songkick": lambda s, i: songkick(s, 40_000_000 + i),
    "seatgeek": lambda s, i: seatgeek(s, 7_000_000 + i),
    "jambase": lambda s, i: jambase(s, str(i)),
    "eventbrite": lambda s, i: eventbrite(s, str(880_000_000 + i)),
}
