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
DIGEST_SIZE = 12  # the next dozen shows: a digest to read, not a listing


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


def _new_event_artists(session: Session, after: int, upto: int, today: date) -> list:
    """(event id, artist id, lat, lng) of upcoming scheduled events in (after, upto].

    Read on its own, not joined to subscriptions: PostgreSQL misjudges the id range and the
    date range together as one row and chose a nested loop over every subscription per event
    (27 s at 10k events); a plain read and a hash join in Python stay linear.
    """
    return session.execute(
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
    ).all()


def _homes(session: Session, user_ids: set[int]) -> dict[int, tuple]:
    rows = session.execute(
        select(User.id, City.lat, City.lng)
        .join(City, City.id == User.home_city_id)
        .where(User.id.in_(user_ids))
    )
    return {r.id: (r.lat, r.lng) for r in rows}


def _fans(session: Session, artist_ids: set[int]) -> list[tuple[int, int, int, int]]:
    """(subscription, user, radius, artist) for every new-show subscription matching one of
    ``artist_ids``: followed explicitly, or played at least ``PLAYS_MOST_THRESHOLD`` times."""
    active = (Subscription.kind == "new_shows", Subscription.active.is_(True))
    followed = session.execute(
        select(
            Subscription.id, Subscription.user_id, Subscription.radius_km, Subscription.artist_id
        ).where(*active, Subscription.artist_id.in_(artist_ids))
    ).all()
    top = session.execute(
        select(Subscription.id, Subscription.user_id, Subscription.radius_km).where(
            *active, Subscription.artist_id.is_(None)
        )
    ).all()
    if not top:
        return [tuple(r) for r in followed]
    by_user = {r.user_id: r for r in top}
    played = session.execute(
        select(Play.user_id, Play.artist_id)
        .where(Play.user_id.in_(by_user), Play.artist_id.in_(artist_ids))
        .group_by(Play.user_id, Play.artist_id)
        .having(func.count() >= PLAYS_MOST_THRESHOLD)
    ).all()
    return [tuple(r) for r in followed] + [
        (by_user[u].id, u, by_user[u].radius_km, a) for u, a in played
    ]


def new_show_candidates(session: Session, after: int, upto: int, today: date) -> list[dict]:
    """New upcoming shows near home by artists a subscriber follows or plays most."""
    shows: dict[int, list] = {}
    for r in _new_event_artists(session, after, upto, today):
        shows.setdefault(r.artist_id, []).append(r)
    if not shows:
        return []
    fans = _fans(session, set(shows))
    homes = _homes(session, {user for _, user, _, _ in fans})
    found: dict[tuple[int, int], dict] = {}
    for sub_id, user_id, radius, artist_id in fans:
        for show in shows[artist_id]:
            key = (sub_id, show.event_id)
            if key in found or not _near(homes.get(user_id), (show.lat, show.lng), radius):
                continue
            found[key] = {
                "subscription_id": sub_id,
                "user_id": user_id,
                "event_id": show.event_id,
                "change": "new",
                "what": "new",
                "artist_id": artist_id,
            }
    return list(found.values())


def digest_candidates(session: Session, now: datetime) -> list[dict]:
    """Upcoming shows for each digest subscription that is due (none sent in a week).

    Subscriptions with the same city and genres share one query, so the cost follows the
    number of distinct (city, genres) choices, not of subscribers.
    """
    today = now.date()
    due = session.execute(
        select(
            Subscription.id, Subscription.user_id, Subscription.city_id, Subscription.genre_ids
        ).where(
            Subscription.kind == "digest",
            Subscription.active.is_(True),
            Subscription.city_id.is_not(None),
            (Subscription.last_sent_at.is_(None))
            | (Subscription.last_sent_at <= now - DIGEST_EVERY),
        )
    ).all()
    groups: dict[tuple, list] = {}
    for sub in due:
        groups.setdefault((sub.city_id, tuple(sorted(sub.genre_ids or []))), []).append(sub)
    found = []
    for (city_id, genre_ids), subs in groups.items():
        query = select(Event.id).where(
            Event.city_id == city_id,
            Event.status == "scheduled",
            and_(
                Event.local_date >= today,
                Event.local_date <= today + timedelta(days=DIGEST_HORIZON_DAYS),
            ),
        )
        if genre_ids:
            query = query.where(
                Event.id.in_(select(EventGenre.event_id).where(EventGenre.genre_id.in_(genre_ids)))
            )
        events = session.scalars(
            query.order_by(Event.local_date, Event.id).limit(DIGEST_SIZE)
        ).all()
        found.extend(
            {
                "subscription_id": sub.id,
                "user_id": sub.user_id,
                "event_id": event_id,
                "change": "digest",
                "what": "digest",
            }
            for sub in subs
            for event_id in events
        )
    return found
