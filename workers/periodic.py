"""The periodic jobs, declared once for both schedulers (the embedded thread and `rq cron`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from data.feeds import configured_sources, interval_minutes
from data.job_vocabulary import Job
from settings import Settings
from workers import context
from workers.bootstrap import start_from_env
from workers.runner import run_job


@dataclass(frozen=True)
class Periodic:
    name: str
    func_path: str
    queue: str
    interval_seconds: int
    kwargs: dict = field(default_factory=dict)


def periodic_jobs(settings: Settings) -> list[Periodic]:
    """Every periodic job with its interval from settings. Later features append here."""
    return [
        Periodic(
            "rollups",
            Job.ROLLUPS,
            "default",
            settings.rollup_minutes * 60,
        ),
        # Ticks at half the sync interval; each tick enqueues only the users who are due.
        Periodic(
            "spotify-sync",
            Job.SPOTIFY_SCHEDULE,
            "sync",
            max(60, settings.spotify_sync_minutes * 30),
        ),
        Periodic("lastfm-genres", Job.LASTFM_GENRES, "default", 3600),
        # Marks jobs whose process died interrupted, within about two leases.
        Periodic("sweep", Job.SWEEP, "default", max(60, settings.job_lease_seconds)),
        Periodic("alerts", Job.ALERTS, "mail", 300),
        *_feed_jobs(settings),
    ]


def _feed_jobs(settings: Settings) -> list[Periodic]:
    """One poll per configured event feed, each at its own interval (FEED_INTERVALS)."""
    return [
        Periodic(
            f"feed:{source}",
            Job.FEED_POLL,
            "feeds",
            interval_minutes(settings, source) * 60,
            {"source": source},
        )
        for source in configured_sources(settings)
    ]


def run_periodic(name: str) -> dict | None:
    """Entry point `rq cron` enqueues: runs the named job under a job-runs row."""
    if context.PROCESS.settings is None:  # a plain `rq worker`: see bootstrap.run_job
        start_from_env()
    job = next(j for j in periodic_jobs(context.settings()) if j.name == name)
    return run_job(str(uuid.uuid4()), job.func_path, job.kwargs)
