"""Where the people behind a genre live, by home city, under the k-anonymity rule.

Two audiences: listeners (people who played artists of the genre at least ``MIN_PLAYS`` times)
and the engaged (people who saved or clicked through to tickets of events of the genre). Both
count distinct people per home city and pass through ``privacy.suppress_small``: no city with
fewer than ``K_ANONYMITY`` people is returned, those people only add to "elsewhere".
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import (
    ArtistGenre,
    City,
    Event,
    EventGenre,
    EventInteraction,
    Play,
    SavedEvent,
    User,
)
from data.privacy import suppress_small

MIN_PLAYS = 5
ENGAGED_KINDS = ("save", "ticket_click")
COLUMNS = ["city_id", "city", "lat", "lng", "people"]


def _by_home_city(session: Session, people) -> tuple[pd.DataFrame, int]:
    """Distinct people of the ``people`` subquery per home city, small cities suppressed."""
    stmt = (
        select(City.id, City.name, City.lat, City.lng, func.count(func.distinct(User.id)))
        .join(User, User.home_city_id == City.id)
        .where(User.id.in_(select(people.c.user_id)))
        .group_by(City.id)
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=COLUMNS)
    no_city = session.scalar(
        select(func.count(User.id)).where(
            User.id.in_(select(people.c.user_id)), User.home_city_id.is_(None)
        )
    )
    shown, elsewhere = suppress_small(frame, "people")
    return shown.sort_values("people", ascending=False, ignore_index=True), elsewhere + (
        no_city or 0
    )


def listeners_by_city(
    session: Session, genre_ids: tuple[int, ...], min_plays: int = MIN_PLAYS
) -> tuple[pd.DataFrame, int]:
    """Listeners of the genres (any genre when empty) per home city, and the "elsewhere" total."""
    plays = select(Play.user_id)
    if genre_ids:
        artists = select(ArtistGenre.artist_id).where(ArtistGenre.genre_id.in_(genre_ids))
        plays = plays.where(Play.artist_id.in_(artists))
    people = plays.group_by(Play.user_id).having(func.count() >= min_plays).subquery()
    return _by_home_city(session, people)


def engaged_by_city(
    session: Session, genre_ids: tuple[int, ...], start: date, end: date
) -> tuple[pd.DataFrame, int]:
    """People who saved or clicked tickets of the genres' events in the window, per home city."""
    events = select(Event.id).where(Event.local_date >= start, Event.local_date <= end)
    if genre_ids:
        tagged = select(EventGenre.event_id).where(EventGenre.genre_id.in_(genre_ids))
        events = events.where(Event.id.in_(tagged))
    saved = select(SavedEvent.user_id.label("user_id")).where(SavedEvent.event_id.in_(events))
    clicked = select(EventInteraction.user_id.label("user_id")).where(
        EventInteraction.event_id.in_(events),
        EventInteraction.kind.in_(ENGAGED_KINDS),
        EventInteraction.user_id.isnot(None),
    )
    people = saved.union(clicked).subquery()
    return _by_home_city(session, people)
