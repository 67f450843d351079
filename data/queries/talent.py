"""Talent finder and venue availability: reads for a promoter's planning.

Listener counts are distinct local listeners (home city = the promoter's city) and are never
shown below ``K_MIN``: an artist needs at least that many to be listed at all, and a growth
figure needs that many in both 90-day windows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import Session

from data.models import Artist, City, Event, EventArtist, Play, TalentShortlist, User, Venue
from data.privacy import K_ANONYMITY as K_MIN

WINDOW = 90
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def promoter_city(session: Session, user_id: int, home_city_id: int | None) -> int | None:
    """The promoter's home city, else the city of most of their events."""
    if home_city_id:
        return home_city_id
    return session.scalar(
        select(Event.city_id)
        .where(Event.promoter_id == user_id, Event.city_id.isnot(None))
        .group_by(Event.city_id)
        .order_by(func.count().desc())
        .limit(1)
    )


def _listeners(city_id: int, since, until=None):
    """Distinct local listeners per artist between ``since`` and ``until``."""
    query = (
        select(Play.artist_id, func.count(distinct(Play.user_id)).label("n"))
        .join(User, User.id == Play.user_id)
        .where(User.home_city_id == city_id, Play.ended_at >= since)
        .group_by(Play.artist_id)
    )
    if until is not None:
        query = query.where(Play.ended_at < until)
    return query.subquery()


def talent(session: Session, city_id: int, today: date, limit: int = 100) -> pd.DataFrame:
    """Artists local listeners play with no upcoming show in the city, most listeners first."""
    now = pd.Timestamp(today).to_pydatetime()
    recent = _listeners(city_id, now - timedelta(days=WINDOW))
    before = _listeners(city_id, now - timedelta(days=2 * WINDOW), now - timedelta(days=WINDOW))
    local_show = exists().where(
        EventArtist.artist_id == Artist.id,
        Event.id == EventArtist.event_id,
        Event.city_id == city_id,
        Event.local_date >= today,
        Event.status != "cancelled",
    )
    rows = session.execute(
        select(Artist.id, Artist.name, recent.c.n, func.coalesce(before.c.n, 0))
        .join(recent, recent.c.artist_id == Artist.id)
        .outerjoin(before, before.c.artist_id == Artist.id)
        .where(recent.c.n >= K_MIN, ~local_show)
        .order_by(recent.c.n.desc(), Artist.name)
        .limit(limit)
    ).all()
    frame = pd.DataFrame(rows, columns=["artist_id", "artist", "listeners", "before"])
    both = frame["before"] >= K_MIN
    frame["growth"] = (frame["listeners"] / frame["before"].where(both) - 1).astype("float64")
    elsewhere = shows_elsewhere(session, frame["artist_id"].tolist(), city_id, today)
    frame["shows_elsewhere"] = frame["artist_id"].map(elsewhere).fillna("")
    return frame.drop(columns=["before"])


def shows_elsewhere(session: Session, artist_ids: list[int], city_id: int, today: date) -> dict:
    """Per artist: their next upcoming shows in other cities, "City (date)" joined."""
    if not artist_ids:
        return {}
    rows = session.execute(
        select(EventArtist.artist_id, City.name, Event.local_date)
        .join(Event, Event.id == EventArtist.event_id)
        .join(City, City.id == Event.city_id)
        .where(
            EventArtist.artist_id.in_(artist_ids),
            Event.city_id != city_id,
            Event.local_date >= today,
            Event.status != "cancelled",
        )
        .order_by(Event.local_date)
    ).all()
    out: dict[int, list[str]] = {}
    for artist_id, city, day in rows:
        out.setdefault(artist_id, []).append(f"{city} ({day:%d %b})")
    return {
        k: ", ".join(v[:3]) + (f" +{len(v) - 3} more" if len(v) > 3 else "") for k, v in out.items()
    }


def shortlist(session: Session, promoter_id: int) -> set[int]:
    """Artist ids on the promoter's shortlist."""
    rows = session.scalars(
        select(TalentShortlist.artist_id).where(TalentShortlist.promoter_id == promoter_id)
    )
    return set(rows)


def shortlist_names(session: Session, promoter_id: int) -> list[str]:
    """Names of the shortlisted artists, in the order they were added."""
    return list(
        session.scalars(
            select(Artist.name)
            .join(TalentShortlist, TalentShortlist.artist_id == Artist.id)
            .where(TalentShortlist.promoter_id == promoter_id)
            .order_by(TalentShortlist.added_at)
        )
    )


def free_dates(session: Session, venue_id: int, start: date, end: date) -> list[date]:
    """Days in [start, end] with no (uncancelled) event at the venue."""
    busy = set(
        session.scalars(
            select(Event.local_date).where(
                Event.venue_id == venue_id,
                Event.local_date >= start,
                Event.local_date <= end,
                Event.status != "cancelled",
            )
        )
    )
    days = (end - start).days + 1
    return [d for d in (start + timedelta(days=i) for i in range(days)) if d not in busy]


def busiest_weekdays(session: Session, venue_id: int) -> pd.DataFrame:
    """Events at the venue per weekday (from all its known events), busiest first."""
    dates = session.scalars(
        select(Event.local_date).where(Event.venue_id == venue_id, Event.status != "cancelled")
    ).all()
    counts = pd.Series([d.weekday() for d in dates], dtype="int64").value_counts()
    frame = pd.DataFrame(
        {"weekday": list(WEEKDAYS), "events": [int(counts.get(i, 0)) for i in range(7)]}
    )
    return frame.sort_values("events", ascending=False, kind="stable", ignore_index=True)


def venue_name(session: Session, venue_id: int) -> str | None:
    """The venue's name, or None when there is no such venue."""
    return session.scalar(select(Venue.name).where(Venue.id == venue_id))
