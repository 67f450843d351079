"""Alerts, saved views, job runs and heartbeats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.job_vocabulary import JobStatus
from data.models.base import NO_ID_REUSE, Base, Json, utcnow

JOB_STATUSES = tuple(JobStatus)


SUBSCRIPTION_KINDS = ("digest", "new_shows", "watch")


class Subscription(Base):
    """An alert subscription: a weekly digest for a city (and genres), new shows by artists
    the listener follows (``artist_id``) or plays most (no artist) near home, or one watched
    event's changes (``event_id``)."""

    __tablename__ = "subscriptions"
    __table_args__ = NO_ID_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="digest")
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="CASCADE"))
    genre_id: Mapped[int | None] = mapped_column(ForeignKey("genres.id", ondelete="CASCADE"))
    artist_id: Mapped[int | None] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    genre_ids: Mapped[list] = mapped_column(Json, default=list, server_default="[]")
    radius_km: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None]


class Delivery(Base):
    """A (subscription, event, change) that was sent; the unique key makes it at most once.

    ``change`` is "new" for a new show, "digest" for a digest entry, or the kind and id of an
    ``event_changes`` row for a watched event ("cancelled:42"), so each change alerts once.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "event_id", "change"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="sent")
    change: Mapped[str] = mapped_column(String(40), default="new", server_default="new")
    mail_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbound_mails.id", ondelete="SET NULL")
    )


class SavedView(Base):
    """A page's URL state saved by its owner, private or shared by link token."""

    __tablename__ = "saved_views"
    __table_args__ = NO_ID_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    path: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(8), default="private")
    token: Mapped[str] = mapped_column(String(43), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobRun(Base):
    """Every job, whichever backend runs it: the one place the UI polls for progress."""

    __tablename__ = "job_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    func: Mapped[str] = mapped_column(String(200))
    queue: Mapped[str] = mapped_column(String(16), default="default")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=JobStatus.QUEUED.value, index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(String(500))
    args: Mapped[dict] = mapped_column(Json, default=dict)
    result: Mapped[dict | None] = mapped_column(Json)
    error: Mapped[str | None] = mapped_column(Text)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Heartbeat(Base):
    """Last sign of life of a worker, the scheduler or a periodic job."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[str | None] = mapped_column(String(500))
