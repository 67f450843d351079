"""What the album-cover job learnt: an album's release group, and whether it has a cover."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from data.models import Album, utcnow


def record_release_group(session: Session, album_id: int, mbid: str) -> None:
    """Keep the album's MusicBrainz release group as soon as it is found, so an outage of
    the Cover Art Archive later never makes the job ask MusicBrainz again."""
    session.execute(update(Album).where(Album.id == album_id).values(mbid=mbid))


def record_cover(session: Session, album_id: int, mbid: str | None, image_url: str | None) -> None:
    """The cover lookup ended with an answer (no release group, no cover, or a cover kept on
    disk from ``image_url``): not asked again within the max age."""
    values: dict = {"cover_checked_at": utcnow()}
    if mbid:
        values["mbid"] = mbid
    if image_url:
        values["image_url"] = image_url[:500]
    session.execute(update(Album).where(Album.id == album_id).values(**values))
