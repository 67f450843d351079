"""Public landing-page numbers: event counts by window, a random show, next shows in a city."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.frame_cache import get_frame_cache
from data.models import Artist, City, Event, EventArtist, Play, Venue
from data.ranking.sponsored import cap_sponsored

LISTED = ("scheduled", "rescheduled", "postponed", "offsale")
K_MIN = 5  # never show a count of fewer people than this


def weekend_range(today: date) -> tuple[date, date]:
    """Friday to Sunday of this week (today itself when it is already the weekend)."""
    friday = today + timedelta(days=(4 - today.weekday()) % 7)
    if today.weekday() >= 4:
        friday = today - timedelta(days=today.weekday() - 4)
    return friday, friday + timedelta(days=2)


def month_end(today: date) -> date:
    """The last day of ``today``'s month."""
    first_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def event_counts(session: Session, today: date, city_id: int | None = None) -> dict[str, int]:
    """Upcoming event counts for tonight, this weekend, the rest of this month and this year."""
    weekend = weekend_range(today)
    windows = {
        "tonight": (today, today),
        "weekend": (max(today, weekend[0]), weekend[1]),
        "month": (today, month_end(today)),
        "year": (today, date(today.year, 12, 31)),
    }
    counts = {}
    for name, (start, end) in windows.items():
        stmt = select(func.count(Event.id)).where(
            Event.local_date >= start, Event.local_date <= end, Event.status.in_(LISTED)
        )
        if city_id is not None:
            stmt = stmt.where(Event.city_id == city_id)
        counts[name] = session.scalar(stmt) or 0
    return counts


def cities_with_events(session: Session, today: date) -> pd.DataFrame:
    """Cities that have upcoming events, most events first (columns: id, slug, name, events)."""
    rows = session.execute(
        select(City.id, City.slug, City.name, City.country_code, func.count(Event.id).label("n"))
        .join(Event, Event.city_id == City.id)
        .where(Event.local_date >= today, Event.status.in_(LISTED))
        .group_by(City.id)
        .order_by(func.count(Event.id).desc(), City.name)
    ).all()
    return pd.DataFrame(rows, columns=["id", "slug", "name", "country_code", "events"])


def _event_frame(session: Session, stmt) -> pd.DataFrame:
    rows = session.execute(stmt).all()
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "title",
            "local_date",
            "local_time",
            "status",
            "venue",
            "city",
            "price_min",
            "currency",
            "ticket_url",
            "is_demo",
            "sponsored",
            "timezone",
        ],
    )
    if frame.empty:
        frame["lineup"] = []
        return frame
    lineup = session.execute(
        select(EventArtist.event_id, Artist.name)
        .join(Artist, Artist.id == EventArtist.artist_id)
        .where(EventArtist.event_id.in_(frame["id"].tolist()))
        .order_by(EventArtist.event_id, EventArtist.position)
    ).all()
    names: dict[int, list[str]] = {}
    for event_id, name in lineup:
        names.setdefault(event_id, []).append(name)
    frame["lineup"] = [names.get(i, []) for i in frame["id"]]
    return frame


def _event_select():
    return (
        select(
            Event.id,
            Event.title,
            Event.local_date,
            Event.local_time,
            Event.status,
            Venue.name,
            City.name,
            Event.price_min,
            Event.currency,
            Event.ticket_url,
            Event.is_demo,
            Event.sponsored,
            Event.timezone,
        )
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .outerjoin(City, City.id == Event.city_id)
        .where(Event.status.in_(LISTED))
    )


def next_shows(
    session: Session, city_id: int, today: date, limit: int = 8, share: float = 0.2
) -> pd.DataFrame:
    """The city's next shows; sponsored ones capped to ``share`` (``cap_sponsored``)."""
    stmt = (
        _event_select()
        .where(Event.city_id == city_id, Event.local_date >= today)
        .order_by(Event.local_date, Event.local_time, Event.id)
        .limit(limit * 2)
    )
    frame = _event_frame(session, stmt)
    keep = cap_sponsored(frame.to_dict("records"), share)[:limit]
    return frame.set_index("id").loc[[r["id"] for r in keep]].reset_index()


def random_show_tonight(
    session: Session, today: date, seed: int, city_id: int | None = None
) -> pd.DataFrame:
    """One show tonight (in ``city_id`` when given) picked with ``seed`` (reproducible)."""
    stmt = select(Event.id).where(Event.local_date == today, Event.status.in_(LISTED))
    if city_id is not None:
        stmt = stmt.where(Event.city_id == city_id)
    ids = session.scalars(stmt.order_by(Event.id)).all()
    if not ids:
        return _event_frame(session, _event_select().where(Event.id == -1))
    pick = random.Random(seed).choice(ids)
    return _event_frame(session, _event_select().where(Event.id == pick))


def weekend_totals(session: Session, today: date, city_id: int) -> dict[str, int]:
    """Events and distinct lineup artists in the city this weekend."""
    start, end = weekend_range(today)
    where = (
        Event.city_id == city_id,
        Event.local_date >= max(start, today),
        Event.local_date <= end,
        Event.status.in_(LISTED),
    )
    events = session.scalar(select(func.count(Event.id)).where(*where)) or 0
    artists = session.scalar(
        select(func.count(func.distinct(EventArtist.artist_id)))
        .join(Event, Event.id == EventArtist.event_id)
        .where(*where)
    )
    return {"events": events, "artists": artists or 0}


def new_this_week(session: Session, today: date, city_id: int) -> int:
    """Upcoming events in the city first seen in the last seven days."""
    since = datetime.combine(today - timedelta(days=7), time.min)
    return (
        session.scalar(
            select(func.count(Event.id)).where(
                Event.city_id == city_id,
                Event.local_date >= today,
                Event.created_at >= since,
                Event.status.in_(LISTED),
            )
        )
        or 0
    )


def artists_by_listeners(
    session: Session, today: date, city_id: int, k: int = K_MIN
) -> pd.DataFrame:
    """Artists playing the city this month with how many of our listeners play them.

    Only artists with at least ``k`` listeners are returned (a smaller count could point at a
    person). Columns: artist_id, name, listeners; most listeners first.
    """
    playing = (
        select(EventArtist.artist_id)
        .join(Event, Event.id == EventArtist.event_id)
        .where(
            Event.city_id == city_id,
            Event.local_date >= today,
            Event.local_date <= month_end(today),
            Event.status.in_(LISTED),
        )
        .distinct()
    )
    listeners = func.count(func.distinct(Play.user_id))
    rows = session.execute(
        select(Artist.id, Artist.name, listeners.label("listeners"))
        .join(Play, Play.artist_id == Artist.id)
        .where(Artist.id.in_(playing))
        .group_by(Artist.id, Artist.name)
        .having(listeners >= k)
        .order_by(listeners.desc(), Artist.name)
    ).all()
    return pd.DataFrame(rows, columns=["artist_id", "name", "listeners"])


ARTISTS_CACHE_SECONDS = 3600


def artists_by_listeners_cached(session: Session, today: date, city_id: int) -> pd.DataFrame:
    """``artists_by_listeners`` kept for an hour: it counts listeners over every play."""
    cache = get_frame_cache()
    key = f"landing:artists:{city_id}:{today.isoformat()}"
    found = cache.shared_get(key) if cache is not None else None
    if found is not None:
        return pd.DataFrame(json.loads(found), columns=["artist_id", "name", "listeners"])
    frame = artists_by_listeners(session, today, city_id)
    if cache is not None:
        payload = json.dumps(frame.values.tolist()).encode()
        cache.shared_set(key, payload, ARTISTS_CACHE_SECONDS)
    return frame
