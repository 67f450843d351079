"""A listener's own background jobs (genre and album-cover lookups), as their pages show them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import job_progress
from data.models import JobRun


def latest_job(session: Session, user_id: int, job: str) -> dict | None:
    """The listener's most recent run of ``job`` (a ``Job`` name): id, status, progress,
    result and message, with live progress overlaid while it runs; None if it never ran."""
    run = session.scalar(
        select(JobRun)
        .where(JobRun.func == job, JobRun.user_id == user_id)
        .order_by(JobRun.enqueued_at.desc())
        .limit(1)
    )
    if run is None:
        return None
    status = {
        "job_id": run.id,
        "status": run.status,
        "progress": run.progress or 0.0,
        "result": run.result,
        "message": run.message,
    }
    return job_progress.overlay(status, job_progress.read(run.id))
