"""Which of a listener's artists and albums need an image: a known one not yet kept on disk,
an album cover not yet looked up, the artists and albums a live sync has just added."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data.models import Album, Artist, Play


def artwork_wanted(session: Session, user_id: int, limit: int) -> list[tuple[str, int, str]]:
    """(kind, id, image URL) of the listener's most played artists and albums with an image
    URL, most played first, up to ``limit`` of each (the lists show the top ones)."""
    plays = func.count().label("plays")
    artists = session.execute(
        select(Artist.id, Artist.image_url, plays)
        .join(Play, Play.artist_id == Artist.id)
        .where(Play.user_id == user_id, Artist.image_url.is_not(None))
        .group_by(Artist.id, Artist.image_url)
        .order_by(plays.desc(), Artist.id)
        .limit(limit)
    ).all()
    albums = session.execute(
        select(Album.id, Album.image_url, plays)
        .join(Play, Play.album_id == Album.id)
        .where(Play.user_id == user_id, Album.image_url.is_not(None))
        .group_by(Album.id, Album.image_url)
        .order_by(plays.desc(), Album.id)
        .limit(limit)
    ).all()
    return [("artist", a, url) for a, url, _n in artists] + [
        ("album", a, url) for a, url, _n in albums
    ]


def albums_wanting_covers(
    session: Session, user_id: int, now: datetime, max_age_days: int, limit: int
) -> list[tuple[int, str, str, str | None, str | None]]:
    """(album id, title, artist name, artist MBID, album MBID) of the listener's most played
    music albums with no known image whose cover lookup did not end within the max age."""
    fresh = now - timedelta(days=max_age_days)
    plays = func.count().label("plays")
    rows = session.execute(
        select(Album.id, Album.name, Artist.name, Artist.mbid, Album.mbid, plays)
        .join(Play, Play.album_id == Album.id)
        .join(Artist, Artist.id == Album.artist_id)
        .where(Play.user_id == user_id, Play.kind == "music", Album.image_url.is_(None))
        .where(or_(Album.cover_checked_at.is_(None), Album.cover_checked_at < fresh))
        .group_by(Album.id, Album.name, Artist.name, Artist.mbid, Album.mbid)
        .order_by(plays.desc(), Album.id)
        .limit(limit)
    ).all()
    return [
        (a, title, artist, artist_mbid, mbid) for a, title, artist, artist_mbid, mbid, _ in rows
    ]


def newest_ids(session: Session) -> tuple[int, int]:
    """The highest artist and album ids now (ids are never reused): a mark to compare with."""
    artist = session.scalar(select(func.max(Artist.id))) or 0
    album = session.scalar(select(func.max(Album.id))) or 0
    return artist, album


def added_since(
    session: Session, user_id: int, since: datetime, marks: tuple[int, int]
) -> tuple[int, int]:
    """How many artists, and albums still without an image, above ``marks`` the listener's
    plays ending after ``since`` hold: the ones a sync that started at those marks created."""
    artist_mark, album_mark = marks
    artists = session.scalar(
        select(func.count(func.distinct(Play.artist_id))).where(
            Play.user_id == user_id, Play.ended_at >= since, Play.artist_id > artist_mark
        )
    )
    albums = session.scalar(
        select(func.count(func.distinct(Play.album_id)))
        .join(Album, Album.id == Play.album_id)
        .where(Play.user_id == user_id, Play.ended_at >= since, Play.album_id > album_mark)
        .where(Album.image_url.is_(None))
    )
    return artists or 0, albums or 0
