"""Jobs and feed runs whose process died: marked interrupted instead of running forever.

A running job keeps a lease in the shared cache (``data.job_progress``); a process killed
with -9 (or a host that lost power) stops renewing it. A started job whose lease is gone, once
it is older than the lease, is over: nothing will ever write its row again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.job_vocabulary import RUN_INTERRUPTED, RUN_RUNNING, JobStatus
from data.models import FeedRun, JobRun, utcnow

JOB_MESSAGE = "Interrupted: the process running this job stopped before it finished."
# Jobs that write feed runs: while none of them is alive, a running feed run is orphaned.
FEED_JOB_PREFIXES = ("workers.feeds.", "workers.admin_ingest.")


def interrupt_abandoned_jobs(
    session: Session, started_before: datetime, leased: Callable[[Sequence[str]], set[str]]
) -> list[JobRun]:
    """Mark started jobs without a live lease (started before the cutoff) interrupted."""
    started = session.scalars(
        select(JobRun).where(
            JobRun.status == JobStatus.STARTED.value, JobRun.started_at < started_before
        )
    ).all()
    alive = leased([run.id for run in started])
    dead = [run for run in started if run.id not in alive]
    for run in dead:
        run.status, run.finished_at = JobStatus.INTERRUPTED.value, utcnow()
        run.error = JOB_MESSAGE
        run.message = JOB_MESSAGE
    session.flush()
    return dead


def interrupt_orphaned_feed_runs(session: Session, started_before: datetime) -> list[str]:
    """Mark running feed runs interrupted when no feed job is alive; returns their sources.

    Which job wrote which run is not recorded, so while any feed job still runs, every running
    feed run is left alone (it may be that job's); the next sweep looks again.
    """
    running_jobs = session.scalars(
        select(JobRun.func).where(JobRun.status == JobStatus.STARTED.value)
    ).all()
    if any(func.startswith(FEED_JOB_PREFIXES) for func in running_jobs):
        return []
    runs = session.scalars(
        select(FeedRun).where(FeedRun.status == RUN_RUNNING, FeedRun.started_at < started_before)
    ).all()
    for run in runs:
        run.status, run.finished_at = RUN_INTERRUPTED, utcnow()
        run.error = "Interrupted: the process running this feed stopped before it finished."
    session.flush()
    return sorted({run.source for run in runs})
