"""Demo listening: genres, artists with genre links, a catalogue and two years of plays."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data.demo.words import ADJ, NOUN, TRACK
from data.models import Album, Artist, ArtistGenre, Genre, Play, Track
from data.text import name_key

GENRES = (
    "Indie Rock", "Psychedelic Rock", "House", "Techno", "Hip Hop", "R&B", "Jazz", "Soul",
    "Funk", "Ambient", "Folk", "Pop", "Synth-pop", "Post-punk", "Metal", "Reggae",
    "Afrobeat", "Drum and Bass", "Disco", "Country", "Classical", "Latin", "Electronica", "Punk",
)  # fmt: skip


def make_genres(session: Session) -> list[int]:
    ids = []
    for name in GENRES:
        gid = session.scalar(select(Genre.id).where(Genre.key == name_key(name)))
        if gid is None:
            genre = Genre(name=name, key=name_key(name))
            session.add(genre)
            session.flush()
            gid = genre.id
        ids.append(gid)
    return ids


def make_artists(session: Session, rng: random.Random, genres: list[int]) -> list[tuple[int, str]]:
    names: list[str] = []
    seen = set()
    while len(names) < 400:
        name = f"{rng.choice(ADJ)} {rng.choice(NOUN)}"
        if rng.random() < 0.25:
            name = f"The {name}"
        if name_key(name) not in seen:
            seen.add(name_key(name))
            names.append(name)
    rows = [Artist(name=n, name_key=name_key(n)) for n in names]
    session.add_all(rows)
    session.flush()
    links = []
    for artist in rows:
        for gid in rng.sample(genres, rng.choice((1, 2, 2, 3))):
            links.append({"artist_id": artist.id, "genre_id": gid, "source": "demo"})
    session.execute(insert(ArtistGenre), links)
    return [(a.id, a.name) for a in rows]


SESSION_HOURS = (7, 8, 9, 12, 13, 17, 18, 19, 20)
MAX_SESSION_PLAYS = 60  # ~3.5 h: a session starting at 20:00 still ends the same day


def make_plays(session, rng, user_id, artists, today, count) -> int:
    """Two years of listening up to yesterday: evening peaks, sessions, favourite-skewed taste."""
    favourites = rng.sample(artists[:120], 25) + rng.sample(artists[120:], 35)
    base = [1 / (rank + 3) for rank in range(len(favourites))]
    catalogue = _catalogue(session, rng, favourites)
    first_day = today - timedelta(days=730)
    taste = _Taste(rng, len(favourites))
    rows, at = [], datetime.combine(first_day, time(0))
    for offset, n_plays in enumerate(_plays_per_day(rng, 730, count)):
        day = datetime.combine(first_day + timedelta(days=offset), time(0))
        weights = taste.weights(offset, base)
        n_sessions = min(len(SESSION_HOURS), -(-n_plays // MAX_SESSION_PLAYS))
        hours = sorted(rng.sample(SESSION_HOURS, n_sessions)) if n_plays else []
        for index, hour in enumerate(hours):
            at = max(at, day + timedelta(hours=hour, minutes=rng.randint(0, 50)))
            share = n_plays // n_sessions + (index < n_plays % n_sessions)
            for _ in range(share):
                artist_id, _ = rng.choices(favourites, weights)[0]
                track_id, album_id, length = rng.choice(catalogue[artist_id])
                skipped = rng.random() < 0.12
                ms = rng.randint(2_000, 29_000) if skipped else length
                at += timedelta(milliseconds=ms + rng.randint(0, 4000))
                rows.append(_play(rng, user_id, at, ms, track_id, artist_id, album_id, skipped))
    session.execute(insert(Play), rows)
    return len(rows)


class _Taste:
    """Taste that moves: artists are discovered over time, binged at first, some dropped."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.intro = [0] * 20 + sorted(rng.randrange(20, 700) for _ in range(n - 20))
        dropped = rng.sample(range(n), 8)
        self.drop = {i: self.intro[i] + rng.randrange(120, 360) for i in dropped}

    def weights(self, day: int, base: list[float]) -> list[float]:
        out = []
        for i, weight in enumerate(base):
            if day < self.intro[i] or day >= self.drop.get(i, 10**6):
                out.append(0.0)
            elif 0 < day - self.intro[i] < 30 and self.intro[i] > 0:
                out.append(weight * 6 + 0.2)  # a new discovery gets played a lot
            else:
                out.append(weight)
        return out


def _plays_per_day(rng, days: int, count: int) -> list[int]:
    """Split ``count`` plays over ``days``: some quiet days, some heavy ones, exact total."""
    weights = [0.0 if rng.random() < 0.12 else 0.3 + rng.random() for _ in range(days)]
    scale = count / sum(weights)
    per_day = [int(w * scale) for w in weights]
    busiest = sorted(range(days), key=lambda d: -weights[d])
    for i in range(count - sum(per_day)):
        per_day[busiest[i % len(busiest)]] += 1
    return per_day


def _play(rng, user_id, at, ms, track_id, artist_id, album_id, skipped) -> dict:
    return {
        "user_id": user_id,
        "ended_at": at,
        "ms_played": ms,
        "kind": "music",
        "track_id": track_id,
        "artist_id": artist_id,
        "album_id": album_id,
        "source": "demo",
        "skipped": skipped,
        "shuffle": rng.random() < 0.4,
        "offline": False,
        "incognito": False,
        "platform": rng.choice(("android", "ios", "windows", "web_player")),
        "country": "DE",
        "reason_start": "trackdone",
        "reason_end": "fwdbtn" if skipped else "trackdone",
    }


def _catalogue(session, rng, favourites) -> dict[int, list[tuple[int, int, int]]]:
    catalogue: dict[int, list[tuple[int, int, int]]] = {}
    for artist_id, artist_name in favourites:
        album = Album(
            artist_id=artist_id, name=f"{rng.choice(TRACK)} {rng.choice(NOUN)}", name_key=""
        )
        album.name_key = name_key(album.name)
        session.add(album)
        session.flush()
        tracks = []
        for n in range(rng.randint(5, 12)):
            title = f"{rng.choice(TRACK)} {rng.choice(TRACK)} {n + 1}"
            tracks.append(
                Track(
                    name=title,
                    artist_id=artist_id,
                    album_id=album.id,
                    kind="music",
                    track_key=f"music|{name_key(artist_name)}|{name_key(title)}",
                    duration_ms=rng.randint(150_000, 330_000),
                )
            )
        session.add_all(tracks)
        session.flush()
        catalogue[artist_id] = [(t.id, album.id, t.duration_ms) for t in tracks]
    return catalogue
