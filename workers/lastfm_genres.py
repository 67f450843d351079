"""Periodic job: Last.fm top tags as genres for artists Spotify cannot describe (no Spotify id).

Runs only when LASTFM_API_KEY is set. One request per artist, 0.2 s apart (Last.fm's terms);
each artist's tags are committed on their own, so an interrupted run loses nothing.
"""

from __future__ import annotations

import time

from data import lastfm
from data.db import session_scope
from data.queries.genres import artists_for_lastfm
from data.services import genres
from data.services.heartbeats import beat
from workers import context
from workers.runner import report_progress

DELAY_SECONDS = 0.2


def tag_artists(limit: int = 200) -> dict:
    """Look up to ``limit`` artists not looked up within SPOTIFY_ARTIST_MAX_AGE_DAYS."""
    settings = context.settings()
    if not lastfm.configured(settings):
        return {"tagged": 0, "reason": "no LASTFM_API_KEY"}
    with session_scope() as session:
        todo = artists_for_lastfm(session, settings.spotify_artist_max_age_days, limit)
    client = lastfm.network(settings)
    tagged = looked_up = 0
    stopped = None
    for artist_id, name in todo:
        try:
            tags = lastfm.genre_tags(client, name)
        except lastfm.LastfmUnavailable as exc:
            stopped = str(exc)  # the rest waits for the next run
            break
        with session_scope() as session:
            genres.record_lastfm(session, artist_id, tags)
        looked_up += 1
        tagged += bool(tags)
        report_progress(looked_up / len(todo), f"{looked_up}/{len(todo)} artists")
        time.sleep(DELAY_SECONDS)
    with session_scope() as session:
        beat(session, "job:lastfm-genres", stopped or f"{tagged} of {looked_up} artists tagged")
    return {"looked_up": looked_up, "tagged": tagged, "stopped": stopped}
