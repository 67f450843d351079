"""The two job backends: an in-process thread pool (embedded default) and RQ (scaled)."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

from workers.queue import JOB_TIMEOUT_SECONDS
from workers.runner import run_job

# What RQ workers run: the bootstrap's wrapper, which checks the worker process was started
# through ``workers.bootstrap.Worker`` (a dotted path, so this module need not import it).
RQ_ENTRY = "workers.bootstrap.run_job"


class InProcessBackend:
    """The embedded default: the same job functions on threads, at most ``threads`` at once.

    One short-lived thread per job (bounded by a semaphore) rather than a long-lived pool: no
    shared worker state can go stale, and a job thread that dies releases its slot.
    """

    def __init__(self, threads: int) -> None:
        self._slots = threading.BoundedSemaphore(threads)

    def submit(self, job_id: str, func_path: str, queue: str, kwargs: dict, delay: float) -> None:
        """Run the job on a new thread, after ``delay`` seconds."""
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
    """The scaled topology: RQ queues on Redis, run by ``rq worker -w workers.bootstrap.Worker``."""

    def __init__(self, redis_url: str) -> None:
        from redis import Redis

        self.connection = Redis.from_url(redis_url)

    def submit(self, job_id: str, func_path: str, queue: str, kwargs: dict, delay: float) -> None:
        """Put the job on its RQ queue (scheduled when ``delay`` > 0)."""
        from rq import Queue

        q = Queue(queue, connection=self.connection)
        options = {"job_id": job_id, "job_timeout": JOB_TIMEOUT_SECONDS, "result_ttl": 86400}
        args = (job_id, func_path, kwargs)
        if delay > 0:
            q.enqueue_in(timedelta(seconds=delay), RQ_ENTRY, *args, **options)
        else:
            q.enqueue(RQ_ENTRY, *args, **options)
