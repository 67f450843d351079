"""Runs one job under its job-runs row, whichever backend picked it up.

Job functions are plain module-level functions with JSON-able keyword arguments. They report
progress with ``report_progress`` and may raise ``Reschedule`` to run again later. The row is
written when a job starts and ends; progress in between lives in ``data.job_progress``.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta

from data import job_progress
from data.db import get_database, init_database
from data.frame_cache import get_frame_cache, init_frame_cache
from data.models import JobRun, utcnow

log = logging.getLogger(__name__)
_CURRENT_JOB: ContextVar[str | None] = ContextVar("rewrapped_job", default=None)


class Reschedule(Exception):
    """Raised by a job to be run again after ``delay_seconds`` (rate limits, back-off)."""

    def __init__(self, delay_seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.delay_seconds = max(1.0, float(delay_seconds))
        self.reason = reason


def ensure_database() -> None:
    """In an RQ worker process the database is initialised lazily from the environment."""
    try:
        get_database()
    except RuntimeError:
        from settings import Settings

        init_database(Settings.from_env())


def resolve(func_path: str) -> Callable:
    module, _, name = func_path.rpartition(".")
    if not module.startswith("workers."):
        raise ValueError(f"refusing to run {func_path!r}: jobs live in workers/")
    return getattr(importlib.import_module(module), name)


def current_job_id() -> str | None:
    return _CURRENT_JOB.get()


def report_progress(fraction: float, message: str | None = None) -> None:
    """Record progress (0..1) of the running job; a no-op outside a job.

    It goes to the progress cache, never to the database: the job may be inside a long write
    transaction, and on SQLite a second writer would wait for it to commit.
    """
    job_id = _CURRENT_JOB.get()
    if job_id is not None:
        job_progress.record(job_id, fraction, message)


def ensure_progress_cache() -> None:
    """An RQ worker process opens the cache (Redis with REDIS_URL) from the environment."""
    if get_frame_cache() is None:
        from workers.queue import settings

        init_frame_cache(settings())


def run_job(job_id: str, func_path: str, kwargs: dict) -> dict | None:
    """Execute ``func_path(**kwargs)`` and record started/finished/failed on its row."""
    ensure_database()
    ensure_progress_cache()
    db = get_database()
    with db.session_scope() as session:
        run = session.get(JobRun, job_id)
        if run is None:
            run = JobRun(id=job_id, func=func_path, args=kwargs)
            session.add(run)
        run.status, run.started_at, run.error = "started", utcnow(), None
    token = _CURRENT_JOB.set(job_id)
    try:
        result = resolve(func_path)(**kwargs)
    except Reschedule as again:
        _finish(job_id, "rescheduled", message=again.reason)
        from workers.queue import enqueue

        queue, user_id = _queue_of(job_id)
        enqueue(
            func_path,
            queue=queue,
            user_id=user_id,
            delay=timedelta(seconds=again.delay_seconds),
            **kwargs,
        )
        return None
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, func_path)
        _finish(
            job_id, "failed", error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"
        )
        raise
    finally:
        _CURRENT_JOB.reset(token)
    _finish(job_id, "finished", result=result if isinstance(result, dict) else None)
    return result if isinstance(result, dict) else None


def _queue_of(job_id: str) -> tuple[str, int | None]:
    """Queue and owner of a run, so a rescheduled run stays on the user's job list."""
    with get_database().session_scope() as session:
        run = session.get(JobRun, job_id)
        return (run.queue, run.user_id) if run else ("default", None)


def _finish(job_id: str, status: str, *, result=None, error=None, message=None) -> None:
    """Mark the run done, keeping the last reported progress and message on its row."""
    live = job_progress.read(job_id) or {}
    with get_database().session_scope() as session:
        run = session.get(JobRun, job_id)
        if run is None:
            return
        run.status, run.finished_at = status, utcnow()
        run.progress = 1.0 if status == "finished" else live.get("progress", run.progress)
        run.result, run.error = result, error
        message = message or live.get("message")
        if message:
            run.message = message[:500]
    job_progress.forget(job_id)
