"""Background job after an import: genres for the listener's artists from MusicBrainz.

Keyless, so every listener gets genres, not only those who connect Spotify. One request per
second (MusicBrainz's rule), most played artists first, each artist committed on its own so an
interrupted run keeps what it found. Answers are shared: an artist asked for one listener
within the max age is not asked again for another. When MusicBrainz is offline or refuses,
the run stops and its result says why; the rest waits for the next run. Then, with
REMOTE_IMAGES on, the album-cover job (``workers.album_covers``) follows.
"""

from __future__ import annotations

from data.job_vocabulary import Job
from data.musicbrainz import ArtistGenres, MusicBrainz, MusicBrainzUnavailable
from data.queries.genres import MUSICBRAINZ
from data.services import genres
from workers.lookups import GenreSource, look_up_genres


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
    source = GenreSource(
        name=MUSICBRAINZ,
        where="on MusicBrainz",
        max_age_days=settings.musicbrainz_max_age_days,
        external="mbid",
        ask=MusicBrainz(settings).artist_genres,
        record=_record,
        unavailable=MusicBrainzUnavailable,
    )
    result = look_up_genres(listener_id, source, limit)
    # Album covers next, one job after the other: both keep to MusicBrainz's one request a
    # second, and in the embedded default a job holds one of few threads while it waits.
    if settings.remote_images and result["stopped"] is None:
        from workers.queue import enqueue

        enqueue(
            Job.ALBUM_COVERS, user_id=listener_id, message="Album covers", listener_id=listener_id
        )
    return result


def _record(session, artist_id: int, answer: ArtistGenres) -> None:
    genres.record_lookup(session, artist_id, MUSICBRAINZ, answer.genres, answer.mbid)
