"""The one enqueue helper: RQ when REDIS_URL is set, an in-process thread pool otherwise.

Either way a job-runs row is written first (status, result, error); while a job runs, its live
progress lives in the shared cache (``data.job_progress``), which the readers overlay on the row.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from datetime import timedelta
from typing import Protocol

from data.db import get_database
from data.models import JobRun
from settings import Settings
from workers.runner import run_job

QUEUES = ("sync", "feeds", "mail", "default")
JOB_TIMEOUT_SECONDS = 3 * 60 * 60


class Backend(Protocol):
    def submit(self, job_id: str, func_path: str, queue: str, kwargs: dict, delay: float) -> None:
        """Run ``run_job(job_id, func_path, kwargs)`` soon (after ``delay`` seconds)."""


class InProcessBackend:
    """The embedded default: the same job functions on threads, at most ``threads`` at once.

    One short-lived thread per job (bounded by a semaphore) rather than a long-lived pool: no
    shared worker state can go stale, and a job thread that dies releases its slot.
    """

    def __init__(self, threads: int) -> None:
        self._slots = threading.BoundedSemaphore(threads)

    def submit(self, job_id: str, func_path: str, queue: str, kwargs: dict, delay: float) -> None:
        if delay > 0:
            timer = threading.Timer(delay, self.submit, (job_id, func_path, queue, kwargs, 0))
            timer.daemon = True
            timer.start()
            return
        thread = threading.Thread(
            target=self._run, args=(job_id, func_path, kwargs), name=f"rewrapped-job-{job_id[:8]}"
        )
        thread.start()

    def _run(self, job_id: str, func_path: str, kwargs: dict) -> None:
        with self._slots, contextlib.suppress(Exception):
            # The failure is already on the job-runs row; this thread has nobody to raise to.
            run_job(job_id, func_path, kwargs)


class RQBackend:
    """The scaled topology: RQ queues on Redis, run by `rq worker --with-scheduler`."""

    def __init__(self, redis_url: str) -> None:
        from redis import Redis

        self.connection = Redis.from_url(redis_url)

    def submit(self, job_id: str, func_path: str, queue: str, kwargs: dict, delay: float) -> None:
        from rq import Queue

        q = Queue(queue, connection=self.connection)
        options = {"job_id": job_id, "job_timeout": JOB_TIMEOUT_SECONDS, "result_ttl": 86400}
        args = (job_id, func_path, kwargs)
        if delay > 0:
            q.enqueue_in(timedelta(seconds=delay), run_job, *args, **options)
        else:
            q.enqueue(run_job, *args, **options)


_BACKEND: Backend | None = None
_SETTINGS: Settings | None = None


def configure(settings: Settings) -> Backend:
    """Pick the backend for this process (called by the app factory and the CLI)."""
    global _BACKEND, _SETTINGS
    _SETTINGS = settings
    _BACKEND = (
        RQBackend(settings.redis_url)
        if settings.redis_url
        else InProcessBackend(settings.job_threads)
    )
    return _BACKEND


def settings() -> Settings:
    """The settings this process was configured with; an RQ worker reads the environment."""
    if _SETTINGS is None:
        return Settings.from_env()
    return _SETTINGS


def backend() -> Backend:
    if _BACKEND is None:
        from settings import Settings

        return configure(Settings.from_env())
    return _BACKEND


def enqueue(
    func_path: str,
    *,
    queue: str = "default",
    user_id: int | None = None,
    delay: timedelta | None = None,
    message: str | None = None,
    **kwargs,
) -> str:
    """Record a job-runs row and hand the job to the backend; returns the job id."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; use one of {QUEUES}")
    job_id = str(uuid.uuid4())
    with get_database().session_scope() as session:
        session.add(
            JobRun(
                id=job_id,
                func=func_path,
                queue=queue,
                user_id=user_id,
                args=kwargs,
                status="queued",
                message=message,
            )
        )
    seconds = delay.total_seconds() if delay else 0.0
    backend().submit(job_id, func_path, queue, kwargs, seconds)
    return job_id
