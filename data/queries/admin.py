"""Admin health queries: feed runs, per-source state, the job queue and heartbeats.

Plain values and DataFrames out; the admin page's callbacks own the session.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import job_progress
from data.job_vocabulary import ACTIVE, Job, JobStatus
from data.models import FeedRun, Heartbeat, JobRun, User

RUN_COLUMNS = [
    "id",
    "source",
    "status",
    "started_at",
    "finished_at",
    "pages",
    "fetched",
    "new",
    "updated",
    "duplicates",
    "failed",
    "failures",
    "requests",
    "throttled",
    "latency_ms",
    "error",
]
JOB_COLUMNS = [
    "id",
    "func",
    "queue",
    "email",
    "status",
    "progress",
    "message",
    "error",
    "enqueued_at",
    "started_at",
    "finished_at",
]


def _run_rows(session: Session, query) -> pd.DataFrame:
    cols = [getattr(FeedRun, c) for c in RUN_COLUMNS]
    frame = pd.DataFrame(session.execute(query.with_only_columns(*cols)).all(), columns=RUN_COLUMNS)
    frame["duration_s"] = [
        (end - start).total_seconds() if end is not None and start is not None else None
        for start, end in zip(frame["started_at"], frame["finished_at"], strict=True)
    ]
    return frame


def feed_runs_page(
    session: Session,
    *,
    source: str | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 10,
) -> tuple[pd.DataFrame, int]:
    """One page of feed runs, newest first, filtered by source and status; and the total."""
    where = []
    if source:
        where.append(FeedRun.source == source)
    if status:
        where.append(FeedRun.status == status)
    total = session.scalar(select(func.count(FeedRun.id)).where(*where)) or 0
    query = (
        select(FeedRun.id)
        .where(*where)
        .order_by(FeedRun.started_at.desc(), FeedRun.id.desc())
        .limit(per_page)
        .offset(max(0, page - 1) * per_page)
    )
    return _run_rows(session, query), int(total)


def latest_runs(session: Session, sources: list[str], per_source: int = 3) -> pd.DataFrame:
    """The newest ``per_source`` runs of each source (newest first within a source)."""
    ranked = (
        select(
            FeedRun.id,
            func.row_number()
            .over(
                partition_by=FeedRun.source, order_by=(FeedRun.started_at.desc(), FeedRun.id.desc())
            )
            .label("rank"),
        )
        .where(FeedRun.source.in_(sources))
        .subquery()
    )
    ids = select(ranked.c.id).where(ranked.c.rank <= per_source)
    query = (
        select(FeedRun.id)
        .where(FeedRun.id.in_(ids))
        .order_by(FeedRun.source, FeedRun.started_at.desc(), FeedRun.id.desc())
    )
    return _run_rows(session, query)


def fetched_per_day(session: Session, since: datetime) -> pd.DataFrame:
    """Events fetched per day (UTC, by run start) and source since ``since``."""
    # date() exists on SQLite (returns text) and PostgreSQL (returns a date).
    day = func.date(FeedRun.started_at).label("day")
    rows = session.execute(
        select(day, FeedRun.source, func.sum(FeedRun.fetched), func.count(FeedRun.id))
        .where(FeedRun.started_at >= since)
        .group_by(day, FeedRun.source)
        .order_by(day, FeedRun.source)
    ).all()
    frame = pd.DataFrame(rows, columns=["day", "source", "fetched", "runs"])
    frame["day"] = pd.to_datetime(frame["day"]).dt.date if len(frame) else frame["day"]
    return frame


def active_feed_jobs(session: Session) -> dict[str, dict]:
    """Per source, its queued or running feed job (``Job.FEED_POLL`` with that source)."""
    rows = session.execute(
        select(JobRun.id, JobRun.args, JobRun.status, JobRun.enqueued_at, JobRun.message)
        .where(JobRun.func == Job.FEED_POLL.value, JobRun.status.in_(ACTIVE))
        .order_by(JobRun.enqueued_at)
    ).all()
    live = job_progress.read_many([r.id for r in rows if r.status == JobStatus.STARTED])
    return {
        (r.args or {}).get("source"): job_progress.overlay(
            {
                "job_id": r.id,
                "status": r.status,
                "enqueued_at": r.enqueued_at,
                "message": r.message,
            },
            live.get(r.id),
        )
        for r in rows
    }


def running_sources(session: Session, since: datetime) -> set[str]:
    """Sources with a feed run marked running that started after ``since`` (older ones
    belong to a crashed worker whose lock has expired)."""
    query = select(FeedRun.source).where(FeedRun.status == "running", FeedRun.started_at >= since)
    return set(session.scalars(query).all())


def feed_sources(
    session: Session,
    schedule: dict[str, tuple[bool, int]],
    *,
    now: datetime,
    lock_seconds: int,
    per_source: int = 3,
) -> tuple[list[dict], pd.DataFrame]:
    """Each scheduled source's state and its latest runs.

    ``schedule`` maps source -> (configured, interval in minutes). The next run is due one
    interval after the latest run started.
    """
    runs = latest_runs(session, list(schedule), per_source)
    active = active_feed_jobs(session)
    running = running_sources(session, now - timedelta(seconds=lock_seconds))
    states = []
    for source, (configured, minutes) in schedule.items():
        mine = runs[runs["source"] == source]
        last = mine["started_at"].iloc[0] if len(mine) else None
        states.append(
            {
                "source": source,
                "configured": configured,
                "interval_minutes": minutes,
                "next_due": (last + timedelta(minutes=minutes)) if configured and last else None,
                "active": active.get(source),
                "running": source in running,
            }
        )
    return states, runs


def job_runs_page(
    session: Session, *, status: str | None = None, page: int = 1, per_page: int = 10
) -> tuple[pd.DataFrame, int]:
    """One page of the job queue (every job-runs row, newest first) and the total."""
    where = [JobRun.status == status] if status else []
    total = session.scalar(select(func.count(JobRun.id)).where(*where)) or 0
    rows = session.execute(
        select(
            JobRun.id,
            JobRun.func,
            JobRun.queue,
            User.email,
            JobRun.status,
            JobRun.progress,
            JobRun.message,
            JobRun.error,
            JobRun.enqueued_at,
            JobRun.started_at,
            JobRun.finished_at,
            JobRun.args,
        )
        .outerjoin(User, User.id == JobRun.user_id)
        .where(*where)
        .order_by(JobRun.enqueued_at.desc(), JobRun.id)
        .limit(per_page)
        .offset(max(0, page - 1) * per_page)
    ).all()
    # Running jobs' rows lag behind: their progress and message come from the progress cache.
    live = job_progress.read_many([r.id for r in rows if r.status == JobStatus.STARTED])
    jobs = [job_progress.overlay(_labelled(r._asdict()), live.get(r.id)) for r in rows]
    return pd.DataFrame(jobs, columns=JOB_COLUMNS), int(total)


def _labelled(job: dict) -> dict:
    """The job's function with its source when it has one: one feed job serves every source."""
    source = (job.pop("args") or {}).get("source")
    return {**job, "func": f"{job['func']}({source})"} if source else job


def heartbeat_health(
    session: Session, now: datetime, expected_seconds: dict[str, float], default_seconds: float
) -> pd.DataFrame:
    """Every heartbeat with its age and whether it is stale.

    A beat is stale when older than twice its expected interval (``expected_seconds`` by
    name, else ``default_seconds``). Expected names that never beat appear with no time, and
    are stale only once the installation is older than that limit: on a fresh install their
    first run is simply not due yet.
    """
    rows = {
        name: (beat_at, detail)
        for name, beat_at, detail in session.execute(
            select(Heartbeat.name, Heartbeat.beat_at, Heartbeat.detail)
        )
    }
    installed = _installed_at(session, [beat for beat, _detail in rows.values()])
    out = []
    for name in sorted(set(rows) | set(expected_seconds)):
        beat_at, detail = rows.get(name, (None, None))
        limit = 2 * expected_seconds.get(name, default_seconds)
        age = (now - beat_at).total_seconds() if beat_at is not None else None
        since = (now - installed).total_seconds() if installed else 0.0
        out.append(
            {
                "name": name,
                "beat_at": beat_at,
                "age_s": age,
                "limit_s": limit,
                "stale": age > limit if age is not None else since > limit,
                "detail": detail,
            }
        )
    return pd.DataFrame(out, columns=["name", "beat_at", "age_s", "limit_s", "stale", "detail"])


def _installed_at(session: Session, beats: list[datetime]) -> datetime | None:
    """When this installation started: its first account (demo or registered) or first beat."""
    first_user = session.scalar(select(func.min(User.created_at)))
    known = [t for t in [first_user, *beats] if t is not None]
    return min(known) if known else None


def window_start(now: datetime, days: int) -> datetime:
    """Midnight (UTC) that starts a window of ``days`` whole days ending today."""
    return (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
