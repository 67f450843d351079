"""Bandsintown (``/artists/{name}/events``): a bare array per artist.

``datetime`` is venue-local with no zone, so the zone comes from the venue's coordinates (or
city) through the offline gazetteer. Unknown values are empty strings; coordinates are strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import quote

from data.feeds.base import Adapter, country_code
from data.feeds.http import FeedError
from data.feeds.model import (
    BadItem,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    lineup_from_names,
    number,
    parse_items,
    sanitise,
    text,
    web_url,
)

SOURCE = "bandsintown"


class BandsintownAdapter(Adapter):
    source = SOURCE
    default_base_url = "https://rest.bandsintown.com"

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        """Upcoming events of each artist in ``params["artists"]`` (one request per artist)."""
        for artist in params.get("artists", []):
            try:
                payload = self.client.get_json(
                    f"/artists/{quote(artist, safe='')}/events",
                    {"date": params.get("date", "upcoming")},
                )
            except FeedError as exc:
                if exc.status != 404:
                    raise
                yield ParsedPage(failures=[(artist, "artist not found on Bandsintown")])
                continue
            yield self.parse_payload(payload)

    def parse_payload(self, payload) -> ParsedPage:
        if isinstance(payload, dict) and ("errorMessage" in payload or "error" in payload):
            message = payload.get("errorMessage") or payload.get("error")
            return ParsedPage(failures=[("payload", f"provider error: {str(message)[:150]}")])
        return parse_items(payload, normalise, SOURCE)


def normalise(item: dict) -> NormalisedEvent:
    raw = text(item.get("datetime") or item.get("starts_at"))
    if not raw:
        raise BadItem("missing datetime")
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise BadItem(f"impossible date/time {raw!r}") from None
    local = local.replace(tzinfo=None)  # venue-local by contract; any offset is not trusted
    venue_raw = item.get("venue") or {}
    venue = NormalisedVenue(
        name=text(venue_raw.get("name")) or "Unknown venue",
        city=text(venue_raw.get("city")),
        region=text(venue_raw.get("region")),
        country_code=country_code(text(venue_raw.get("country"))),
        address=text(venue_raw.get("street_address")),
        lat=number(venue_raw.get("latitude")),
        lng=number(venue_raw.get("longitude")),
    )
    lineup = lineup_from_names(item.get("lineup") or [])
    if not lineup and isinstance(item.get("artist"), dict):
        lineup = lineup_from_names([item["artist"].get("name")])
    offers = [o for o in item.get("offers") or [] if isinstance(o, dict)]
    ticket = next((web_url(o.get("url")) for o in offers if o.get("type") == "Tickets"), None)
    title = text(item.get("title")) or " + ".join(e.name for e in lineup[:3])
    date_only = item.get("datetime_display_rule") == "date"
    cancelled = any(str(o.get("status", "")).lower() == "cancelled" for o in offers)
    return NormalisedEvent(
        source=SOURCE,
        source_id=str(item["id"]),
        title=title,
        local_date=local.date(),
        local_time=None if date_only else local.time(),
        status="cancelled" if cancelled else "scheduled",
        venue=venue,
        lineup=lineup,
        ticket_url=ticket,
        description=sanitise(text(item.get("description"))),
        url=web_url(item.get("url")),
    )
