"""Artists, albums, tracks, genres, plays and imports: the listening side."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import NO_ID_REUSE, Base, Json, utcnow

KINDS = ("music", "podcast", "audiobook")


class Artist(Base):
    """One artist shared by listening history and event lineups."""

    __tablename__ = "artists"
    __table_args__ = NO_ID_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # Normalised name (lower case, accents and punctuation folded) for joins and fuzzy fallback.
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    spotify_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    mbid: Mapped[str | None] = mapped_column(String(36), unique=True)
    image_url: Mapped[str | None] = mapped_column(String(500))
    details_fetched_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Album(Base):
    __tablename__ = "albums"
    __table_args__ = (UniqueConstraint("artist_id", "name_key"), NO_ID_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))
    image_url: Mapped[str | None] = mapped_column(String(500))
    # The MusicBrainz release group (its cover comes from the Cover Art Archive) and when the
    # cover lookup last ended with an answer: a match or none, a cover or none (never re-asked
    # within MUSICBRAINZ_MAX_AGE_DAYS).
    mbid: Mapped[str | None] = mapped_column(String(36))
    cover_checked_at: Mapped[datetime | None]


class Track(Base):
    """A music track, podcast episode or audiobook chapter (``kind``).

    ``artist_id`` and ``album_id`` carry no foreign keys, like ``plays``: an import creates
    tens of thousands of tracks, and checking two keys per row was a third of the server's
    time for them (62k tracks: 1.8 s with the checks, 1.05 s without). The resolver creates a
    track's artist and album first, in the same transaction; artists and albums are never
    deleted; the tests run ``data.queries.integrity.orphan_tracks`` after every writer. No
    index on ``artist_id`` either: nothing looks tracks up by artist (plays carry the artist),
    and keeping it up cost another 0.23 s per 62k tracks.
    """

    __tablename__ = "tracks"
    __table_args__ = NO_ID_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="music")
    name: Mapped[str] = mapped_column(String(500))
    artist_id: Mapped[int] = mapped_column(Integer)
    album_id: Mapped[int | None] = mapped_column(Integer)
    spotify_uri: Mapped[str | None] = mapped_column(String(100), unique=True)
    # kind + normalised artist + normalised title: the key when no uri is known.
    track_key: Mapped[str] = mapped_column(String(800), index=True)
    duration_ms: Mapped[int | None] = mapped_column(Integer)


class Genre(Base):
    __tablename__ = "genres"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(100), unique=True)


class ArtistGenre(Base):
    """A genre claim about an artist and who made it (spotify, a feed, lastfm, user)."""

    __tablename__ = "artist_genres"

    artist_id: Mapped[int] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True
    )
    genre_id: Mapped[int] = mapped_column(
        ForeignKey("genres.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Import(Base):
    """One import of Spotify export files, with its exact counts."""

    __tablename__ = "imports"
    __table_args__ = NO_ID_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="running")
    source_names: Mapped[list] = mapped_column(Json, default=list)
    formats: Mapped[dict] = mapped_column(Json, default=dict)
    rows_seen: Mapped[int] = mapped_column(Integer, default=0)
    plays_added: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    rejected_reasons: Mapped[dict] = mapped_column(Json, default=dict)
    kinds: Mapped[dict] = mapped_column(Json, default=dict)
    first_play_at: Mapped[datetime | None]
    last_play_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class Play(Base):
    """One kept row of listening history. ``ended_at`` is when the play ended, naive UTC.

    The fact table of the app: millions of rows, written in bulk by imports and live sync. Its
    primary key is the natural key (user, end time, track, ms played): a play is who heard what,
    ending when, for how long, so the same play twice is one row. No surrogate id: on
    PostgreSQL a sequence value and a second index per row were a third of the server's insert
    time (1M rows: 3.4 s with them, 2.2 s without). On SQLite the table is ``WITHOUT ROWID``,
    clustered on that key: one B-tree per row instead of two, and a user's plays in time order
    are read in one range scan. No foreign keys either, on purpose: its writers take every id
    from the user row they act for and from the resolver that creates the shared music rows in
    the same transaction; shared artists, albums and tracks are never deleted; deleting a user
    or an import deletes its plays explicitly (``accounts.delete_account``,
    ``imports.delete_listening_data``). Checking five foreign keys per row was 80% of
    PostgreSQL's insert time (300k rows: 7.2 s with them, 1.5 s without); the tests run
    ``data.queries.integrity.orphan_plays`` after every writer instead.
    """

    __tablename__ = "plays"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "ended_at", "track_id", "ms_played"),
        {"sqlite_with_rowid": False},
    )

    user_id: Mapped[int] = mapped_column(Integer, autoincrement=False)
    ended_at: Mapped[datetime]
    ms_played: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), default="music")
    track_id: Mapped[int] = mapped_column(Integer)
    artist_id: Mapped[int] = mapped_column(Integer)
    album_id: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(12), default="extended")
    skipped: Mapped[bool | None]
    shuffle: Mapped[bool | None]
    offline: Mapped[bool | None]
    incognito: Mapped[bool | None]
    platform: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    reason_start: Mapped[str | None] = mapped_column(String(24))
    reason_end: Mapped[str | None] = mapped_column(String(24))


class SpotifyWrapped(Base):
    """Spotify's own ``Wrapped<YEAR>.json`` as imported, for the year-in-review comparison."""

    __tablename__ = "spotify_wrapped"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    payload: Mapped[dict] = mapped_column(Json)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class TopSnapshot(Base):
    """Spotify's own top items for one user, time range and day (from live sync)."""

    __tablename__ = "top_snapshots"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    taken_on: Mapped[date] = mapped_column(Date, primary_key=True)
    time_range: Mapped[str] = mapped_column(String(12), primary_key=True)
    item_type: Mapped[str] = mapped_column(String(8), primary_key=True)
    rank: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    artist_id: Mapped[int | None] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))


__all__ = [
    "KINDS",
    "Album",
    "Artist",
    "ArtistGenre",
    "Genre",
    "Import",
    "Play",
    "SpotifyWrapped",
    "TopSnapshot",
    "Track",
]
