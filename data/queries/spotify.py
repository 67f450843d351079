"""What the Profile page shows about a user's Spotify connection and their recent syncs."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import job_progress
from data.job_vocabulary import ACTIVE
from data.models import Artist, JobRun, SpotifyAccount, TopSnapshot, Track, User

RUN_COLUMNS = ["enqueued_at", "finished_at", "status", "added", "message"]
TOP_COLUMNS = ["taken_on", "rank", "artist_id", "track_id", "artist", "track"]
HEALTH_COLUMNS = [
    "user_id",
    "email",
    "status",
    "last_success_at",
    "next_sync_at",
    "failures",
    "last_added",
    "last_error",
]


def connection(session: Session, user_id: int) -> dict | None:
    """The connection's state as plain values (no tokens); None when never connected."""
    account = session.get(SpotifyAccount, user_id)
    if account is None:
        return None
    return {
        "status": account.status,
        "display_name": account.display_name or account.spotify_user_id or "",
        "connected_at": account.connected_at,
        "last_sync_at": account.last_sync_at,
        "last_success_at": account.last_success_at,
        "next_sync_at": account.next_sync_at,
        "last_error": account.last_error,
        "last_added": account.last_added,
        "failures": account.consecutive_failures,
        "syncing": account.sync_started_at is not None,
    }


def recent_runs(session: Session, user_id: int, func: str, limit: int | None = 5) -> pd.DataFrame:
    """The user's last finished, failed or rescheduled runs of ``func``, newest first.

    ``limit=None`` gives every such run (the CSV download of the Profile's table).
    """
    runs = session.scalars(
        select(JobRun)
        .where(JobRun.user_id == user_id, JobRun.func == func, JobRun.status.not_in(ACTIVE))
        .order_by(JobRun.enqueued_at.desc())
        .limit(limit)
    ).all()
    return pd.DataFrame(
        [
            (
                r.enqueued_at,
                r.finished_at,
                r.status,
                (r.result or {}).get("added"),
                r.message,
            )
            for r in runs
        ],
        columns=RUN_COLUMNS,
    )


def sync_job(session: Session, user_id: int, func: str, job_id: str | None) -> dict | None:
    """The given job of this user, else their queued or running one; None when neither.

    A running job's progress and message are the live ones from the progress cache.
    """
    query = select(JobRun).where(JobRun.user_id == user_id, JobRun.func == func)
    live = job_progress.read(job_id) if job_id else None  # before the row: see overlay
    if job_id:
        run = session.scalar(query.where(JobRun.id == job_id))
    else:
        run = session.scalar(
            query.where(JobRun.status.in_(ACTIVE)).order_by(JobRun.enqueued_at.desc()).limit(1)
        )
    if run is None:
        return None
    if not job_id:
        live = job_progress.read(run.id)
    status = {
        "id": run.id,
        "status": run.status,
        "progress": run.progress,
        "message": run.message,
        "added": (run.result or {}).get("added"),
        "skipped": (run.result or {}).get("skipped"),
    }
    return job_progress.overlay(status, live)


def top_history(
    session: Session, user_id: int, item_type: str, time_range: str, since: date | None = None
) -> pd.DataFrame:
    """Spotify's own daily top list for one user: taken_on, rank, ids and names.

    ``item_type`` is "artists" or "tracks"; ``time_range`` short_term/medium_term/long_term.
    """
    query = (
        select(
            TopSnapshot.taken_on,
            TopSnapshot.rank,
            TopSnapshot.artist_id,
            TopSnapshot.track_id,
            Artist.name.label("artist"),
            Track.name.label("track"),
        )
        .join(Artist, Artist.id == TopSnapshot.artist_id, isouter=True)
        .join(Track, Track.id == TopSnapshot.track_id, isouter=True)
        .where(
            TopSnapshot.user_id == user_id,
            TopSnapshot.item_type == item_type,
            TopSnapshot.time_range == time_range,
        )
        .order_by(TopSnapshot.taken_on, TopSnapshot.rank)
    )
    if since is not None:
        query = query.where(TopSnapshot.taken_on >= since)
    return pd.DataFrame(session.execute(query).all(), columns=TOP_COLUMNS)


def sync_health(session: Session) -> pd.DataFrame:
    """Every connected account's sync state, for the admin's health page (no tokens)."""
    rows = session.execute(
        select(
            SpotifyAccount.user_id,
            User.email,
            SpotifyAccount.status,
            SpotifyAccount.last_success_at,
            SpotifyAccount.next_sync_at,
            SpotifyAccount.consecutive_failures,
            SpotifyAccount.last_added,
            SpotifyAccount.last_error,
        )
        .join(User, User.id == SpotifyAccount.user_id)
        .order_by(SpotifyAccount.consecutive_failures.desc(), SpotifyAccount.user_id)
    ).all()
    return pd.DataFrame(rows, columns=HEALTH_COLUMNS)
