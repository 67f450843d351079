"""Runs one job under its job-runs row, whichever backend picked it up.

Job functions are plain module-level functions with JSON-able keyword arguments. They report
progress with ``report_progress`` and may raise ``Reschedule`` to run again later. The row is
written when a job starts and ends; progress in between lives in ``data.job_progress``, and so
does the job's lease, renewed by a thread while it runs (``workers.sweep`` marks a job whose
lease ran out as interrupted).
"""

from __future__ import annotations

import importlib
import logging
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from data import job_progress
from data.db import get_database
from data.job_vocabulary import JobStatus
from data.models import JobRun, utcnow
from workers import context
from workers.queue import enqueue

log = logging.getLogger(__name__)
_CURRENT_JOB: ContextVar[str | None] = ContextVar("rewrapped_job", default=None)


class Reschedule(Exception):
    """Raised by a job to be run again after ``delay_seconds`` (rate limits, back-off)."""

    def __init__(self, delay_seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.delay_seconds = max(1.0, float(delay_seconds))
        self.reason = reason


def resolve(func_path: str) -> Callable:
    """The job function at ``func_path``; only functions in ``workers`` may run."""
    module, _, name = func_path.rpartition(".")
    if not module.startswith("workers."):
        raise ValueError(f"refusing to run {func_path!r}: jobs live in workers/")
    return getattr(importlib.import_module(module), name)


def current_job_id() -> str | None:
    """The id of the job running in this context (None outside a job)."""
    return _CURRENT_JOB.get()


def report_progress(fraction: float, message: str | None = None) -> None:
    """Record progress (0..1) of the running job; a no-op outside a job.

    It goes to the progress cache, never to the database: the job may be inside a long write
    transaction, and on SQLite a second writer would wait for it to commit.
    """
    job_id = _CURRENT_JOB.get()
    if job_id is not None:
        job_progress.record(job_id, fraction, message)


@contextmanager
def held_lease(job_id: str, seconds: float) -> Iterator[None]:
    """Renew the job's lease every third of ``seconds`` while the block runs."""
    stop = threading.Event()

    def renew() -> None:
        while True:
            job_progress.renew_lease(job_id, seconds)
            if stop.wait(seconds / 3):
                return

    thread = threading.Thread(target=renew, name=f"rewrapped-lease-{job_id[:8]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        job_progress.drop_lease(job_id)


def run_job(job_id: str, func_path: str, kwargs: dict) -> dict | None:
    """Execute ``func_path(**kwargs)`` and record started/finished/failed on its row."""
    with get_database().session_scope() as session:
        run = session.get(JobRun, job_id)
        if run is None:
            run = JobRun(id=job_id, func=func_path, args=kwargs)
            session.add(run)
        run.status, run.started_at, run.error = JobStatus.STARTED.value, utcnow(), None
    token = _CURRENT_JOB.set(job_id)
    try:
        with held_lease(job_id, context.settings().job_lease_seconds):
            result = resolve(func_path)(**kwargs)
    except Reschedule as again:
        _finish(job_id, JobStatus.RESCHEDULED, message=again.reason)
        _enqueue_again(job_id, func_path, kwargs, again.delay_seconds)
        return None
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, func_path)
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"
        _finish(job_id, JobStatus.FAILED, error=error)
        raise
    finally:
        _CURRENT_JOB.reset(token)
    _finish(job_id, JobStatus.FINISHED, result=result if isinstance(result, dict) else None)
    return result if isinstance(result, dict) else None


def _enqueue_again(job_id: str, func_path: str, kwargs: dict, delay_seconds: float) -> None:
    """A rescheduled run stays on its queue and on its owner's job list."""
    with get_database().session_scope() as session:
        run = session.get(JobRun, job_id)
        queue, user_id = (run.queue, run.user_id) if run else ("default", None)
    enqueue(
        func_path, queue=queue, user_id=user_id, delay=timedelta(seconds=delay_seconds), **kwargs
    )


def _finish(job_id: str, status: JobStatus, *, result=None, error=None, message=None) -> None:
    """Mark the run done, keeping the last reported progress and message on its row."""
    live = job_progress.read(job_id) or {}
    with get_database().session_scope() as session:
        run = session.get(JobRun, job_id)
        if run is None:
            return
        run.status, run.finished_at = status.value, utcnow()
        run.progress = 1.0 if status == JobStatus.FINISHED else live.get("progress", run.progress)
        run.result, run.error = result, error
        message = message or live.get("message")
        if message:
            run.message = message[:500]
    job_progress.forget(job_id)
