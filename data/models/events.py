"""Cities, venues, events with lineups and genres, provenance and feed runs."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import NO_ID_REUSE, Base, Json, utcnow

EVENT_STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "offsale")


class City(Base):
    """A city from the offline gazetteer (geonames), with its IANA time zone."""

    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    geonameid: Mapped[int | None] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    country_code: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))
    population: Mapped[int] = mapped_column(Integer, default=0)


class Venue(Base):
    __tablename__ = "venues"
    __table_args__ = (Index("ix_venues_city_name", "city_id", "name_key"), NO_ID_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="SET NULL"))
    address: Mapped[str | None] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    # True when coordinates are the city centre from the gazetteer, not the venue's own.
    approximate: Mapped[bool] = mapped_column(default=False)
    timezone: Mapped[str | None] = mapped_column(String(64))
    capacity: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VenueSource(Base):
    """A feed's own id for a venue, so later runs find it without fuzzy matching."""

    __tablename__ = "venue_sources"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(200))


class FeedRun(Base):
    """One ingestion run of one source, with its counts and health."""

    __tablename__ = "feed_runs"
    __table_args__ = NO_ID_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32), index=True)
    params: Mapped[dict] = mapped_column(Json, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    pages: Mapped[int] = mapped_column(Integer, default=0)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[dict] = mapped_column(Json, default=dict)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    throttled: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """One canonical live-music event, possibly merged from several feeds."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_city_date", "city_id", "local_date"),
        Index("ix_events_venue_date", "venue_id", "local_date"),
        # Partial: feed events (nearly all rows) have no promoter, so ingest skips this index.
        Index(
            "ix_events_promoter_id",
            "promoter_id",
            postgresql_where=text("promoter_id IS NOT NULL"),
            sqlite_where=text("promoter_id IS NOT NULL"),
        ),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    title_key: Mapped[str] = mapped_column(String(500), default="")
    # UTC start when the time is known; local date always; local time only when known.
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    local_date: Mapped[date] = mapped_column(Date, index=True)
    local_time: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="SET NULL"))
    price_min: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    price_max: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    currency: Mapped[str | None] = mapped_column(String(3))
    ticket_url: Mapped[str | None] = mapped_column(String(1000))
    image_url: Mapped[str | None] = mapped_column(String(1000))
    description: Mapped[str | None] = mapped_column(Text)
    promoter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    popularity: Mapped[float] = mapped_column(Float, default=0.0)
    # Paid placement: labelled "Sponsored", capped per list (data.ranking.sponsored).
    sponsored: Mapped[bool] = mapped_column(default=False, server_default=false())
    doors_time: Mapped[time | None] = mapped_column(Time)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("feed_runs.id", ondelete="SET NULL")
    )
    updated_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("feed_runs.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Indexed: the explorer's cached lists compare the newest edit (data.queries.explorer_cache).
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class EventArtist(Base):
    """An artist on an event's lineup, in billing order."""

    __tablename__ = "event_artists"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    artist_id: Mapped[int] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    is_headliner: Mapped[bool] = mapped_column(default=False)


class EventGenre(Base):
    __tablename__ = "event_genres"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    genre_id: Mapped[int] = mapped_column(
        ForeignKey("genres.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    source: Mapped[str] = mapped_column(String(32), default="feed")


class EventSource(Base):
    """Provenance: one feed's record of an event. A merge adds a row; undoing it moves the row."""

    __tablename__ = "event_sources"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    first_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("feed_runs.id", ondelete="SET NULL")
    )
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("feed_runs.id", ondelete="SET NULL"))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
