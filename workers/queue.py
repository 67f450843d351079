"""The one enqueue helper: RQ when REDIS_URL is set, an in-process thread pool otherwise.

Either way a job-runs row is written first (status, result, error); while a job runs, its live
progress lives in the shared cache (``data.job_progress``), which the readers overlay on the row.
The backends themselves are in ``workers.backends``; the process picks one at start
(``workers.bootstrap``).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from data.db import get_database
from data.job_vocabulary import JobStatus
from data.models import JobRun
from workers import context

QUEUES = ("sync", "feeds", "mail", "default")
JOB_TIMEOUT_SECONDS = 3 * 60 * 60


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
                status=JobStatus.QUEUED.value,
                message=message,
            )
        )
    seconds = delay.total_seconds() if delay else 0.0
    context.backend().submit(job_id, func_path, queue, kwargs, seconds)
    return job_id
