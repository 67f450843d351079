"""Read-side helpers for event feeds: canonical export rows, feed-run health, what to fetch."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import (
    Artist,
    City,
    Event,
    EventArtist,
    EventGenre,
    EventSource,
    FeedRun,
    Genre,
    Play,
    User,
    Venue,
)

EXPORT_COLUMNS = [
    "id",
    "title",
    "starts_at_utc",
    "local_date",
    "local_time",
    "timezone",
    "status",
    "venue",
    "lat",
    "lng",
    "city",
    "lineup",
    "genres",
    "price_min",
    "price_max",
    "currency",
    "ticket_url",
    "sources",
]


def export_events(
    session: Session,
    city_slug: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Canonical events (one row each) with lineup, genres and sources as lists."""
    query = (
        select(
            Event.id,
            Event.title,
            Event.starts_at.label("starts_at_utc"),
            Event.local_date,
            Event.local_time,
            Event.timezone,
            Event.status,
            Venue.name.label("venue"),
            Venue.lat,
            Venue.lng,
            City.slug.label("city"),
            Event.price_min,
            Event.price_max,
            Event.currency,
            Event.ticket_url,
        )
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .outerjoin(City, City.id == Event.city_id)
        .order_by(Event.local_date, Event.local_time, Event.id)
    )
    if city_slug:
        query = query.where(City.slug == city_slug)
    if start:
        query = query.where(Event.local_date >= start)
    if end:
        query = query.where(Event.local_date <= end)
    frame = pd.DataFrame(
        session.execute(query).all(), columns=[c.name for c in query.selected_columns]
    )
    if frame.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    ids = frame["id"].tolist()
    lineups = _grouped(
        session,
        select(EventArtist.event_id, Artist.name)
        .join(Artist, Artist.id == EventArtist.artist_id)
        .order_by(EventArtist.event_id, EventArtist.position),
        EventArtist.event_id,
        ids,
    )
    genres = _grouped(
        session,
        select(EventGenre.event_id, Genre.name)
        .join(Genre, Genre.id == EventGenre.genre_id)
        .order_by(EventGenre.event_id, Genre.name),
        EventGenre.event_id,
        ids,
    )
    sources = _grouped(
        session,
        select(EventSource.event_id, EventSource.source + ":" + EventSource.source_id).order_by(
            EventSource.event_id, EventSource.id
        ),
        EventSource.event_id,
        ids,
    )
    frame["lineup"] = [lineups.get(i, []) for i in ids]
    frame["genres"] = [genres.get(i, []) for i in ids]
    frame["sources"] = [sources.get(i, []) for i in ids]
    return frame[EXPORT_COLUMNS]


def _grouped(session: Session, query, column, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for start in range(0, len(ids), 900):
        for event_id, value in session.execute(query.where(column.in_(ids[start : start + 900]))):
            out.setdefault(event_id, []).append(value)
    return out


def feed_runs(session: Session, source: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The latest feed runs with their counts and health, newest first."""
    query = select(FeedRun).order_by(FeedRun.id.desc()).limit(limit)
    if source:
        query = query.where(FeedRun.source == source)
    columns = [c.key for c in FeedRun.__table__.columns]
    rows = [{c: getattr(r, c) for c in columns} for r in session.scalars(query)]
    return pd.DataFrame(rows, columns=columns)


def consecutive_failures(session: Session, source: str) -> int:
    """How many of the source's latest runs failed in a row (drives the retry back-off)."""
    count = 0
    for status in session.scalars(
        select(FeedRun.status)
        .where(FeedRun.source == source, FeedRun.status != "skipped")
        .order_by(FeedRun.id.desc())
        .limit(10)
    ):
        if status != "failed":
            break
        count += 1
    return count


def most_played_artist_names(session: Session, limit: int) -> list[str]:
    """Artists users listen to most (Bandsintown is queried per artist)."""
    query = (
        select(Artist.name)
        .join(Play, Play.artist_id == Artist.id)
        .where(Play.kind == "music")
        .group_by(Artist.id, Artist.name)
        .order_by(func.count().desc(), Artist.name)
        .limit(limit)
    )
    return list(session.scalars(query))


def home_cities(session: Session) -> list[dict]:
    """Cities users live in (name, country, coordinates): where feeds look for events."""
    query = (
        select(City.name, City.country_code, City.lat, City.lng, City.slug)
        .join(User, User.home_city_id == City.id)
        .group_by(City.id, City.name, City.country_code, City.lat, City.lng, City.slug)
        .order_by(func.count().desc(), City.slug)
    )
    return [
        {"name": n, "country_code": cc, "lat": lat, "lng": lng, "slug": slug}
        for n, cc, lat, lng, slug in session.execute(query)
    ]
