"""Process start for everything that runs jobs: Settings built once, then passed down.

Entry points: ``create_app(settings)`` calls ``start``; an RQ worker started as
``rq worker -w workers.bootstrap.Worker sync feeds mail default`` builds Settings from the
environment once, in the worker process, before it forks a work horse per job; ``rq cron
workers.cron`` does the same when it loads. Jobs then read ``workers.context.settings()``.
"""

from __future__ import annotations

import logging

from rq import Worker as RQWorker

from data.db import get_database, init_database
from data.frame_cache import init_frame_cache
from data.instance import secure_instance
from settings import Settings
from workers import context, runner
from workers.backends import InProcessBackend, RQBackend

log = logging.getLogger(__name__)


def start(settings: Settings) -> None:
    """Make this process's instance folder private, open its cache and pick its job backend.

    The database is opened by the caller (``data.bootstrap.prepare_database`` for the web app,
    ``start_from_env`` for workers), since only the web app migrates it.
    """
    secure_instance(settings.instance_dir)
    init_frame_cache(settings)
    if settings.redis_url:
        context.configure(settings, RQBackend(settings.redis_url))
    else:
        context.configure(settings, InProcessBackend(settings.job_threads))


def start_from_env() -> Settings:
    """A worker or scheduler process: read Settings from the environment once and start."""
    settings = Settings.from_env()
    init_database(settings)
    # The check connection must not be inherited by forked work horses (two processes on one
    # socket); each horse opens its own.
    get_database().engine.dispose()
    start(settings)
    return settings


class Worker(RQWorker):
    """``rq worker -w workers.bootstrap.Worker``: starts the process before the first job."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        start_from_env()


def run_job(job_id: str, func_path: str, kwargs: dict) -> dict | None:
    """What RQ runs (``workers.backends.RQ_ENTRY``): the job under its row.

    A plain ``rq worker`` (without ``-w workers.bootstrap.Worker``) has not started the
    process; it is started here, in the work horse, so such a worker still runs jobs right.
    """
    if context.PROCESS.settings is None:
        log.warning("worker not started with -w workers.bootstrap.Worker; starting in the job")
        start_from_env()
    return runner.run_job(job_id, func_path, kwargs)
