"""A listener's ranking inputs: affinity (cached per data version), saves and hides, home."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.frame_cache import get_frame_cache
from data.models import (
    ArtistGenre,
    City,
    Event,
    EventArtist,
    EventGenre,
    Genre,
    HiddenEvent,
    SavedEvent,
    User,
)
from data.queries.listening.frame import cache_key, load_listening
from data.ranking.affinity import Affinity, build_affinity
from data.ranking.score import Feedback

AFFINITY_VERSION = 1  # bump when the affinity tables change shape or meaning
HIDDEN_GENRE_MIN = 2  # one hidden show says little about a whole genre


def listener_affinity(session: Session, user_id: int) -> Affinity:
    """The listener's affinity, built once per data version and kept in the frame cache."""
    memo = session.info.setdefault("affinity", {})
    if user_id in memo:
        return memo[user_id]
    key = f"ranking:v{AFFINITY_VERSION}:{cache_key(session, user_id)}"
    cache = get_frame_cache()
    artists = cache.get(f"{key}:artists") if cache is not None else None
    genres = cache.get(f"{key}:genres") if cache is not None else None
    if artists is not None and genres is not None:
        affinity = Affinity(artists.to_pandas(), genres.to_pandas())
    else:
        affinity = _build(session, user_id)
        if cache is not None and not affinity.empty:
            cache.put(
                f"{key}:artists", pa.Table.from_pandas(affinity.artists, preserve_index=False)
            )
            cache.put(f"{key}:genres", pa.Table.from_pandas(affinity.genres, preserve_index=False))
    memo[user_id] = affinity
    return affinity


def _build(session: Session, user_id: int) -> Affinity:
    plays = load_listening(session, user_id, "UTC").plays
    if plays.num_rows == 0:
        return Affinity.none()
    kind = pc.cast(plays.column("kind"), pa.string())
    music = pc.fill_null(pc.equal(kind, "music"), False).to_numpy(zero_copy_only=False)
    artist_ids = plays.column("artist_id").fill_null(-1).to_numpy()[music]
    ms = plays.column("ms").to_numpy()[music]
    ended = plays.column("ts").to_numpy()[music]
    played = np.unique(artist_ids[artist_ids >= 0]).tolist()
    links = []
    for start in range(0, len(played), 900):
        links += session.execute(
            select(ArtistGenre.artist_id, ArtistGenre.genre_id, Genre.name)
            .join(Genre, Genre.id == ArtistGenre.genre_id)
            .where(ArtistGenre.artist_id.in_(played[start : start + 900]))
        ).all()
    frame = pd.DataFrame(links, columns=["artist_id", "genre_id", "name"])
    now = datetime.now(UTC).replace(tzinfo=None)
    return build_affinity(artist_ids, ms, ended, now, frame)


def listener_feedback(session: Session, user_id: int) -> Feedback:
    """Saves (their artists and genres, with the saved event's title) and what hides rule out."""
    saved_ids = select(SavedEvent.event_id).where(SavedEvent.user_id == user_id)
    artists = session.execute(
        select(Event.id, Event.title, EventArtist.artist_id)
        .join(EventArtist, EventArtist.event_id == Event.id)
        .where(Event.id.in_(saved_ids))
    ).all()
    genres = session.execute(
        select(Event.id, Event.title, EventGenre.genre_id)
        .join(EventGenre, EventGenre.event_id == Event.id)
        .where(Event.id.in_(saved_ids))
    ).all()
    saved = pd.DataFrame(
        [(e, t, a, None) for e, t, a in artists] + [(e, t, None, g) for e, t, g in genres],
        columns=["saved_id", "title", "artist_id", "genre_id"],
    )
    hidden_ids = select(HiddenEvent.event_id).where(HiddenEvent.user_id == user_id)
    hidden_artists = session.scalars(
        select(EventArtist.artist_id).where(EventArtist.event_id.in_(hidden_ids)).distinct()
    ).all()
    hidden_genres = session.scalars(
        select(EventGenre.genre_id)
        .where(EventGenre.event_id.in_(hidden_ids))
        .group_by(EventGenre.genre_id)
        .having(func.count() >= HIDDEN_GENRE_MIN)
    ).all()
    return Feedback(saved, frozenset(hidden_artists), frozenset(hidden_genres))


def home_city(session: Session, user_id: int) -> dict | None:
    """The listener's home city (id, slug, name, lat, lng, timezone), if set."""
    row = session.execute(
        select(City.id, City.slug, City.name, City.lat, City.lng, City.timezone)
        .join(User, User.home_city_id == City.id)
        .where(User.id == user_id)
    ).first()
    return row._asdict() if row else None
