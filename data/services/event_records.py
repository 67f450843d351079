"""What a feed record becomes: its ``events`` row (``event_row``) and its matching key
(``match_key``), given the venue and lineup ``data.services.ingest`` resolved for it."""

from __future__ import annotations

from datetime import datetime

from data.feeds.model import NormalisedEvent, to_utc
from data.matching.events import EventKey
from data.matching.venues import KnownVenue
from data.services.run_state import RunState
from data.text import name_key


def event_row(run: RunState, event: NormalisedEvent, venue: KnownVenue | None, **stamps) -> dict:
    """The ``events`` columns a record sets, plus ``stamps`` (run ids, times)."""
    zone = event.timezone or (venue.timezone if venue else None) or run.default_timezone
    starts_at = event.starts_at
    if starts_at is None and event.local_time is not None:
        starts_at = to_utc(datetime.combine(event.local_date, event.local_time), zone)
    return {
        "title": event.title,
        "title_key": name_key(event.title)[:500],
        "starts_at": starts_at,
        "ends_at": event.ends_at,
        "local_date": event.local_date,
        "local_time": event.local_time,
        "timezone": zone,
        "status": event.status,
        "venue_id": venue.id if venue else None,
        "city_id": venue.city_id if venue else None,
        "price_min": event.price_min,
        "price_max": event.price_max,
        "currency": event.currency,
        "ticket_url": event.ticket_url,
        "image_url": event.image_url,
        "description": event.description,
        "promoter_id": event.promoter_id,
        **stamps,
    }


def match_key(event: NormalisedEvent, venue: KnownVenue, lineup: list) -> EventKey:
    """What matching compares: place, day and time, title, and lineup."""
    return EventKey(
        venue_id=venue.id,
        lat=venue.lat if not venue.approximate else None,
        lng=venue.lng if not venue.approximate else None,
        local_date=event.local_date,
        local_time=event.local_time,
        title=event.title,
        artist_ids=tuple(a for a, _ in lineup),
        headliner_ids=frozenset(a for a, h in lineup if h),
        artist_names=tuple(e.name for e in event.lineup),
    )
