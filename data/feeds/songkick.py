"""Songkick (``resultsPage.results.event[]``): offsets on ``start.datetime``, festivals with an
``end``, ``performance[]`` in billing order with MusicBrainz ids, status ok/cancelled/postponed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    text,
    web_url,
)

SOURCE = "songkick"
PER_PAGE = 50
_STATUS = {"ok": "scheduled", "cancelled": "cancelled", "postponed": "postponed"}
# "Wild Flag at The Fillmore (April 18, 2012)" -> "Wild Flag"
_DISPLAY_SUFFIX = re.compile(r"\s+at\s+.+?\s*\([^()]*\d{4}\)\s*$|\s*\([^()]*\d{4}\)\s*$")


class SongkickAdapter(Adapter):
    source = SOURCE
    default_base_url = "https://api.songkick.com"

    def pages(self, params: dict) -> Iterator[ParsedPage]:
        """A metro area calendar (``metro_area``) or a location search (``location``)."""
        if params.get("metro_area"):
            path = f"/api/3.0/metro_areas/{params['metro_area']}/calendar.json"
        else:
            path = "/api/3.0/events.json"
        query = {k: v for k, v in params.items() if k in ("location", "artist_name", "type")}
        if params.get("start"):
            query["min_date"] = str(params["start"])[:10]
        if params.get("end"):
            query["max_date"] = str(params["end"])[:10]
        page_no = 1
        while True:
            payload = self.client.get_json(path, {**query, "page": page_no, "per_page": PER_PAGE})
            yield self.parse_payload(payload)
            results = payload.get("resultsPage", {}) if isinstance(payload, dict) else {}
            if page_no * PER_PAGE >= int(results.get("totalEntries", 0) or 0):
                return
            page_no += 1

    def parse_payload(self, payload) -> ParsedPage:
        results_page = payload.get("resultsPage") if isinstance(payload, dict) else None
        if not isinstance(results_page, dict):
            return ParsedPage(failures=[("payload", "expected resultsPage")])
        if results_page.get("status") not in (None, "ok"):
            error = (results_page.get("error") or {}).get("message", results_page.get("status"))
            return ParsedPage(failures=[("payload", f"provider error: {str(error)[:150]}")])
        events = (results_page.get("results") or {}).get("event", [])
        page = parse_items(events, normalise, SOURCE)
        page.total = results_page.get("totalEntries")
        return page


def normalise(item: dict) -> NormalisedEvent:
    start = item.get("start") or {}
    if not start.get("date"):
        raise BadItem("missing start.date")
    local_date = parse_date(start["date"])
    local_time = parse_time(start.get("time"))
    starts_at = None
    if local_time is not None and start.get("datetime"):
        moment = parse_datetime(start["datetime"])
        starts_at = aware_to_utc(moment) if moment.tzinfo else None
    ends_at = None
    end = item.get("end") or {}
    if end.get("datetime"):
        moment = parse_datetime(end["datetime"])
        ends_at = aware_to_utc(moment) if moment.tzinfo else None
    raw = item.get("venue") or {}
    metro = raw.get("metroArea") or {}
    location = item.get("location") or {}
    city = text(location.get("city"))
    venue = NormalisedVenue(
        name=text(raw.get("displayName")) or "Unknown venue",
        source_id=text(raw.get("id")),
        city=city.split(",")[0].strip() if city else text(metro.get("displayName")),
        region=text((metro.get("state") or {}).get("displayName")),
        country_code=country_code(text((metro.get("country") or {}).get("displayName"))),
        lat=number(raw.get("lat") if raw.get("lat") is not None else location.get("lat")),
        lng=number(raw.get("lng") if raw.get("lng") is not None else location.get("lng")),
    )
    performances = sorted(item.get("performance") or [], key=lambda p: p.get("billingIndex") or 99)
    lineup = []
    for p in performances:
        artist = p.get("artist") or {}
        name = text(artist.get("displayName") or p.get("displayName"))
        if not name:
            continue
        mbid = next((i.get("mbid") for i in artist.get("identifier") or [] if i.get("mbid")), None)
        lineup.append(LineupEntry(name=name, headliner=p.get("billing") == "headline", mbid=mbid))
    if lineup and not any(e.headliner for e in lineup):
        lineup[0].headliner = True
    is_festival = item.get("type") == "Festival"
    display = text(item.get("displayName")) or ""
    title = display if is_festival else (_DISPLAY_SUFFIX.sub("", display) or display)
    return NormalisedEvent(
        source=SOURCE,
        source_id=str(item["id"]),
        title=title,
        local_date=local_date,
        local_time=local_time,
        starts_at=starts_at,
        ends_at=ends_at,
        status=_STATUS.get(str(item.get("status", "ok")).lower(), "scheduled"),
        venue=venue,
        lineup=lineup,
        ticket_url=web_url(item.get("uri")),
        url=web_url(item.get("uri")),
    )
