"""Background job: album covers from the Cover Art Archive for albums Spotify gave no image.

Each album is found on MusicBrainz (its release group, by title and artist; only a confident
match counts), and the release group's front cover fetched from the Cover Art Archive and kept
under ``instance/artwork`` like every other image. MusicBrainz is asked at most once per second,
a slot shared with the genre lookups. Every ending is remembered for MUSICBRAINZ_MAX_AGE_DAYS:
no match, no cover (404), or the cover. An outage or refusal of either service stops the run and
its result says why; what was learnt is kept, the rest waits for the next run. With
REMOTE_IMAGES=false or MusicBrainz turned off it asks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from data.artwork import (
    ArtworkRefused,
    CoverArtUnavailable,
    artwork_path,
    cover_url,
    fetch_cover,
    store,
)
from data.db import session_scope
from data.models import utcnow
from data.musicbrainz import MusicBrainz, MusicBrainzUnavailable
from data.queries.artwork import albums_wanting_covers
from data.services import artwork as covers
from settings import Settings
from workers.lookups import Lookup, run_lookups


@dataclass(frozen=True)
class _Cover:
    """One album's answer: its release group (None: no confident match) and cover bytes."""

    mbid: str | None
    image: bytes | None = None


def covers_for_listener(listener_id: int, limit: int = 200) -> dict:
    """Look up covers for up to ``limit`` of the listener's most played albums without one.

    Returns:
        Counts (``albums``, ``looked_up``, ``matched``: found on MusicBrainz, ``covers``: kept)
        and ``stopped``: why the run ended early or did not start, or None.
    """
    from workers.context import settings as current_settings

    settings = current_settings()
    if not settings.remote_images:
        return {"albums": 0, "looked_up": 0, "stopped": "REMOTE_IMAGES is off"}
    if not settings.musicbrainz_enabled:
        return {"albums": 0, "looked_up": 0, "stopped": "MusicBrainz lookups are turned off"}
    with session_scope() as session:
        todo = albums_wanting_covers(
            session, listener_id, utcnow(), settings.musicbrainz_max_age_days, limit
        )
    ask, record = _cover_steps(settings)
    return run_lookups(
        todo,
        Lookup(
            noun="albums",
            where="on MusicBrainz and the Cover Art Archive",
            ask=ask,
            record=record,
            tally=lambda cover: (cover.mbid is not None, cover.image is not None),
            counted=("matched", "covers"),
            unavailable=(MusicBrainzUnavailable, CoverArtUnavailable),
        ),
    )


def _cover_steps(settings: Settings):
    """The loop's ``ask`` and ``record`` for covers, sharing one client of each service."""
    client = MusicBrainz(settings)
    http = requests.Session()
    http.headers["User-Agent"] = client.http.headers["User-Agent"]

    def ask(album: tuple) -> _Cover:
        album_id, title, artist, artist_mbid, mbid = album
        if mbid is None:
            mbid = client.release_group(artist, title, artist_mbid)
            if mbid is None:
                return _Cover(None)
            with session_scope() as session:
                covers.record_release_group(session, album_id, mbid)
        try:
            return _Cover(mbid, fetch_cover(http, settings.cover_art_url, mbid))
        except ArtworkRefused:
            return _Cover(mbid)  # not a usable image: as good as none until the max age

    def record(session, album: tuple, cover: _Cover) -> None:
        url = None
        if cover.image is not None:
            store(artwork_path(settings.instance_dir, "album", album[0]), cover.image)
            url = cover_url(settings.cover_art_url, cover.mbid)
        covers.record_cover(session, album[0], cover.mbid, url)

    return ask, record
