"""Background job: keep the listener's artist and album images on our own disk.

Runs after the Spotify genre lookup (which finds artists' images) and after a live sync;
with REMOTE_IMAGES=false it fetches nothing. An image already kept is not fetched again; one
that fails is skipped (the page shows a placeholder) and tried again on the next run.
"""

from __future__ import annotations

import requests

from data.artwork import ArtworkRefused, artwork_path, download, store
from data.db import session_scope
from data.queries.artwork import artwork_wanted
from workers.runner import report_progress

ARTWORK_JOB = "workers.artwork.fetch_artwork"


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
