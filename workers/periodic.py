"""The periodic jobs, declared once for both schedulers (the embedded thread and `rq cron`)."""

from __future__ import annotations

from dataclasses import dataclass

from settings import Settings


@dataclass(frozen=True)
class Periodic:
    name: str
    func_path: str
    queue: str
    interval_seconds: int


def periodic_jobs(settings: Settings) -> list[Periodic]:
    """Every periodic job with its interval from settings. Later features append here."""
    return [
        Periodic(
            "rollups",
            "workers.rollups.recompute_interaction_rollups",
            "default",
            settings.rollup_minutes * 60,
        ),
        # Ticks at half the sync interval; each tick enqueues only the users who are due.
        Periodic(
            "spotify-sync",
            "workers.spotify_sync.schedule_syncs",
            "sync",
            max(60, settings.spotify_sync_minutes * 30),
        ),
        Periodic("lastfm-genres", "workers.lastfm_genres.tag_artists", "default", 3600),
        Periodic("alerts", "workers.alerts.run_alerts", "mail", 300),
        *_feed_jobs(settings),
    ]


def _feed_jobs(settings: Settings) -> list[Periodic]:
    """One poll per configured event feed, each at its own interval (FEED_INTERVALS)."""
    from data.feeds import configured_sources, interval_minutes

    return [
        Periodic(
            f"feed:{source}",
            f"workers.feeds.poll_{source}",
            "feeds",
            interval_minutes(settings, source) * 60,
        )
        for source in configured_sources(settings)
    ]


def run_periodic(name: str) -> dict | None:
    """Entry point `rq cron` enqueues: runs the named job under a job-runs row."""
    import uuid

    from workers.runner import ensure_database, run_job

    ensure_database()
    settings = Settings.from_env()
    job = next(j for j in periodic_jobs(settings) if j.name == name)
    return run_job(str(uuid.uuid4()), job.func_path, {})
