"""Which of a listener's artists still need a genre lookup, and how far the lookups got."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from data.models import Artist, ArtistGenre, GenreLookup, Play
from data.queries.genres import MUSICBRAINZ


def artists_to_look_up(
    session: Session,
    user_id: int,
    source: str,
    now: datetime,
    max_age_days: int,
    limit: int | None = None,
    external: str = "mbid",
) -> list[tuple[int, str, str | None]]:
    """(id, name, external id) of the listener's music artists not asked of ``source`` within
    the max age, most played first (so an interrupted run has done the ones that matter most),
    at most ``limit`` of them.

    ``external`` names the artist column of the source's own id (``mbid``, ``spotify_id``).
    """
    fresh = now - timedelta(days=max_age_days)
    plays = func.count().label("plays")
    known = getattr(Artist, external)
    rows = session.execute(
        select(Artist.id, Artist.name, known, plays)
        .join(Play, and_(Play.artist_id == Artist.id, Play.user_id == user_id))
        .outerjoin(
            GenreLookup, and_(GenreLookup.artist_id == Artist.id, GenreLookup.source == source)
        )
        .where(Play.kind == "music")
        .where((GenreLookup.checked_at.is_(None)) | (GenreLookup.checked_at < fresh))
        .group_by(Artist.id, Artist.name, known)
        .order_by(plays.desc(), Artist.id)
        .limit(limit)
    ).all()
    return [(a, name, mbid) for a, name, mbid, _n in rows]


def genre_coverage(session: Session, user_id: int) -> dict:
    """How many of the listener's music artists exist, were looked up at MusicBrainz, and
    have any genre (from any source)."""
    mine = (
        select(Play.artist_id)
        .where(Play.user_id == user_id, Play.kind == "music")
        .distinct()
        .subquery()
    )
    artists = session.scalar(select(func.count()).select_from(mine)) or 0
    looked_up = session.scalar(
        select(func.count())
        .select_from(GenreLookup)
        .where(GenreLookup.source == MUSICBRAINZ, GenreLookup.artist_id.in_(select(mine)))
    )
    with_genres = session.scalar(
        select(func.count(func.distinct(ArtistGenre.artist_id))).where(
            ArtistGenre.artist_id.in_(select(mine))
        )
    )
    return {"artists": artists, "looked_up": looked_up or 0, "with_genres": with_genres or 0}
