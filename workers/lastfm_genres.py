"""Periodic job: Last.fm top tags as genres for artists Spotify cannot describe (no Spotify id).

Runs only when LASTFM_API_KEY is set. One request per artist, 0.2 s apart (Last.fm's terms);
each artist's tags are committed on their own, so an interrupted run loses nothing.
"""

from __future__ import annotations

from data import lastfm
from data.db import session_scope
from data.queries.genres import artists_for_lastfm
from data.services import genres
from data.services.heartbeats import beat
from workers import context
from workers.lookups import Lookup, run_lookups

DELAY_SECONDS = 0.2


def tag_artists(limit: int = 200) -> dict:
    """Look up to ``limit`` artists not looked up within SPOTIFY_ARTIST_MAX_AGE_DAYS."""
    settings = context.settings()
    if not lastfm.configured(settings):
        return {"tagged": 0, "reason": "no LASTFM_API_KEY"}
    with session_scope() as session:
        todo = artists_for_lastfm(session, settings.spotify_artist_max_age_days, limit)
    client = lastfm.network(settings)
    result = run_lookups(
        todo,
        Lookup(
            noun="artists",
            where="on Last.fm",
            ask=lambda artist: lastfm.genre_tags(client, artist[1]),
            record=lambda session, artist, tags: genres.record_lastfm(session, artist[0], tags),
            tally=lambda tags: (bool(tags),),
            counted=("tagged",),
            unavailable=(lastfm.LastfmUnavailable,),
            pause=DELAY_SECONDS,
        ),
    )
    with session_scope() as session:
        tagged, looked_up = result["tagged"], result["looked_up"]
        beat(
            session,
            "job:lastfm-genres",
            result["stopped"] or f"{tagged} of {looked_up} artists tagged",
        )
    # Its result keeps the shape it had before it used the shared loop (no count of artists).
    return {key: result[key] for key in ("looked_up", "tagged", "stopped")}
