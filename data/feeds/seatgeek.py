"""SeatGeek (``/2/events``): UTC and local datetimes, ``*_tbd`` flags, performers with ``primary``.

A TBD time comes as a placeholder (e.g. 03:30) and is dropped; a TBD date cannot be an event.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from data.feeds.base import Adapter, country_code
from data.feeds.model import (
    BadItem,
    LineupEntry,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    number,
    parse_items,
    sanitise,
    text,
    web_url,
)

SOURCE = "seatgeek"
PATH = "/2/events"
PER_PAGE = 100
_STATUS = {
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "postponed": "postponed",
    "rescheduled": "rescheduled",
}


class SeatGeekAdapter(Adapter):
    source = SOURCE
    default_base_url = "https://api.seatgeek.com"

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        query = {k: v for k, v in params.items() if k not in ("start", "end")}
        query.setdefault("taxonomies.name", "concert")
        if params.get("start"):
            query["datetime_utc.gte"] = str(params["start"])[:19]
        if params.get("end"):
            query["datetime_utc.lte"] = str(params["end"])[:19]
        page_no = 1
        while True:
            payload = self.client.get_json(PATH, {**query, "per_page": PER_PAGE, "page": page_no})
            yield self.parse_payload(payload)
            meta = payload.get("meta", {}) if isinstance(payload, dict) else {}
            if page_no * PER_PAGE >= int(meta.get("total", 0) or 0):
                return
            page_no += 1

    def parse_payload(self, payload) -> ParsedPage:
        if not isinstance(payload, dict) or "events" not in payload:
            return ParsedPage(failures=[("payload", "expected an object with 'events'")])
        page = parse_items(payload["events"], normalise, SOURCE)
        page.total = (payload.get("meta") or {}).get("total")
        return page


def normalise(item: dict) -> NormalisedEvent:
    if item.get("date_tbd"):
        raise BadItem("date to be determined")
    if not item.get("datetime_local"):
        raise BadItem("missing datetime_local")
    try:
        local = datetime.fromisoformat(item["datetime_local"])
        utc = datetime.fromisoformat(item["datetime_utc"]) if item.get("datetime_utc") else None
    except ValueError:
        raise BadItem(f"impossible date/time {item.get('datetime_local')!r}") from None
    time_known = not (item.get("time_tbd") or item.get("datetime_tbd"))
    raw = item.get("venue") or {}
    location = raw.get("location") or {}
    venue = NormalisedVenue(
        name=text(raw.get("name")) or "Unknown venue",
        source_id=text(raw.get("id")),
        city=text(raw.get("city")),
        region=text(raw.get("state")),
        country_code=country_code(text(raw.get("country"))),
        address=text(raw.get("address")),
        lat=number(location.get("lat")),
        lng=number(location.get("lon")),
        timezone=text(raw.get("timezone")),
    )
    performers = sorted(
        (p for p in item.get("performers") or [] if text(p.get("name"))),
        key=lambda p: not p.get("primary"),
    )
    lineup, genres = [], []
    for p in performers:
        names = tuple(text(g.get("name")) for g in p.get("genres") or [] if text(g.get("name")))
        spotify = next(
            (
                str(link.get("id", "")).rsplit(":", 1)[-1]
                for link in p.get("links") or []
                if link.get("provider") == "spotify" and link.get("id")
            ),
            None,
        )
        lineup.append(
            LineupEntry(
                name=text(p["name"]),
                headliner=bool(p.get("primary")),
                spotify_id=spotify,
                genres=names,
            )
        )
        genres.extend(g for g in names if g not in genres)
    if lineup and not any(e.headliner for e in lineup):
        lineup[0].headliner = True
    stats = item.get("stats") or {}
    low, high = number(stats.get("lowest_price")), number(stats.get("highest_price"))
    return NormalisedEvent(
        source=SOURCE,
        source_id=str(item["id"]),
        title=text(item.get("title")) or text(item.get("short_title")) or "",
        local_date=local.date(),
        local_time=local.time() if time_known else None,
        timezone=venue.timezone,
        starts_at=utc if (time_known and utc) else None,
        status=_STATUS.get(str(item.get("status", "")).lower(), "scheduled"),
        venue=venue,
        lineup=lineup,
        genres=genres,
        price_min=low,
        price_max=high,
        currency="USD" if low is not None or high is not None else None,
        ticket_url=web_url(item.get("url")),
        image_url=web_url(performers[0].get("image") if performers else None),
        description=sanitise(text(item.get("description"))),
        url=web_url(item.get("url")),
    )
