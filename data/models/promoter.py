"""Promoter tools: role requests, the talent shortlist, and the per-event analytics rollups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, utcnow

REQUESTABLE_ROLES = ("promoter", "analyst")
REQUEST_STATUSES = ("pending", "granted", "refused")


class RoleRequest(Base):
    """A listener asking for the promoter or analyst role; an admin decides."""

    __tablename__ = "role_requests"
    __table_args__ = (Index("ix_role_requests_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class TalentShortlist(Base):
    """An artist a promoter keeps an eye on (from the talent finder)."""

    __tablename__ = "talent_shortlist"

    promoter_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    artist_id: Mapped[int] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class EventInteractionBreakdown(Base):
    """Daily interactions split by the viewer's match band and the page they came from.

    Kept beside ``event_interaction_daily`` by the same rollup job, so targeting and sources
    read rollups and never the raw log. ``page`` is "" when unknown (it is part of the key,
    which cannot hold NULL).
    """

    __tablename__ = "event_interaction_breakdown"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    band: Mapped[str] = mapped_column(String(8), primary_key=True)
    page: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    unique_users: Mapped[int] = mapped_column(Integer, default=0)


class EventViewerDay(Base):
    """One viewer's views or saves of one event on one day, with their home city (0: unknown).

    ``viewer`` is "u<user id>" or, for a guest, "s<session id>". Distinct viewers over any
    period and any set of events are then an exact count over this table (a person who comes
    back on a second day counts once), and geography counts distinct people per city here.
    """

    __tablename__ = "event_viewer_days"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    viewer: Mapped[str] = mapped_column(String(40), primary_key=True)
    city_id: Mapped[int] = mapped_column(Integer, default=0)
    count: Mapped[int] = mapped_column(Integer, default=0)


class MarketBandDaily(Base):
    """Interactions per city, genre, day, kind and match band, over every event.

    The targeting view's "city average for the same genres" reads this instead of every peer
    event's rows; an event with two genres counts in both.
    """

    __tablename__ = "market_band_daily"

    city_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    genre_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    band: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
