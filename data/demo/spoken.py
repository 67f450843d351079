"""Demo podcasts and audiobooks, so the Podcasts and Audiobooks views are full too."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from data.models import Artist, Play, Track
from data.text import name_key

# show or book -> (kind, episodes or chapters, minutes each)
SPOKEN = {
    "The Weekly Groove": ("podcast", 60, 45),
    "Night Signals Radio": ("podcast", 40, 30),
    "Vinyl Histories": ("podcast", 25, 55),
    "The Quiet River": ("audiobook", 24, 18),
    "Songs of the Old City": ("audiobook", 30, 15),
}


def make_spoken_plays(
    session: Session, rng: random.Random, user_id: int, today, days: int = 730
) -> int:
    """Episodes heard in order on mornings and evenings, books chapter by chapter."""
    rows = []
    start = datetime.combine(today - timedelta(days=days), time(0))
    for show, (kind, parts, minutes) in SPOKEN.items():
        artist = Artist(name=show, name_key=name_key(show))
        session.add(artist)
        session.flush()
        label = "Episode" if kind == "podcast" else "Chapter"
        tracks = [
            Track(
                name=f"{label} {n}",
                artist_id=artist.id,
                kind=kind,
                track_key=f"{kind}|{name_key(show)}|{n}",
                duration_ms=minutes * 60_000,
            )
            for n in range(1, parts + 1)
        ]
        session.add_all(tracks)
        session.flush()
        gap = max(1, days // (parts + 1))
        for i, track in enumerate(tracks):
            day = start + timedelta(days=i * gap + rng.randint(0, max(0, gap - 1)))
            hour = rng.choice((7, 8, 18, 21, 22))
            listened = int(track.duration_ms * rng.uniform(0.6, 1.0))
            ended = day + timedelta(hours=hour, minutes=rng.randint(0, 59))
            rows.append(_play(user_id, ended, listened, track, kind))
    session.execute(insert(Play), rows)
    return len(rows)


def _play(user_id: int, ended: datetime, ms: int, track: Track, kind: str) -> dict:
    return {
        "user_id": user_id,
        "ended_at": ended,
        "ms_played": ms,
        "kind": kind,
        "track_id": track.id,
        "artist_id": track.artist_id,
        "album_id": None,
        "source": "demo",
        "skipped": False,
        "shuffle": False,
        "offline": False,
        "incognito": False,
        "platform": "ios",
        "country": "DE",
        "reason_start": "clickrow",
        "reason_end": "endplay",
    }
