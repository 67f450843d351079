"""Reads for the alert job: which (subscription, event, change) candidates a run should send.

Each function reads only the rows past the job's cursors (new events, new changes), so a run's
cost grows with what is new, not with the size of the catalogue.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from data.models import (
    AlertCursor,
    City,
    Event,
    EventArtist,
    EventChange,
    EventGenre,
    Play,
    Subscription,
    User,
    Venue,
)

PLAYS_MOST_THRESHOLD = 10  # plays of an artist that make it one the listener "plays most"
DIGEST_EVERY = timedelta(days=7)
DIGEST_HORIZON_DAYS = 14


def cursor(session: Session, name: str) -> int:
    """The last id the alert job has read of a table (0 before its first run)."""
    return session.scalar(select(AlertCursor.last_id).where(AlertCursor.name == name)) or 0


def high_water(session: Session) -> dict[str, int]:
    """The highest event and change ids now: a run reads up to these, later rows wait."""
    return {
        "events": session.scalar(select(func.max(Event.id))) or 0,
        "changes": session.scalar(select(func.max(EventChange.id))) or 0,
    }


def watch_candidates(session: Session, after: int, upto: int) -> list[dict]:
    """Changes in (after, upto] to events someone watches."""
    rows = session.execute(
        select(
            Subscription.id.label("subscription_id"),
            Subscription.user_id,
            EventChange.event_id,
            EventChange.id.label("change_id"),
            EventChange.kind,
            EventChange.old,
            EventChange.new,
        )
        .join(Subscription, Subscription.event_id == EventChange.event_id)
        .where(
            EventChange.id > after,
            EventChange.id <= upto,
            Subscription.kind == "watch",
            Subscription.active.is_(True),
        )
    )
    return [{**r._asdict(), "change": f"{r.kind}:{r.change_id}", "what": r.kind} for r in rows]


def _near(home: tuple | None, place: tuple | None, radius_km: float) -> bool:
    if not home or not place or None in home or None in place:
        return False
    lat1, lng1, lat2, lng2 = map(math.radians, (*home, *place))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h))) <= radius_km


def _new_event_artists(session: Session, after: int, upto: int, today: date):
    """(event id, artist id, event lat, lng) of upcoming scheduled events in (after, upto]."""
    return (
        select(
            EventArtist.event_id,
            EventArtist.artist_id,
            func.coalesce(Venue.lat, City.lat).label("lat"),
            func.coalesce(Venue.lng, City.lng).label("lng"),
        )
        .join(Event, Event.id == EventArtist.event_id)
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .outerjoin(City, City.id == Event.city_id)
        .where(
            Event.id > after,
            Event.id <= upto,
            Event.status == "scheduled",
            Event.local_date >= today,
        )
    ).subquery()


def _homes(session: Session, user_ids: set[int]) -> dict[int, tuple]:
    rows = session.execute(
        select(User.id, City.lat, City.lng)
        .join(City, City.id == User.home_city_id)
        .where(User.id.in_(user_ids))
    )
    return {r.id: (r.lat, r.lng) for r in rows}


def new_show_candidates(session: Session, after: int, upto: int, today: date) -> list[dict]:
    """New upcoming shows near home by artists a subscriber follows or plays most."""
    new = _new_event_artists(session, after, upto, today)
    subs = (Subscription.kind == "new_shows", Subscription.active.is_(True))
    followed = session.execute(
        select(Subscription.id, Subscription.user_id, Subscription.radius_km, new)
        .join(new, new.c.artist_id == Subscription.artist_id)
        .where(*subs)
    ).all()
    played = session.execute(
        select(Subscription.id, Subscription.user_id, Subscription.radius_km, new)
        .join(Play, Play.user_id == Subscription.user_id)
        .join(new, new.c.artist_id == Play.artist_id)
        .where(*subs, Subscription.artist_id.is_(None))
        .group_by(Subscription.id, Subscription.user_id, Subscription.radius_km, *new.c)
        .having(func.count() >= PLAYS_MOST_THRESHOLD)
    ).all()
    rows = [*followed, *played]
    homes = _homes(session, {r.user_id for r in rows})
    seen: set[tuple[int, int]] = set()
    found = []
    for r in rows:
        key = (r.id, r.event_id)
        if key in seen or not _near(homes.get(r.user_id), (r.lat, r.lng), r.radius_km):
            continue
        seen.add(key)
        found.append(
            {
                "subscription_id": r.id,
                "user_id": r.user_id,
                "event_id": r.event_id,
                "change": "new",
                "what": "new",
                "artist_id": r.artist_id,
            }
        )
    return found


def digest_candidates(session: Session, now: datetime) -> list[dict]:
    """Upcoming shows for each digest subscription that is due (none sent in a week)."""
    today = now.date()
    due = (
        session.execute(
            select(Subscription).where(
                Subscription.kind == "digest",
                Subscription.active.is_(True),
                Subscription.city_id.is_not(None),
                (Subscription.last_sent_at.is_(None))
                | (Subscription.last_sent_at <= now - DIGEST_EVERY),
            )
        )
        .scalars()
        .all()
    )
    found = []
    for sub in due:
        query = select(Event.id).where(
            Event.city_id == sub.city_id,
            Event.status == "scheduled",
            and_(
                Event.local_date >= today,
                Event.local_date <= today + timedelta(days=DIGEST_HORIZON_DAYS),
            ),
        )
        if sub.genre_ids:
            query = query.where(
                Event.id.in_(
                    select(EventGenre.event_id).where(EventGenre.genre_id.in_(sub.genre_ids))
                )
            )
        for event_id in session.scalars(query.order_by(Event.local_date).limit(50)):
            found.append(
                {
                    "subscription_id": sub.id,
                    "user_id": sub.user_id,
                    "event_id": event_id,
                    "change": "digest",
                    "what": "digest",
                    "last_sent_at": sub.last_sent_at,
                }
            )
    return found
