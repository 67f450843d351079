"""Public landing-page numbers: event counts by window, a random show, next shows in a city."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import Artist, City, Event, EventArtist, Venue
from data.ranking.sponsored import cap_sponsored

LISTED = ("scheduled", "rescheduled", "postponed")


def weekend_range(today: date) -> tuple[date, date]:
    """Friday to Sunday of this week (today itself when it is already the weekend)."""
    friday = today + timedelta(days=(4 - today.weekday()) % 7)
    if today.weekday() >= 4:
        friday = today - timedelta(days=today.weekday() - 4)
    return friday, friday + timedelta(days=2)


def event_counts(session: Session, today: date, city_id: int | None = None) -> dict[str, int]:
    """Upcoming event counts for tonight, this weekend and the next 30 days."""
    weekend = weekend_range(today)
    windows = {
        "tonight": (today, today),
        "weekend": weekend,
        "month": (today, today + timedelta(days=30)),
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


def random_show_tonight(session: Session, today: date, seed: int) -> pd.DataFrame:
    """One show tonight picked with ``seed`` (so "another one" is reproducible in tests)."""
    ids = session.scalars(
        select(Event.id)
        .where(Event.local_date == today, Event.status.in_(LISTED))
        .order_by(Event.id)
    ).all()
    if not ids:
        return _event_frame(session, _event_select().where(Event.id == -1))
    pick = random.Random(seed).choice(ids)
    return _event_frame(session, _event_select().where(Event.id == pick))
