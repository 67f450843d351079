"""What users do with events (logged, rolled up daily) and what they keep."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, BigId, utcnow

INTERACTION_KINDS = ("impression", "view", "save", "unsave", "hide", "ticket_click", "calendar")


class EventInteraction(Base):
    __tablename__ = "event_interactions"
    __table_args__ = (Index("ix_event_interactions_event_time", "event_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    match_score: Mapped[float | None] = mapped_column(Float)
    page: Mapped[str | None] = mapped_column(String(40))
    viewer_city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="SET NULL"))
    # A random id per browser session, so anonymous visitors count as unique viewers too.
    session_id: Mapped[str | None] = mapped_column(String(32))


class EventInteractionDaily(Base):
    """Daily rollup of interactions, recomputed by the periodic rollup job."""

    __tablename__ = "event_interaction_daily"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    unique_users: Mapped[int] = mapped_column(Integer, default=0)
    matched_count: Mapped[int] = mapped_column(Integer, default=0)


class SavedEvent(Base):
    __tablename__ = "saved_events"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class HiddenEvent(Base):
    __tablename__ = "hidden_events"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    hidden_at: Mapped[datetime] = mapped_column(default=utcnow)
