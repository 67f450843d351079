"""Reads behind the genre-geography map: event counts per venue and genre, genre totals, places.

Every map layer of every month is derived from one aggregate, ``cell_counts``: events grouped
by venue, main genre and month. Events at one venue share its coordinates, so this loses nothing
a map can show and keeps the answer small (venues x genres x months, not events); the browser
sums the cells of the month shown, so stepping through months needs no server round trip.
An event's main genre is its longest-known genre (lowest id) among those the
genre filter allows; events without any genre count as genre 0 when no filter is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from data.models import City, Event, EventGenre, Genre, Venue

NO_GENRE = 0
NO_GENRE_NAME = "No genre listed"
HIDDEN_STATUSES = ("cancelled",)
VENUE_COLUMNS = ["venue_id", "venue", "city_id", "city", "lat", "lng", "city_lat", "city_lng"]
CELL_COLUMNS = ["venue_id", "genre_id", "month", "events"]


@dataclass(frozen=True)
class MapWindow:
    """What the map shows: local dates from ``start`` to ``end`` and optionally some genres."""

    start: date
    end: date
    genre_ids: tuple[int, ...] = ()


def _main_genre(window: MapWindow):
    sub = select(func.min(EventGenre.genre_id)).where(EventGenre.event_id == Event.id)
    if window.genre_ids:
        sub = sub.where(EventGenre.genre_id.in_(window.genre_ids))
    value = sub.correlate(Event).scalar_subquery()
    return (value if window.genre_ids else func.coalesce(value, NO_GENRE)).label("genre_id")


def _events_in(window: MapWindow, *columns):
    return (
        select(*columns, _main_genre(window))
        .where(Event.local_date >= window.start, Event.local_date <= window.end)
        .where(Event.status.notin_(HIDDEN_STATUSES))
    )


def month_key(day: date) -> int:
    """Months counted from year 0 (year * 12 + month - 1): the map's month index."""
    return day.year * 12 + day.month - 1


def cell_counts(session: Session, window: MapWindow) -> pd.DataFrame:
    """Events per (venue, main genre, month) in the window (columns: venue_id, genre_id,
    month as ``month_key``, events): every map layer of every month is a sum of these cells."""
    month = extract("year", Event.local_date) * 12 + extract("month", Event.local_date) - 1
    inner = (
        _events_in(window, Event.venue_id, month.label("month"))
        .where(Event.venue_id.isnot(None))
        .subquery()
    )
    stmt = (
        select(inner.c.venue_id, inner.c.genre_id, inner.c.month, func.count())
        .where(inner.c.genre_id.isnot(None))
        .group_by(inner.c.venue_id, inner.c.genre_id, inner.c.month)
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=CELL_COLUMNS)
    return frame.astype(dict.fromkeys(CELL_COLUMNS, "int64")) if not frame.empty else frame


def venue_places(session: Session, venue_ids: list[int]) -> pd.DataFrame:
    """Venues with coordinates and their cities (columns: ``VENUE_COLUMNS``)."""
    stmt = (
        select(
            Venue.id, Venue.name, Venue.city_id, City.name, Venue.lat, Venue.lng, City.lat, City.lng
        )
        .outerjoin(City, City.id == Venue.city_id)
        .where(Venue.id.in_(venue_ids), Venue.lat.isnot(None), Venue.lng.isnot(None))
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=VENUE_COLUMNS)


def genre_totals_of(cells: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Events per main genre of some cells, most first (columns: genre_id, name, events)."""
    totals: dict[int, int] = {}
    for genre_id, events in zip(cells["genre_id"].tolist(), cells["events"].tolist(), strict=True):
        totals[genre_id] = totals.get(genre_id, 0) + events
    rows = sorted(
        ((g, names.get(g, ""), n) for g, n in totals.items()), key=lambda r: (-r[2], r[1])
    )
    return pd.DataFrame(rows, columns=["genre_id", "name", "events"])


def genre_names(session: Session, genre_ids: list[int]) -> dict[int, str]:
    """Display names of genres by id (genre 0 is "No genre listed")."""
    wanted = [int(g) for g in genre_ids if int(g) != NO_GENRE]
    names = dict(session.execute(select(Genre.id, Genre.name).where(Genre.id.in_(wanted))).all())
    return {NO_GENRE: NO_GENRE_NAME, **names}


def genre_options(session: Session) -> pd.DataFrame:
    """Genres that label at least one event, most events first (columns: id, name, events)."""
    stmt = (
        select(Genre.id, Genre.name, func.count(EventGenre.event_id))
        .join(EventGenre, EventGenre.genre_id == Genre.id)
        .group_by(Genre.id)
        .order_by(func.count(EventGenre.event_id).desc(), Genre.name)
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=["id", "name", "events"])


def place_name(session: Session, kind: str, place_id: int) -> str | None:
    """The display name of a city ("Berlin, DE") or a venue ("Venue, Berlin"), if it exists."""
    if kind == "city":
        row = session.execute(
            select(City.name, City.country_code).where(City.id == place_id)
        ).first()
        return f"{row[0]}, {row[1]}" if row else None
    row = session.execute(
        select(Venue.name, City.name)
        .outerjoin(City, City.id == Venue.city_id)
        .where(Venue.id == place_id)
    ).first()
    if row is None:
        return None
    return f"{row[0]}, {row[1]}" if row[1] else row[0]


def place_events(session: Session, kind: str, place_id: int, window: MapWindow) -> pd.DataFrame:
    """Events of one city or venue in the window (columns: id, title, local_date, venue, genre)."""
    stmt = _events_in(window, Event.id, Event.title, Event.local_date, Venue.name).join(
        Venue, Venue.id == Event.venue_id
    )
    stmt = stmt.where((Venue.city_id if kind == "city" else Venue.id) == place_id)
    rows = session.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["id", "title", "local_date", "venue", "genre_id"])
    return frame[frame["genre_id"].notna()].reset_index(drop=True)


def next_shows(
    session: Session, kind: str, place_id: int, today: date, window: MapWindow, limit: int = 5
) -> pd.DataFrame:
    """The next ``limit`` shows of a place from ``today`` on, in the genre filter."""
    upcoming = MapWindow(today, date.max, window.genre_ids)
    stmt = (
        _events_in(upcoming, Event.id, Event.title, Event.local_date, Venue.name)
        .join(Venue, Venue.id == Event.venue_id)
        .where((Venue.city_id if kind == "city" else Venue.id) == place_id)
        .order_by(Event.local_date, Event.local_time, Event.id)
    )
    frame = pd.DataFrame(
        session.execute(stmt.limit(limit * 4)).all(),
        columns=["id", "title", "local_date", "venue", "genre_id"],
    )
    return frame[frame["genre_id"].notna()].head(limit).reset_index(drop=True)


def summarise_place(events: pd.DataFrame, names: dict[int, str], top: int = 3) -> dict:
    """A place's genre breakdown, top venues and monthly trend of its ``top`` genres."""
    if events.empty:
        empty = pd.DataFrame(columns=["genre_id", "name", "events"])
        return {
            "total": 0,
            "genres": empty,
            "venues": pd.DataFrame(columns=["venue", "events"]),
            "trend": pd.DataFrame(columns=["month", "genre_id", "name", "events"]),
        }
    frame = events.assign(genre_id=events["genre_id"].astype(int))
    genres = frame.groupby("genre_id", as_index=False).size().rename(columns={"size": "events"})
    genres["name"] = genres["genre_id"].map(names).fillna("Other")
    genres = genres.sort_values(["events", "name"], ascending=[False, True], ignore_index=True)
    venues = frame.groupby("venue", as_index=False).size().rename(columns={"size": "events"})
    venues = venues.sort_values(["events", "venue"], ascending=[False, True]).head(5)
    leaders = frame[frame["genre_id"].isin(genres["genre_id"].head(top))]
    month = pd.to_datetime(leaders["local_date"]).dt.to_period("M").dt.to_timestamp()
    trend = leaders.assign(month=month).groupby(["month", "genre_id"], as_index=False).size()
    trend = trend.rename(columns={"size": "events"})
    trend["name"] = trend["genre_id"].map(names).fillna("Other")
    return {
        "total": len(frame),
        "genres": genres[["genre_id", "name", "events"]],
        "venues": venues.reset_index(drop=True),
        "trend": trend.sort_values(["genre_id", "month"], ignore_index=True),
    }
