"""Demo data for the genre map: a year of past and half a year of coming shows whose genre mix
drifts per city, and a crowd of demo people (no login) with home cities, plays and saves, so the
k-anonymous audience layers have cities to show (and some too small to show)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data.models import (
    ArtistGenre,
    Event,
    EventGenre,
    EventInteraction,
    Play,
    SavedEvent,
    Track,
    User,
    Venue,
)

PAST_DAYS, AHEAD_DAYS, EVENTS = 365, 180, 2_400
# People per demo city, in the demo's city order: the last two stay under k = 5 on purpose.
CROWD = (40, 32, 26, 22, 18, 15, 12, 10, 9, 7, 4, 3)
NO_LOGIN = "!"  # not a hash any password verifies against


def make_geography(session, rng, today, venues, artists, genres, city_ids) -> dict:
    """Events across the demo venues and months, then the crowd; returns row counts."""
    events = _events(session, rng, today, venues, artists, genres)
    people = _crowd(session, rng, today, city_ids, events)
    return {"map_events": len(events), "map_people": people}


def _scene(rng: random.Random, genres: list[int]) -> tuple[list[int], list[int]]:
    """A city's fading and rising genres: the mix moves from the first to the second."""
    picks = rng.sample(genres, 6)
    return picks[:3], picks[3:]


def _events(session, rng, today, venues: list[Venue], artists, genres) -> list[tuple[int, int]]:
    scenes = {v.city_id: _scene(rng, genres) for v in venues}
    rows, tags = [], []
    for i in range(EVENTS):
        venue = venues[rng.randrange(len(venues))]
        offset = rng.randrange(-PAST_DAYS, AHEAD_DAYS)
        fading, rising = scenes[venue.city_id]
        progress = (offset + PAST_DAYS) / (PAST_DAYS + AHEAD_DAYS)
        pool = rising if rng.random() < 0.15 + 0.7 * progress else fading
        genre = rng.choice(pool) if rng.random() < 0.85 else rng.choice(genres)
        headliner = artists[rng.randrange(len(artists))]
        rows.append(
            Event(
                title=f"{headliner[1]} live",
                local_date=today + timedelta(days=offset),
                local_time=time(20, 0),
                timezone=venue.timezone,
                venue_id=venue.id,
                city_id=venue.city_id,
                status="scheduled",
                ticket_url=f"https://tickets.example/demo/map/{i}",
                popularity=rng.random(),
                is_demo=True,
            )
        )
        tags.append(genre)
    session.add_all(rows)
    session.flush()
    session.execute(
        insert(EventGenre),
        [
            {"event_id": e.id, "genre_id": g, "source": "demo"}
            for e, g in zip(rows, tags, strict=True)
        ],
    )
    return [(e.id, g) for e, g in zip(rows, tags, strict=True)]


def _by_genre(session: Session, events) -> tuple[dict, dict]:
    """Demo tracks and the map's events, each grouped by genre."""
    tracks: dict[int, list[tuple[int, int]]] = {}
    rows = session.execute(
        select(Track.id, Track.artist_id, ArtistGenre.genre_id).join(
            ArtistGenre, ArtistGenre.artist_id == Track.artist_id
        )
    ).all()
    for track_id, artist_id, genre_id in rows:
        tracks.setdefault(genre_id, []).append((track_id, artist_id))
    shows: dict[int, list[int]] = {}
    for event_id, genre_id in events:
        shows.setdefault(genre_id, []).append(event_id)
    return tracks, shows


def _crowd(session: Session, rng, today: date, city_ids: list[int], events) -> int:
    tracks, shows = _by_genre(session, events)
    people = [
        User(
            email=f"crowd-{c}-{n}@demo.rewrapped",
            password_hash=NO_LOGIN,
            display_name=f"Demo crowd {c}-{n}",
            home_city_id=city_id,
            is_demo=True,
        )
        for c, (city_id, size) in enumerate(zip(city_ids, CROWD, strict=False))
        for n in range(size)
    ]
    session.add_all(people)
    session.flush()
    plays, saves, clicks = [], [], []
    start = datetime.combine(today - timedelta(days=90), time(18))
    for person in people:
        for gi, genre in enumerate(rng.sample(sorted(tracks), min(2, len(tracks)))):
            for k in range(rng.randint(6, 14)):
                track_id, artist_id = rng.choice(tracks[genre])
                at = start + timedelta(days=k, hours=gi, minutes=person.id % 60)
                plays.append(_play(person.id, at, k, track_id, artist_id))
            picked = rng.sample(shows.get(genre, []), min(2, len(shows.get(genre, []))))
            saves += [{"user_id": person.id, "event_id": e} for e in picked[:1]]
            clicks += [_click(e, person.id, start) for e in picked[1:]]
    session.execute(insert(SavedEvent), saves)
    session.execute(insert(EventInteraction), clicks)
    session.execute(insert(Play), plays)
    return len(people)


def _play(user_id: int, at: datetime, k: int, track_id: int, artist_id: int) -> dict:
    return {
        "user_id": user_id,
        "ended_at": at,
        "ms_played": 180_000 + k,
        "kind": "music",
        "track_id": track_id,
        "artist_id": artist_id,
        "source": "demo",
    }


def _click(event_id: int, user_id: int, at: datetime) -> dict:
    return {
        "event_id": event_id,
        "user_id": user_id,
        "kind": "ticket_click",
        "occurred_at": at,
        "page": "map-demo",
    }
