"""The embedded scheduler: a daemon thread in the web process that enqueues periodic jobs."""

from __future__ import annotations

import logging
import threading
import time

from data.db import session_scope
from data.services.heartbeats import beat
from settings import Settings
from workers.periodic import periodic_jobs
from workers.queue import enqueue

log = logging.getLogger(__name__)
TICK_SECONDS = 15


class EmbeddedScheduler(threading.Thread):
    """Enqueues each periodic job when due; the first run of each happens at start."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(name="rewrapped-scheduler", daemon=True)
        self._jobs = periodic_jobs(settings)
        self._next_due = dict.fromkeys((j.name for j in self._jobs), 0.0)
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            self.tick(time.monotonic())
            self._stop.wait(TICK_SECONDS)

    def tick(self, now: float) -> list[str]:
        """Enqueue every job that is due at ``now``; returns the job ids enqueued."""
        enqueued = []
        try:
            for job in self._jobs:
                if now >= self._next_due[job.name]:
                    self._next_due[job.name] = now + job.interval_seconds
                    enqueued.append(enqueue(job.func_path, queue=job.queue, **job.kwargs))
            with session_scope() as session:
                beat(session, "scheduler", f"{len(enqueued)} job(s) enqueued")
        except Exception:
            log.exception("scheduler tick failed; retrying next tick")
        return enqueued

    def stop(self) -> None:
        self._stop.set()


def start_embedded_scheduler(settings: Settings) -> EmbeddedScheduler | None:
    """Start the scheduler thread on the embedded default (RQ deployments use `rq cron`)."""
    if not (settings.embedded and settings.run_scheduler):
        return None
    scheduler = EmbeddedScheduler(settings)
    scheduler.start()
    return scheduler
