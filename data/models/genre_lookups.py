"""When each artist was last looked up at a keyless genre source, shared by every listener."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, utcnow


class GenreLookup(Base):
    """One artist asked of one source (``musicbrainz``): when, and whether it knew the artist.

    Artists are shared, so one listener's import answers for everyone; an artist is not asked
    again before the source's max age, found or not.
    """

    __tablename__ = "genre_lookups"

    artist_id: Mapped[int] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    found: Mapped[bool] = mapped_column(default=False)
    # The source's own id of the artist (a MusicBrainz id) when it was found.
    external_id: Mapped[str | None] = mapped_column(String(64))
