"""What a process was started with: its Settings and job backend, set once by its entry point.

Entry points (``create_app``, the RQ ``Worker`` class and ``rq cron`` module in
``workers.bootstrap``, the CLI through ``create_app``) build Settings once and call
``workers.bootstrap.start``; jobs and helpers read them here instead of the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from settings import Settings


class Backend(Protocol):
    """Where enqueued jobs run: RQ queues or the in-process thread pool."""

    def submit(self, job_id: str, func_path: str, queue: str, kwargs: dict, delay: float) -> None:
        """Run ``run_job(job_id, func_path, kwargs)`` soon (after ``delay`` seconds)."""


@dataclass
class Process:
    """The settings and backend of this process (None until an entry point started it)."""

    settings: Settings | None = None
    backend: Backend | None = None


PROCESS = Process()


def configure(settings: Settings, backend: Backend) -> None:
    """Record what the entry point built; called by ``workers.bootstrap.start`` only."""
    PROCESS.settings, PROCESS.backend = settings, backend


def settings() -> Settings:
    """The settings this process was started with."""
    if PROCESS.settings is None:
        raise RuntimeError(
            "this process was not started through an entry point: use create_app(settings), "
            "`rq worker -w workers.bootstrap.Worker` or `rq cron workers.cron`"
        )
    return PROCESS.settings


def backend() -> Backend:
    """The job backend this process was started with."""
    if PROCESS.backend is None:
        settings()  # raises with the explanation
    return PROCESS.backend
