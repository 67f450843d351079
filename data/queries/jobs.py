"""A job's state as the pages poll it: the job-runs row with the live progress laid over."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import job_progress
from data.models import JobRun


def job_status(
    session: Session, job_id: str, func_path: str, user_id: int | None = None
) -> dict | None:
    """Status, progress, message, result and first error line of one job of ``func_path``.

    None when there is no such job (or, given ``user_id``, when it is not that user's). While
    the job runs, progress and message are the live ones from the progress cache.
    """
    live = job_progress.read(job_id)  # before the row: see job_progress.overlay
    query = select(JobRun).where(JobRun.id == job_id, JobRun.func == func_path)
    if user_id is not None:
        query = query.where(JobRun.user_id == user_id)
    run = session.scalar(query)
    if run is None:
        return None
    status = {
        "job_id": run.id,
        "status": run.status,
        "progress": run.progress or 0.0,
        "message": run.message,
        "result": run.result,
        "error": (run.error or "").splitlines()[0] if run.error else None,
        # Server-side only (file paths): callbacks use it, components never show it.
        "args": dict(run.args or {}),
    }
    return job_progress.overlay(status, live)


def latest_job(session: Session, user_id: int, func_path: str) -> dict | None:
    """``job_status`` of the user's most recent job of ``func_path`` (a genre or cover lookup,
    say), or None if they never had one."""
    job_id = session.scalar(
        select(JobRun.id)
        .where(JobRun.func == func_path, JobRun.user_id == user_id)
        .order_by(JobRun.enqueued_at.desc())
        .limit(1)
    )
    return job_status(session, job_id, func_path, user_id) if job_id else None
