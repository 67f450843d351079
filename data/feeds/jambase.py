"""JamBase (schema.org-style events API, ``/jb-api/v1/events``).

``startDate`` is venue-local with the zone in ``location.address.x-timezone``; date-only starts
mean the time is unknown; ``geo`` is numeric; performers carry ``x-isHeadliner`` and genres.
"""

from __future__ import annotations

from collections.abc import Iterator

from data.feeds.base import Adapter, country_code
from data.feeds.model import (
    BadItem,
    LineupEntry,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    number,
    parse_date,
    parse_datetime,
    parse_items,
    sanitise,
    text,
    web_url,
)

SOURCE = "jambase"
PATH = "/jb-api/v1/events"
PER_PAGE = 100
_STATUS = {
    "scheduled": "scheduled",
    "eventscheduled": "scheduled",
    "cancelled": "cancelled",
    "eventcancelled": "cancelled",
    "postponed": "postponed",
    "eventpostponed": "postponed",
    "rescheduled": "rescheduled",
    "eventrescheduled": "rescheduled",
}


class JamBaseAdapter(Adapter):
    source = SOURCE
    default_base_url = "https://www.jambase.com"

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        page_no, query = 1, {k: v for k, v in params.items() if k not in ("start", "end")}
        if params.get("start"):
            query["eventDateFrom"] = str(params["start"])[:10]
        if params.get("end"):
            query["eventDateTo"] = str(params["end"])[:10]
        while True:
            payload = self.client.get_json(PATH, {**query, "page": page_no, "perPage": PER_PAGE})
            yield self.parse_payload(payload)
            paging = payload.get("pagination", {}) if isinstance(payload, dict) else {}
            if page_no >= int(paging.get("totalPages", 0) or 0):
                return
            page_no += 1

    def parse_payload(self, payload) -> ParsedPage:
        if not isinstance(payload, dict):
            return ParsedPage(failures=[("payload", "expected a JSON object")])
        if payload.get("success") is False:
            errors = payload.get("errors") or payload.get("message")
            return ParsedPage(failures=[("payload", f"provider error: {str(errors)[:150]}")])
        page = parse_items(payload.get("events", []), normalise, SOURCE)
        page.total = (payload.get("pagination") or {}).get("totalItems")
        return page


def normalise(item: dict) -> NormalisedEvent:
    start = text(item.get("startDate"))
    if not start:
        raise BadItem("missing startDate")
    location = item.get("location") or {}
    address = location.get("address") or {}
    zone = text(address.get("x-timezone"))
    local_time = None
    if len(start) <= 10:
        local_date = parse_date(start)
    else:
        moment = parse_datetime(start)
        local_date, local_time = moment.date(), moment.time().replace(tzinfo=None)
    geo = location.get("geo") or {}
    country = address.get("addressCountry")
    region = address.get("addressRegion")
    venue = NormalisedVenue(
        name=text(location.get("name")) or "Unknown venue",
        source_id=text(location.get("identifier")),
        city=text(address.get("addressLocality")),
        region=text(region.get("alternateName") if isinstance(region, dict) else region),
        country_code=country_code(
            country.get("identifier") if isinstance(country, dict) else text(country)
        ),
        address=text(address.get("streetAddress")),
        lat=number(geo.get("latitude")),
        lng=number(geo.get("longitude")),
        timezone=zone,
    )
    lineup, genres = [], []
    for i, performer in enumerate(item.get("performer") or []):
        entry = _performer(performer, i)
        if entry:
            lineup.append(entry)
            genres.extend(g for g in entry.genres if g not in genres)
    if lineup and not any(e.headliner for e in lineup):
        lineup[0].headliner = True
    prices, currency, ticket = [], None, None
    for offer in item.get("offers") or []:
        spec = offer.get("priceSpecification") or {}
        for key in ("minPrice", "maxPrice", "price"):
            if number(spec.get(key)) is not None:
                prices.append(number(spec.get(key)))
        currency = currency or text(spec.get("priceCurrency"))
        ticket = ticket or web_url(offer.get("url"))
    status = str(item.get("eventStatus") or "scheduled").rsplit("/", 1)[-1].lower()
    return NormalisedEvent(
        source=SOURCE,
        source_id=str(item.get("identifier") or item["id"]),
        title=text(item.get("name")) or "",
        local_date=local_date,
        local_time=local_time,
        timezone=zone,
        status=_STATUS.get(status, "scheduled"),
        venue=venue,
        lineup=lineup,
        genres=genres,
        price_min=min(prices) if prices else None,
        price_max=max(prices) if prices else None,
        currency=currency,
        ticket_url=ticket,
        image_url=web_url(item.get("image")),
        description=sanitise(text(item.get("description"))),
        url=web_url(item.get("url")),
    )


def _performer(raw: dict, index: int) -> LineupEntry | None:
    name = text(raw.get("name"))
    if not name:
        return None
    spotify = mbid = None
    for ext in raw.get("x-externalIdentifiers") or []:
        ids = ext.get("identifier") or []
        ids = ids if isinstance(ids, list) else [ids]
        if ext.get("source") == "spotify" and ids:
            spotify = str(ids[0]).rsplit(":", 1)[-1]
        if ext.get("source") == "musicbrainz" and ids:
            mbid = str(ids[0])
    genres = tuple(text(g) for g in raw.get("genre") or [] if text(g))
    return LineupEntry(
        name=name,
        headliner=bool(raw.get("x-isHeadliner", index == 0)),
        spotify_id=spotify,
        mbid=mbid,
        genres=genres,
    )
