"""Periodic job: mark jobs and feed runs whose process died interrupted; delete stale uploads.

Runs every ``JOB_LEASE_SECONDS`` (at least a minute) from the scheduler, so a killed job is
marked within about two leases. The upload folder of an interrupted import is kept (the Import
page offers "Try again" with it) until it is ``UPLOAD_KEEP_HOURS`` old and no job needs it.
"""

from __future__ import annotations

import logging
import shutil
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from data import job_progress
from data.db import session_scope
from data.job_vocabulary import ACTIVE
from data.models import JobRun, utcnow
from data.services.interrupted import interrupt_abandoned_jobs, interrupt_orphaned_feed_runs
from settings import Settings
from workers import context
from workers.feeds import break_lock

log = logging.getLogger(__name__)


def sweep() -> dict:
    """One sweep with this process's settings; returns what it found."""
    settings = context.settings()
    found = interrupt_dead(settings)
    found["uploads_removed"] = remove_stale_uploads(settings)
    return found


def interrupt_dead(settings: Settings) -> dict:
    """Mark started jobs whose lease ran out, and the feed runs they left, interrupted."""
    cutoff = utcnow() - timedelta(seconds=settings.job_lease_seconds)
    with session_scope() as session:
        jobs = [run.id for run in interrupt_abandoned_jobs(session, cutoff, job_progress.leased)]
        sources = interrupt_orphaned_feed_runs(session, cutoff)
    for source in sources:
        # The dead run's lock would otherwise hold the source for hours.
        break_lock(settings, source)
    if jobs or sources:
        log.warning("interrupted jobs %s and feed runs of %s", jobs, sources)
    return {"interrupted_jobs": jobs, "interrupted_feeds": sources}


def remove_stale_uploads(settings: Settings) -> int:
    """Delete upload folders older than UPLOAD_KEEP_HOURS that no queued or running job needs."""
    root = Path(settings.instance_dir) / "uploads"
    if not root.is_dir():
        return 0
    with session_scope() as session:
        args = session.scalars(select(JobRun.args).where(JobRun.status.in_(ACTIVE))).all()
    needed = {Path(a["cleanup_dir"]).resolve() for a in args if a and a.get("cleanup_dir")}
    oldest = time.time() - settings.upload_keep_hours * 3600
    removed = 0
    for folder in root.glob("*/*"):
        if folder.is_dir() and folder.resolve() not in needed and folder.stat().st_mtime < oldest:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
