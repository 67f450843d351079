"""A listener's alert subscriptions and in-app notifications, for Profile and the navbar bell."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import (
    Artist,
    City,
    Event,
    Genre,
    MailSuppression,
    Notification,
    Subscription,
    User,
)


def subscription_target(kind: str, target: str) -> dict:
    """The columns a (kind, target) pair sets: ("watch", "12") -> {"event_id": 12}.

    Raises:
        ValueError: for an unknown kind or a target that is not an id (or "top").
    """
    if kind == "new_shows" and target == "top":
        return {"artist_id": None}
    if not str(target).isdigit():
        raise ValueError(f"not an id: {target!r}")
    column = {"watch": "event_id", "new_shows": "artist_id", "digest": "city_id"}.get(kind)
    if column is None:
        raise ValueError(f"unknown subscription kind {kind!r}")
    return {column: int(target)}


def find_subscription(session: Session, user_id: int, kind: str, target: str) -> int | None:
    """The id of the user's active subscription of this kind and target, if any."""
    values = subscription_target(kind, target)
    query = select(Subscription.id).where(
        Subscription.user_id == user_id, Subscription.kind == kind, Subscription.active.is_(True)
    )
    for column, value in values.items():
        attr = getattr(Subscription, column)
        query = query.where(attr.is_(None) if value is None else attr == value)
    return session.scalar(query.limit(1))


def list_subscriptions(session: Session, user_id: int) -> list[dict]:
    """Active subscriptions with a line describing each, newest first."""
    rows = session.execute(
        select(Subscription, City.name, Artist.name, Event.title, Event.local_date)
        .outerjoin(City, City.id == Subscription.city_id)
        .outerjoin(Artist, Artist.id == Subscription.artist_id)
        .outerjoin(Event, Event.id == Subscription.event_id)
        .where(Subscription.user_id == user_id, Subscription.active.is_(True))
        .order_by(Subscription.created_at.desc(), Subscription.id.desc())
    ).all()
    genre_ids = {g for sub, *_ in rows for g in sub.genre_ids or []}
    genres = dict(
        session.execute(select(Genre.id, Genre.name).where(Genre.id.in_(genre_ids))).all()
    )
    return [
        _describe(sub, city, artist, title, day, genres) for sub, city, artist, title, day in rows
    ]


def _describe(sub, city, artist, title, day, genres: dict) -> dict:
    if sub.kind == "digest":
        picked = ", ".join(genres.get(g, "?") for g in sub.genre_ids or [])
        text = f"Weekly digest: shows in {city}" + (f" ({picked})" if picked else "")
    elif sub.kind == "watch":
        text = f"Watching {title} ({day:%d %b %Y}): on sale, cancelled, moved, price drops"
    elif artist:
        text = f"New shows by {artist} within {sub.radius_km} km of home"
    else:
        text = f"New shows by artists you play most, within {sub.radius_km} km of home"
    return {"id": sub.id, "kind": sub.kind, "text": text}


def unread_count(session: Session, user_id: int) -> int:
    """Notifications the user has not read."""
    return (
        session.scalar(
            select(func.count()).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def recent_notifications(session: Session, user_id: int, limit: int = 10) -> list[dict]:
    """The newest notifications (title, body, event, when, read)."""
    rows = session.execute(
        select(
            Notification.id,
            Notification.title,
            Notification.body,
            Notification.event_id,
            Notification.created_at,
            Notification.read_at,
        )
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return [r._asdict() for r in rows]


def digest_genre_options(session: Session) -> list[dict]:
    """Genres that events carry, for the digest's genre picker."""
    from data.models import EventGenre

    rows = session.execute(
        select(Genre.id, Genre.name)
        .join(EventGenre, EventGenre.genre_id == Genre.id)
        .group_by(Genre.id, Genre.name)
        .order_by(func.count().desc())
        .limit(200)
    )
    return [{"label": name, "value": gid} for gid, name in rows]


def mail_suppressed(session: Session, user_id: int) -> bool:
    """True when the user's address used an unsubscribe link (no mail goes to it)."""
    email = session.scalar(select(User.email).where(User.id == user_id))
    if not email:
        return False
    found = select(MailSuppression.email).where(MailSuppression.email == email.strip().lower())
    return session.scalar(found) is not None
