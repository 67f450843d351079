"""Ticketmaster Discovery API v2 (``/discovery/v2/events.json``).

Quirks handled: coordinates arrive as strings; ``canceled`` has one l; ``timeTBA`` /
``noSpecificTime`` mean the time is unknown; "Undefined"/"Other" classifications are noise;
deep paging stops at size x page < 1000, so a window with more results is split by date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from data.feeds.base import Adapter, country_code
from data.feeds.model import (
    BadItem,
    LineupEntry,
    NormalisedEvent,
    NormalisedVenue,
    ParsedPage,
    aware_to_utc,
    number,
    parse_date,
    parse_datetime,
    parse_items,
    parse_time,
    sanitise,
    text,
    web_url,
)

SOURCE = "ticketmaster"
PATH = "/discovery/v2/events.json"
PAGE_SIZE = 200
DEEP_PAGING_LIMIT = 1000
# Windows over the paging limit are halved down to this; a busier one is reported, not hidden.
MIN_WINDOW = timedelta(hours=1)
_STATUS = {
    "onsale": "scheduled",
    "offsale": "offsale",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "postponed": "postponed",
    "rescheduled": "rescheduled",
}
_NOISE = {"undefined", "other", "music", ""}
_SPOTIFY = re.compile(r"open\.spotify\.com/artist/([A-Za-z0-9]{22})")


class TicketmasterAdapter(Adapter):
    source = SOURCE
    default_base_url = "https://app.ticketmaster.com"

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        """All music events in ``params`` (latlong/radius or city/countryCode, start, end)."""
        start = _moment(params["start"])
        end = _moment(params["end"])
        query = {k: v for k, v in params.items() if k not in ("start", "end")}
        query.setdefault("classificationName", "music")
        yield from self._window(query, start, end)

    def _window(self, query: dict, start: datetime, end: datetime) -> Iterator[ParsedPage]:
        page_no = 0
        while True:
            payload = self.client.get_json(
                PATH,
                {
                    **query,
                    "startDateTime": _fmt(start),
                    "endDateTime": _fmt(end),
                    "size": PAGE_SIZE,
                    "page": page_no,
                    "sort": "date,asc",
                },
            )
            info = payload.get("page", {}) if isinstance(payload, dict) else {}
            total = int(info.get("totalElements", 0) or 0)
            if page_no == 0 and total > DEEP_PAGING_LIMIT and end - start > MIN_WINDOW:
                middle = start + (end - start) / 2
                yield from self._window(query, start, middle)
                yield from self._window(query, middle, end)
                return
            yield self.parse_payload(payload)
            page_no += 1
            pages = int(info.get("totalPages", 0) or 0)
            if page_no >= pages:
                return
            if page_no * PAGE_SIZE >= DEEP_PAGING_LIMIT:
                yield _truncated(start, end, total)
                return

    def parse_payload(self, payload) -> ParsedPage:
        if not isinstance(payload, dict):
            return ParsedPage(failures=[("payload", "expected a JSON object")])
        if "fault" in payload or "errors" in payload:
            return ParsedPage(failures=[("payload", f"provider error: {str(payload)[:150]}")])
        events = payload.get("_embedded", {}).get("events", [])
        page = parse_items(events, normalise, SOURCE)
        page.total = payload.get("page", {}).get("totalElements")
        return page


def _truncated(start: datetime, end: datetime, total: int) -> ParsedPage:
    """A window too busy to page through even at MIN_WINDOW: the run records what it missed."""
    missed = total - DEEP_PAGING_LIMIT
    reason = (
        f"{missed} events not fetched: Ticketmaster pages through at most "
        f"{DEEP_PAGING_LIMIT:,} results per query, and this window holds {total:,}"
    )
    return ParsedPage(failures=[(f"window {_fmt(start)} to {_fmt(end)}", reason)])


def normalise(item: dict) -> NormalisedEvent:
    dates = item.get("dates") or {}
    start = dates.get("start") or {}
    if not start.get("localDate"):
        raise BadItem("missing date (dateTBD/dateTBA)")
    local_date = parse_date(start["localDate"])
    unknown_time = start.get("timeTBA") or start.get("noSpecificTime")
    local_time = None if unknown_time else parse_time(start.get("localTime"))
    starts_at = None
    if local_time is not None and start.get("dateTime"):
        starts_at = _utc(start["dateTime"])
    embedded = item.get("_embedded") or {}
    venues = embedded.get("venues") or []
    venue = _venue(venues[0]) if venues else None
    code = ((dates.get("status") or {}).get("code") or "onsale").lower()
    standard = _prices(item.get("priceRanges") or [])
    lineup = [_attraction(a, i == 0) for i, a in enumerate(embedded.get("attractions") or [])]
    info, note = item.get("info"), item.get("pleaseNote")
    description = sanitise(" ".join(filter(None, (info, note)))) if info or note else None
    url = web_url(item.get("url"))
    return NormalisedEvent(
        source=SOURCE,
        source_id=str(item["id"]),
        title=text(item.get("name")) or "",
        local_date=local_date,
        local_time=local_time,
        timezone=text(dates.get("timezone")) or (venue.timezone if venue else None),
        starts_at=starts_at,
        status=_STATUS.get(code, "scheduled"),
        venue=venue,
        lineup=[e for e in lineup if e is not None],
        genres=_genres(item.get("classifications") or []),
        price_min=standard[0],
        price_max=standard[1],
        currency=standard[2],
        ticket_url=url,
        image_url=_image(item.get("images") or []),
        description=description,
        url=url,
    )


def _utc(value) -> datetime:
    """``aware_to_utc(parse_datetime(value))``, with a shortcut for the usual "...Z" form."""
    if type(value) is str and len(value) == 20 and value[19] == "Z" and value[10] == "T":
        try:
            moment = datetime.fromisoformat(value[:19])
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            return moment  # already UTC: what the general path computes, without two zones
    return aware_to_utc(parse_datetime(value))


def _venue(raw: dict) -> NormalisedVenue:
    location = raw.get("location") or {}
    address = raw.get("address") or {}
    return NormalisedVenue(
        name=text(raw.get("name")) or "Unknown venue",
        source_id=text(raw.get("id")),
        city=text((raw.get("city") or {}).get("name")),
        region=text((raw.get("state") or {}).get("stateCode")),
        country_code=country_code((raw.get("country") or {}).get("countryCode")),
        address=text(address.get("line1")),
        lat=number(location.get("latitude")),
        lng=number(location.get("longitude")),
        timezone=text(raw.get("timezone")),
    )


def _attraction(raw: dict, first: bool) -> LineupEntry | None:
    name = text(raw.get("name"))
    if not name:
        return None
    links = raw.get("externalLinks") or {}
    spotify = None
    for link in links.get("spotify") or []:
        found = _SPOTIFY.search(str(link.get("url", "")))
        if found:
            spotify = found.group(1)
    mbid = None
    for m in links.get("musicbrainz") or []:
        if m.get("id"):
            mbid = text(m.get("id"))
            break
    return LineupEntry(
        name=name,
        headliner=first,
        spotify_id=spotify,
        mbid=mbid,
        genres=tuple(_genres(raw.get("classifications") or [])),
    )


def _genres(classifications: list) -> list[str]:
    out: list[str] = []
    for c in classifications:
        for level in ("genre", "subGenre"):
            name = text((c.get(level) or {}).get("name"))
            if name and name.lower() not in _NOISE and name not in out:
                out.append(name)
    return out


def _prices(ranges: list) -> tuple[float | None, float | None, str | None]:
    """The "standard" range (face value) when given, else the one including fees."""
    standard = fees = None
    for r in ranges:
        if isinstance(r, dict):
            kind = str(r.get("type", "standard")).lower()
            if kind == "standard":
                standard = r  # the last of a type wins, as in a dict keyed by type
            elif kind == "standard including fees":
                fees = r
    chosen = standard or fees
    if not chosen:
        return None, None, None
    return number(chosen.get("min")), number(chosen.get("max")), text(chosen.get("currency"))


def _image(images: list) -> str | None:
    """The widest 16:9 image (the first of equal widths), else the first image."""
    best = width = None
    for i in images:
        if isinstance(i, dict) and i.get("ratio") == "16_9":
            w = i.get("width") or 0
            if best is None or w > width:
                best, width = i, w
    if best is None and images:
        best = images[0]
    return web_url(best.get("url")) if isinstance(best, dict) else None


def _moment(value) -> datetime:
    if isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(str(value))
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
