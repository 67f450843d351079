"""Background job after an import: genres (and images) for the listener's artists from Spotify.

Runs when the server has Spotify client credentials (SPOTIFY_CLIENT_ID/SECRET), next to the
MusicBrainz job: the listener does not need to connect Spotify. Most played artists first,
each committed on its own; answers are shared by every listener and not asked again within
SPOTIFY_ARTIST_MAX_AGE_DAYS. A long rate limit, bad credentials or an outage stop the run and
its result says why; the rest waits for the next import.
"""

from __future__ import annotations

from data.queries.genres import SPOTIFY
from data.services import genres
from data.spotify_artists import SpotifyArtist, SpotifyArtists, SpotifyUnavailable, app_client
from workers.lookups import GenreSource, look_up_genres


def spotify_genres_for_listener(listener_id: int, limit: int = 2000) -> dict:
    """Look up to ``limit`` of the listener's artists not asked of Spotify within the max age.

    Returns:
        Counts (``artists``, ``looked_up``, ``found``, ``with_genres``) and ``stopped``: why the
        run ended early (Spotify not configured, refusing or offline), or None.
    """
    from workers.context import settings as current_settings

    settings = current_settings()
    try:
        lookups = SpotifyArtists(app_client(settings))
    except SpotifyUnavailable as exc:
        return {"artists": 0, "looked_up": 0, "stopped": str(exc)}
    source = GenreSource(
        name=SPOTIFY,
        where="on Spotify",
        max_age_days=settings.spotify_artist_max_age_days,
        external="spotify_id",
        ask=lookups.artist,
        record=_record,
        unavailable=SpotifyUnavailable,
    )
    result = look_up_genres(listener_id, source, limit)
    # Images found now, or by the live sync earlier, are fetched to our disk next.
    if settings.remote_images:
        from workers.artwork import ARTWORK_JOB
        from workers.queue import enqueue

        enqueue(ARTWORK_JOB, user_id=listener_id, message="Artist images", listener_id=listener_id)
    return result


def _record(session, artist_id: int, answer: SpotifyArtist) -> None:
    genres.record_lookup(session, artist_id, SPOTIFY, answer.genres, answer.spotify_id)
    genres.record_image(session, artist_id, answer.image_url)
