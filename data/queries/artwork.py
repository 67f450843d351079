"""Which of a listener's artists and albums have a known image not yet kept on disk."""

from __future__ import annotations

from sqlalchemy import func, select
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
