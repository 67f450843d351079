"""Background job after an import: genres for the listener's artists from MusicBrainz.

Keyless, so every listener gets genres, not only those who connect Spotify. One request per
second (MusicBrainz's rule), most played artists first, each artist committed on its own so an
interrupted run keeps what it found. Answers are shared: an artist asked for one listener
within the max age is not asked again for another. When MusicBrainz is offline or refuses,
the run stops and its result says why; the rest waits for the next run.
"""

from __future__ import annotations

from data.db import session_scope
from data.models import utcnow
from data.musicbrainz import MusicBrainz, MusicBrainzUnavailable
from data.queries.genre_lookups import artists_to_look_up
from data.queries.genres import MUSICBRAINZ
from data.services import genres
from workers.runner import report_progress


def genres_for_listener(listener_id: int, limit: int = 2000) -> dict:
    """Look up to ``limit`` of the listener's artists not asked within the max age.

    Returns:
        Counts (``artists``, ``looked_up``, ``found``, ``with_genres``) and ``stopped``: why the
        run ended early (MusicBrainz offline or refusing), or None.
    """
    from workers.context import settings as current_settings

    settings = current_settings()
    if not settings.musicbrainz_enabled:
        return {"artists": 0, "looked_up": 0, "stopped": "MusicBrainz lookups are turned off"}
    with session_scope() as session:
        todo = artists_to_look_up(
            session, listener_id, MUSICBRAINZ, utcnow(), settings.musicbrainz_max_age_days
        )[:limit]
    client = MusicBrainz(settings)
    counts = {"artists": len(todo), "looked_up": 0, "found": 0, "with_genres": 0}
    stopped = None
    report_progress(0.0, f"Looking up {len(todo)} artists on MusicBrainz")
    for artist_id, name, mbid in todo:
        try:
            answer = client.artist_genres(name, mbid)
        except MusicBrainzUnavailable as exc:
            stopped = str(exc)
            break
        with session_scope() as session:
            genres.record_lookup(session, artist_id, MUSICBRAINZ, answer.genres, answer.mbid)
        counts["looked_up"] += 1
        counts["found"] += answer.mbid is not None
        counts["with_genres"] += bool(answer.genres)
        done = counts["looked_up"]
        report_progress(done / len(todo), f"{done} of {len(todo)} artists looked up")
    return {**counts, "stopped": stopped}
