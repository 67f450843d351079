"""A hand-built listening history whose aggregates are worked out by hand in the tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from data.models import Album, Artist, ArtistGenre, Genre, Play, Track, User
from data.text import name_key

# name, kind, genres
ARTISTS = {
    "A": ("Alpha", "music", ("Rock", "Pop")),
    "B": ("Bravo", "music", ("Jazz",)),
    "C": ("Charlie", "music", ()),
    "S": ("Show", "podcast", ()),
}
# key: (artist, title)
TRACKS = {
    "a1": ("A", "A one"),
    "a2": ("A", "A two"),
    "b1": ("B", "B one"),
    "c1": ("C", "C one"),
    "s1": ("S", "Episode one"),
}
# label: (ended_at UTC, ms_played, track, shuffle, platform)
PLAYS = {
    "P7": ("2024-12-30 12:00:00", 60_000, "a1", False, "ios"),
    "P1": ("2024-12-31 23:30:00", 180_000, "a1", False, "ios"),  # Berlin: 2025-01-01 00:30
    "P2": ("2025-01-01 10:00:00", 240_000, "a2", True, "ios"),
    "P3": ("2025-01-01 10:03:00", 10_000, "b1", False, "ios"),  # a skip (< 30 s)
    "P4": ("2025-01-02 20:00:00", 200_000, "b1", True, "ios"),
    "S1": ("2025-01-02 07:00:00", 1_200_000, "s1", None, "ios"),  # podcast
    "P5": ("2025-01-03 09:00:00", 300_000, "a1", False, "ios"),
    "P9": ("2025-01-03 09:15:00", 300_000, "a2", False, "ios"),  # starts 10 min after P5 ended
    "P10": ("2025-01-03 09:30:01", 300_000, "b1", False, "ios"),  # starts 10 min 1 s after P9
    "P6": ("2025-01-05 12:00:00", 120_000, "c1", None, "android"),
}


def add_user(session: Session, email: str, tz: str = "Europe/Berlin") -> int:
    user = User(email=email, password_hash="x", display_name=email.split("@")[0], timezone=tz)
    session.add(user)
    session.flush()
    return user.id


def add_history(session: Session, user_id: int, plays: dict = PLAYS, prefix: str = "") -> dict:
    """Insert ARTISTS/TRACKS (named with ``prefix``) and ``plays``; returns ids by key."""
    ids: dict[str, int] = {}
    for key, (name, _kind, genres) in ARTISTS.items():
        artist = Artist(name=prefix + name, name_key=name_key(prefix + name))
        session.add(artist)
        session.flush()
        ids[key] = artist.id
        for genre_name in genres:
            genre = session.query(Genre).filter_by(key=name_key(genre_name)).one_or_none()
            if genre is None:
                genre = Genre(name=genre_name, key=name_key(genre_name))
                session.add(genre)
                session.flush()
            session.add(ArtistGenre(artist_id=artist.id, genre_id=genre.id, source="spotify"))
    for key, (artist_key, title) in TRACKS.items():
        kind = ARTISTS[artist_key][1]
        album = Album(
            artist_id=ids[artist_key], name=f"{prefix}{title} LP", name_key=f"{prefix}{key}"
        )
        session.add(album)
        session.flush()
        track = Track(
            name=prefix + title,
            artist_id=ids[artist_key],
            album_id=album.id,
            kind=kind,
            track_key=f"{kind}|{prefix}{key}",
            spotify_uri=f"spotify:track:{prefix}{key}",
        )
        session.add(track)
        session.flush()
        ids[key] = track.id
        ids[key + "_album"] = album.id
    for ended, ms, track_key, shuffle, platform in plays.values():
        artist_key = TRACKS[track_key][0]
        session.add(
            Play(
                user_id=user_id,
                ended_at=datetime.fromisoformat(ended),
                ms_played=ms,
                kind=ARTISTS[artist_key][1],
                track_id=ids[track_key],
                artist_id=ids[artist_key],
                album_id=ids[track_key + "_album"],
                shuffle=shuffle,
                platform=platform,
                skipped=ms < 30_000,
                source="test",
            )
        )
    session.flush()
    return ids
