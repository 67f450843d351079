"""Background job: keep the listener's artist and album images on our own disk.

Runs after the Spotify genre lookup (which finds artists' images) and after a live sync that
added artists or albums (with the album-cover job); with REMOTE_IMAGES=false it fetches
nothing. An image already kept is not fetched again; one that fails is skipped (the page
shows a placeholder) and tried again on the next run.
"""

from __future__ import annotations

from datetime import UTC, datetime

import requests

from data.artwork import ArtworkRefused, artwork_path, download, store
from data.db import session_scope
from data.job_vocabulary import Job
from data.queries.artwork import added_since, artwork_wanted, newest_ids
from data.services.spotify_accounts import cursor_of
from settings import Settings
from workers.runner import report_progress

ARTWORK_JOB = Job.ARTWORK


def fetch_artwork(listener_id: int, limit: int = 200) -> dict:
    """Fetch up to ``limit`` artist and ``limit`` album images not yet kept.

    Returns:
        Counts: ``wanted`` (not yet kept), ``fetched``, ``failed``; ``stopped`` says why
        nothing was fetched (remote images off), else None.
    """
    from workers.context import settings as current_settings

    settings = current_settings()
    if not settings.remote_images:
        return {"wanted": 0, "fetched": 0, "failed": 0, "stopped": "REMOTE_IMAGES is off"}
    with session_scope() as session:
        wanted = artwork_wanted(session, listener_id, limit)
    todo = [
        (path, url)
        for kind, item_id, url in wanted
        if not (path := artwork_path(settings.instance_dir, kind, item_id)).exists()
    ]
    counts = {"wanted": len(todo), "fetched": 0, "failed": 0, "stopped": None}
    http = requests.Session()
    http.headers["User-Agent"] = "Re-Wrapped artwork cache"
    for n, (path, url) in enumerate(todo, start=1):
        try:
            store(path, download(http, url))
            counts["fetched"] += 1
        except (ArtworkRefused, requests.RequestException):
            counts["failed"] += 1
        report_progress(n / len(todo), f"{n} of {len(todo)} images")
    return counts


def marks_before_sync(user_id: int) -> tuple[datetime, tuple[int, int]]:
    """Where a live sync starts: its plays end after the cursor, and the artists and albums
    it creates get ids above today's highest."""
    with session_scope() as session:
        cursor = cursor_of(session, user_id)
        ids = newest_ids(session)
    since = datetime.fromtimestamp(cursor / 1000, UTC) if cursor is not None else datetime.min
    return since.replace(tzinfo=None), ids


def queue_after_sync(
    settings: Settings,
    user_id: int,
    marks: tuple[datetime, tuple[int, int]],
    artist_details: int,
    album_images: int = 0,
) -> None:
    """Images for what a live sync added: its new artists' (and those whose Spotify details
    it fetched, ``artist_details``), the album covers Spotify sent (``album_images``), and
    the Cover Art Archive's for new albums still without one."""
    if not settings.remote_images:
        return
    from workers.queue import enqueue

    with session_scope() as session:
        artists, albums = added_since(session, user_id, *marks)
    if artists or artist_details or album_images:
        enqueue(Job.ARTWORK, user_id=user_id, message="Artist images", listener_id=user_id)
    if albums and settings.musicbrainz_enabled:
        enqueue(Job.ALBUM_COVERS, user_id=user_id, message="Album covers", listener_id=user_id)
