"""Event details for cards and the event page: lineups, genres, sources, similar shows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import Artist, City, Event, EventArtist, EventGenre, EventSource, Genre, Venue
from data.ranking.score import match_score, scored_links
from data.ranking.sponsored import cap_sponsored

CHUNK = 5000
PART_COLUMNS = ("score", "artist", "genre", "distance", "time", "feedback", "popularity", "km")
LISTED = ("scheduled", "rescheduled", "postponed", "offsale")


def links(session: Session, ids: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lineups (event_id, artist_id, name, position) and genres (event_id, genre_id, name)."""
    lineup_rows, genre_rows = [], []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        lineup_rows += session.execute(
            select(EventArtist.event_id, EventArtist.artist_id, Artist.name, EventArtist.position)
            .join(Artist, Artist.id == EventArtist.artist_id)
            .where(EventArtist.event_id.in_(chunk))
        ).all()
        genre_rows += session.execute(
            select(EventGenre.event_id, EventGenre.genre_id, Genre.name)
            .join(Genre, Genre.id == EventGenre.genre_id)
            .where(EventGenre.event_id.in_(chunk))
        ).all()
    lineups = frame(lineup_rows, ["event_id", "artist_id", "name", "position"], {"name"})
    genres = frame(genre_rows, ["event_id", "genre_id", "name"], {"name"})
    return lineups.sort_values(["event_id", "position"], ignore_index=True), genres


def scoring_links(
    session: Session, ids: list[int], keys: tuple[frozenset[int], frozenset[int]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The links a score reads: (event_id, artist_id) and (event_id, genre_id) of ``ids``,
    only those to the artist and genre ids in ``keys`` (``data.ranking.score.scored_keys``).

    No names and no joins: ranking every candidate needs only ids, and most links point to
    artists and genres the listener has never met (a tenth of the rows to build, here).
    """
    artists, genres = keys
    lineup_rows, genre_rows = [], []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if artists:
            lineup_rows += session.execute(
                select(EventArtist.event_id, EventArtist.artist_id).where(
                    EventArtist.event_id.in_(chunk)
                )
            ).all()
        if genres:
            genre_rows += session.execute(
                select(EventGenre.event_id, EventGenre.genre_id).where(
                    EventGenre.event_id.in_(chunk)
                )
            ).all()
    lineups = frame(lineup_rows, ["event_id", "artist_id"], set())
    return scored_links(lineups, frame(genre_rows, ["event_id", "genre_id"], set()), keys)


def frame(rows, columns: list[str], text: set[str]) -> pd.DataFrame:
    """A frame from result rows, column by column: pandas' row-wise constructor infers every
    value's type, a third of a second for a few thousand rows; here ints are int64 arrays and
    text stays plain Python strings."""
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    data = {
        name: pd.Series(values, dtype=object) if name in text else np.asarray(values)
        for name, values in zip(columns, cols, strict=True)
    }
    return pd.DataFrame(data, columns=columns)


def _details_select():
    return (
        select(
            Event.id,
            Event.title,
            Event.local_date,
            Event.local_time,
            Event.starts_at,
            Event.ends_at,
            Event.timezone,
            Event.status,
            Event.price_min,
            Event.price_max,
            Event.currency,
            Event.ticket_url,
            Event.image_url,
            Event.description,
            Event.popularity,
            Event.is_demo,
            Event.sponsored,
            Event.created_at,
            Venue.name.label("venue"),
            Venue.address,
            func.coalesce(Venue.lat, City.lat).label("lat"),
            func.coalesce(Venue.lng, City.lng).label("lng"),
            City.name.label("city"),
            City.slug.label("city_slug"),
        )
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .outerjoin(City, City.id == Event.city_id)
    )


def page_rows(
    session: Session,
    ids: list[int],
    parts: pd.DataFrame,
    reasons: dict[int, list[str]],
    linked: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> list[dict]:
    """Card rows for ``ids`` in that order, with lineup, genres, reasons and score parts.

    ``linked`` is (lineups, genres) of ``ids`` when the caller already read them.
    """
    if not ids:
        return []
    found = {r.id: r._asdict() for r in session.execute(_details_select().where(Event.id.in_(ids)))}
    lineups, genres = linked if linked is not None else links(session, ids)
    names: dict[int, list[tuple[int, str]]] = {}
    for event_id, artist_id, name in zip(
        lineups["event_id"], lineups["artist_id"], lineups["name"], strict=True
    ):
        names.setdefault(int(event_id), []).append((int(artist_id), str(name)))
    genre_names: dict[int, list[str]] = {}
    for event_id, name in zip(genres["event_id"], genres["name"], strict=True):
        genre_names.setdefault(int(event_id), []).append(str(name))
    scored = _part_values(parts, ids)
    rows = []
    for event_id in ids:
        row = found.get(event_id)
        if row is None:
            continue
        row["lineup_ids"] = [int(a) for a, _ in names.get(event_id, [])]
        row["lineup"] = [n for _, n in names.get(event_id, [])]
        row["genres"] = sorted(genre_names.get(event_id, []))
        row["reasons"] = reasons.get(event_id, [])
        row.update(scored.get(event_id, {}))
        rows.append(row)
    return rows


def _part_values(parts: pd.DataFrame, ids: list[int]) -> dict[int, dict]:
    """Score parts and match of ``ids`` as plain numbers: one slice of the frame, not a
    lookup per cell (parts may hold every candidate's scores)."""
    if parts.empty:
        return {}
    page = parts[parts.index.isin(ids)]
    values = page[list(PART_COLUMNS)].assign(match=match_score(page))
    columns = [*PART_COLUMNS, "match"]
    return {
        int(event_id): {c: _num(v) for c, v in zip(columns, row, strict=True)}
        for event_id, row in zip(page.index, values.to_numpy().tolist(), strict=True)
    }


def _num(value) -> float | None:
    return None if pd.isna(value) else round(float(value), 4)


def event_detail(session: Session, event_id: int) -> dict | None:
    """Everything about one event: details, lineup with Spotify ids, genres, sources."""
    found = session.execute(_details_select().where(Event.id == event_id)).first()
    if found is None:
        return None
    row = found._asdict()
    row["artists"] = [
        r._asdict()
        for r in session.execute(
            select(Artist.id, Artist.name, Artist.spotify_id, EventArtist.is_headliner)
            .join(EventArtist, EventArtist.artist_id == Artist.id)
            .where(EventArtist.event_id == event_id)
            .order_by(EventArtist.position)
        )
    ]
    row["lineup"] = [a["name"] for a in row["artists"]]
    row["genres"] = list(
        session.scalars(
            select(Genre.name)
            .join(EventGenre, EventGenre.genre_id == Genre.id)
            .where(EventGenre.event_id == event_id)
            .order_by(Genre.name)
        )
    )
    row["sources"] = [
        r._asdict()
        for r in session.execute(
            select(EventSource.source, EventSource.url, EventSource.first_seen_at)
            .where(EventSource.event_id == event_id)
            .order_by(EventSource.first_seen_at)
        )
    ]
    return row


def similar_events(
    session: Session, event_id: int, today, limit: int = 4, share: float = 0.0
) -> list[dict]:
    """Upcoming shows sharing the most lineup artists and genres with ``event_id``.

    Sponsored shows are capped to ``share`` of the list (and 1 of the first 5).
    """
    artists = select(EventArtist.artist_id).where(EventArtist.event_id == event_id)
    genres = select(EventGenre.genre_id).where(EventGenre.event_id == event_id)
    shared = (
        select(EventArtist.event_id.label("id"), (func.count() * 3).label("w"))
        .where(EventArtist.artist_id.in_(artists))
        .group_by(EventArtist.event_id)
        .union_all(
            select(EventGenre.event_id.label("id"), func.count().label("w"))
            .where(EventGenre.genre_id.in_(genres))
            .group_by(EventGenre.event_id)
        )
        .subquery()
    )
    ids = session.scalars(
        select(shared.c.id)
        .join(Event, Event.id == shared.c.id)
        .where(shared.c.id != event_id, Event.local_date >= today, Event.status.in_(LISTED))
        .group_by(shared.c.id, Event.local_date)
        .order_by(func.sum(shared.c.w).desc(), Event.local_date, shared.c.id)
        .limit(limit * 3)  # room for organic shows when sponsored ones are capped out
    ).all()
    rows = cap_sponsored(page_rows(session, list(ids), pd.DataFrame(), {}), share)
    return rows[:limit]
