"""Eventbrite: events of configured organizers or venues only (public search ended in 2020).

``eventbrite_organizers`` entries are organizer ids, or ``venue:ID`` for a venue's events.
"""

from __future__ import annotations

from collections.abc import Iterator

from data.feeds.base import Adapter, country_code
from data.feeds.model import (
    BadItem,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    aware_to_utc,
    number,
    parse_datetime,
    parse_items,
    sanitise,
    text,
    web_url,
)

SOURCE = "eventbrite"
_STATUS = {"canceled": "cancelled", "cancelled": "cancelled", "postponed": "postponed"}
_SKIP = {"draft"}


class EventbriteAdapter(Adapter):
    source = SOURCE
    default_base_url = "https://www.eventbriteapi.com"

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        for owner in params.get("organizers", []):
            kind, _, ident = owner.rpartition(":")
            path = f"/v3/{'venues' if kind == 'venue' else 'organizers'}/{ident}/events/"
            continuation = None
            while True:
                query = {"status": "live", "expand": "venue,ticket_availability"}
                if continuation:
                    query["continuation"] = continuation
                payload = self.client.get_json(path, query)
                yield self.parse_payload(payload)
                paging = payload.get("pagination", {}) if isinstance(payload, dict) else {}
                continuation = paging.get("continuation")
                if not paging.get("has_more_items") or not continuation:
                    break

    def parse_payload(self, payload) -> ParsedPage:
        if not isinstance(payload, dict) or "events" not in payload:
            reason = payload.get("error_description") if isinstance(payload, dict) else None
            return ParsedPage(failures=[("payload", reason or "expected an object with 'events'")])
        page = parse_items(payload["events"], normalise, SOURCE)
        page.total = (payload.get("pagination") or {}).get("object_count")
        return page


def normalise(item: dict) -> NormalisedEvent | None:
    status = str(item.get("status", "live")).lower()
    if status in _SKIP:
        return None
    if item.get("online_event"):
        raise BadItem("online event (no venue)")
    start = item.get("start") or {}
    if not start.get("local"):
        raise BadItem("missing start.local")
    local = parse_datetime(start["local"]).replace(tzinfo=None)
    starts_at = aware_to_utc(parse_datetime(start["utc"])) if start.get("utc") else None
    end = item.get("end") or {}
    ends_at = aware_to_utc(parse_datetime(end["utc"])) if end.get("utc") else None
    raw = item.get("venue") or {}
    address = raw.get("address") or {}
    venue = NormalisedVenue(
        name=text(raw.get("name")) or "Unknown venue",
        source_id=text(raw.get("id")),
        city=text(address.get("city")),
        region=text(address.get("region")),
        country_code=country_code(text(address.get("country"))),
        address=text(address.get("localized_address_display") or address.get("address_1")),
        lat=number(raw.get("latitude") or address.get("latitude")),
        lng=number(raw.get("longitude") or address.get("longitude")),
        timezone=text(start.get("timezone")),
    )
    tickets = item.get("ticket_availability") or {}
    low = tickets.get("minimum_ticket_price") or {}
    high = tickets.get("maximum_ticket_price") or {}
    price_min = 0.0 if item.get("is_free") else number(low.get("major_value"))
    name = item.get("name") or {}
    description = item.get("description") or {}
    return NormalisedEvent(
        source=SOURCE,
        source_id=str(item["id"]),
        title=text(name.get("text") if isinstance(name, dict) else name) or "",
        local_date=local.date(),
        local_time=local.time(),
        timezone=text(start.get("timezone")),
        starts_at=starts_at,
        ends_at=ends_at,
        status=_STATUS.get(status, "scheduled"),
        venue=venue,
        price_min=price_min,
        price_max=number(high.get("major_value")),
        currency=text(low.get("currency") or high.get("currency")),
        ticket_url=web_url(item.get("url")),
        image_url=web_url((item.get("logo") or {}).get("url")),
        description=sanitise(description.get("html") if isinstance(description, dict) else None),
        url=web_url(item.get("url")),
    )
