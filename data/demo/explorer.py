"""Demo events for the explorer: dense in the coming weeks, most in the listener's home city,
with every status, free and paid shows, descriptions, genres from the lineup, two sources."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data.models import (
    ArtistGenre,
    Event,
    EventArtist,
    EventGenre,
    EventSource,
    HiddenEvent,
    SavedEvent,
    Venue,
)

SEED = 14
COUNT = 700
PAST = 3  # the last three are past shows the listener saved
HOME_SHARE = 0.5
STATUSES = (
    ("scheduled", 0.85),
    ("offsale", 0.06),
    ("rescheduled", 0.04),
    ("postponed", 0.02),
    ("cancelled", 0.03),
)


def make_explorer_events(
    session: Session,
    today: date,
    venues: list[Venue],
    artists: list[tuple[int, str]],
    home: int,
    listener_id: int,
) -> int:
    """Add ``COUNT`` events (the first week has shows every day in the home city), three past
    shows, and the listener's saves (past and upcoming) and one hidden show."""
    rng = random.Random(SEED)
    home_venues = [v for v in venues if v.city_id == home] or venues
    genres = _artist_genres(session, [a for a, _ in artists])
    touring = artists[:120]
    rows, lineups = [], []
    for i in range(COUNT):
        at_home = i < 28 or rng.random() < HOME_SHARE
        venue = rng.choice(home_venues if at_home else venues)
        day = today + timedelta(days=i // 4 if i < 28 else int(rng.triangular(0, 75, 0)))
        if i >= COUNT - PAST:
            day = today - timedelta(days=10 * (COUNT - i))
        lineup = rng.sample(touring if rng.random() < 0.7 else artists, rng.choice((1, 2, 2, 3)))
        rows.append(_event(rng, i, venue, day, lineup))
        lineups.append(lineup)
    session.add_all(rows)
    session.flush()
    _links(session, rng, rows, lineups, genres)
    _feedback(session, rng, listener_id, rows, today)
    return len(rows)


def _feedback(session, rng, listener_id: int, rows: list[Event], today: date) -> None:
    upcoming = [e for e in rows[28:] if e.local_date > today and e.status == "scheduled"]
    past = [e for e in rows if e.local_date < today]
    saved = rng.sample(upcoming, 4) + past
    hidden = [e for e in upcoming if e not in saved][:1]
    session.add_all(SavedEvent(user_id=listener_id, event_id=e.id) for e in saved)
    session.add_all(HiddenEvent(user_id=listener_id, event_id=e.id) for e in hidden)


def _event(rng: random.Random, i: int, venue: Venue, day: date, lineup) -> Event:
    start = time(rng.choice((19, 20, 20, 21, 22)), rng.choice((0, 30)))
    starts = datetime.combine(day, start, ZoneInfo(venue.timezone)).astimezone(UTC)
    price = 0 if rng.random() < 0.1 else rng.choice((10, 14, 18, 22, 28, 35, 48, 65))
    names = [n for _, n in lineup]
    support = f", supported by {', '.join(names[1:])}" if len(names) > 1 else ""
    return Event(
        title=names[0] if rng.random() < 0.75 else f"{names[0]} live",
        local_date=day,
        local_time=start,
        starts_at=starts.replace(tzinfo=None),
        timezone=venue.timezone,
        status=rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0],
        venue_id=venue.id,
        city_id=venue.city_id,
        price_min=float(price),
        price_max=float(price + (rng.choice((0, 5, 12)) if price else 0)),
        currency="EUR",
        ticket_url=f"https://tickets.example/demo/explorer-{i}",
        description=f"An evening with {names[0]}{support} at {venue.name}.",
        popularity=round(rng.random() ** 2, 3),
        is_demo=True,
    )


def _artist_genres(session: Session, artist_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for artist_id, genre_id in session.execute(
        select(ArtistGenre.artist_id, ArtistGenre.genre_id).where(
            ArtistGenre.artist_id.in_(artist_ids)
        )
    ):
        out.setdefault(artist_id, []).append(genre_id)
    return out


def _links(session, rng, rows, lineups, genres) -> None:
    ea, eg, es = [], [], []
    for event, lineup in zip(rows, lineups, strict=True):
        for pos, (artist_id, _name) in enumerate(lineup):
            ea.append(
                {
                    "event_id": event.id,
                    "artist_id": artist_id,
                    "position": pos,
                    "is_headliner": pos == 0,
                }
            )
        # The event's genres are its headliner's (as feeds classify them).
        for genre_id in sorted(set(genres.get(lineup[0][0], [])))[:2]:
            eg.append({"event_id": event.id, "genre_id": genre_id, "source": "demo"})
        es.append(
            {
                "event_id": event.id,
                "source": "demo",
                "source_id": f"demo-x{event.id}",
                "url": event.ticket_url,
            }
        )
        if rng.random() < 0.25:
            es.append(
                {
                    "event_id": event.id,
                    "source": "bandsintown",
                    "source_id": f"demo-bit-{event.id}",
                    "url": f"https://bandsintown.example/demo/{event.id}",
                }
            )
    session.execute(insert(EventArtist), ea)
    session.execute(insert(EventGenre), eg)
    session.execute(insert(EventSource), es)
