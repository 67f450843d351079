"""Integrity checks for what the schema does not enforce (``plays`` and ``tracks`` have no
foreign keys, for the import's speed)."""

from __future__ import annotations

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from data.models import Album, Artist, Import, Play, Track, User


def orphan_plays(session: Session) -> int:
    """Plays whose user, track, artist, album or import row does not exist (should be 0)."""
    missing = or_(
        ~exists().where(User.id == Play.user_id),
        ~exists().where(Track.id == Play.track_id),
        ~exists().where(Artist.id == Play.artist_id),
        Play.album_id.is_not(None) & ~exists().where(Album.id == Play.album_id),
        Play.import_id.is_not(None) & ~exists().where(Import.id == Play.import_id),
    )
    return session.scalar(select(func.count()).select_from(Play).where(missing)) or 0


def orphan_tracks(session: Session) -> int:
    """Tracks whose artist or album row does not exist (should be 0)."""
    missing = or_(
        ~exists().where(Artist.id == Track.artist_id),
        Track.album_id.is_not(None) & ~exists().where(Album.id == Track.album_id),
    )
    return session.scalar(select(func.count()).select_from(Track).where(missing)) or 0
