"""The job vocabulary, defined once: the states of a job-runs row and the names of the jobs.

A pure value module (no I/O), so the web layer, the queries and the workers all import it.
"""

from __future__ import annotations

from enum import StrEnum


class JobStatus(StrEnum):
    """The ``status`` of a job-runs row."""

    QUEUED = "queued"
    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"
    # Ended here and enqueued again as a new row (rate limit, back-off): this row is done.
    RESCHEDULED = "rescheduled"
    # The process running it died (kill -9, power loss): its lease ran out without an end.
    INTERRUPTED = "interrupted"


# A job in one of these may still change: pages poll it, schedulers do not start another.
ACTIVE = frozenset({JobStatus.QUEUED, JobStatus.STARTED})
# A job in one of these is over; nothing will write its row again.
TERMINAL = frozenset(JobStatus) - ACTIVE


class Job(StrEnum):
    """Every job function the queue runs, by its dotted path (the ``func`` of its row)."""

    IMPORT_HISTORY = "workers.imports.import_history_job"
    INGEST_UPLOAD = "workers.admin_ingest.ingest_upload"
    SPOTIFY_SYNC = "workers.spotify_sync.sync_user"
    SPOTIFY_SCHEDULE = "workers.spotify_sync.schedule_syncs"
    ROLLUPS = "workers.rollups.recompute_interaction_rollups"
    LASTFM_GENRES = "workers.lastfm_genres.tag_artists"
    MUSICBRAINZ_GENRES = "workers.musicbrainz_genres.genres_for_listener"
    SPOTIFY_GENRES = "workers.spotify_genres.spotify_genres_for_listener"
    ARTWORK = "workers.artwork.fetch_artwork"
    ALBUM_COVERS = "workers.album_covers.covers_for_listener"
    SWEEP = "workers.sweep.sweep"
    ALERTS = "workers.alerts.run_alerts"
    # One event feed: ``poll(source=...)`` (scheduled, or Run now on the admin page).
    FEED_POLL = "workers.feeds.poll"


# The ``status`` of a feed run (``feed_runs``): one ingestion run of one source.
RUN_RUNNING, RUN_INTERRUPTED = "running", "interrupted"
RUN_STATUSES = (
    RUN_RUNNING,
    "finished",
    "partial",
    "throttled",
    "failed",
    "skipped",
    RUN_INTERRUPTED,
)
