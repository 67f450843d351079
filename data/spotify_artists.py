"""Spotify's artist objects as a second genre source, with the app's own client credentials.

No listener needs to connect: the app's client id and secret (client-credentials grant) may
search artists and read them. An imported export names artists but carries no Spotify artist
id, so an artist is found by name (an exact match of the name key only) unless its id is known.
Spotify's ``genres`` is often empty; it is one source among several. 429s are handled here:
spotipy runs without retries (it would sleep through a ``Retry-After`` of hours), a short wait
is waited out, a long one stops the run with the time to wait in its reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests
import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyClientCredentials

from data.spotify import TIMEOUT_SECONDS, classify, configured
from data.text import name_key
from settings import Settings

MAX_GENRES = 8
RETRIES = 2
MAX_RETRY_AFTER = 30.0


class SpotifyUnavailable(RuntimeError):
    """Spotify cannot answer now (offline, refused, rate-limited, bad credentials)."""


@dataclass(frozen=True)
class SpotifyArtist:
    """What Spotify knows of one artist: its id (None: not found), genres and largest image."""

    spotify_id: str | None
    genres: list[tuple[str, float]] = field(default_factory=list)
    image_url: str | None = None

    @property
    def external_id(self) -> str | None:
        """The source's own id of the artist (the genre jobs' common name for it)."""
        return self.spotify_id


def app_client(settings: Settings) -> spotipy.Spotify:
    """A Web API client authorised as the app itself (no listener), with no retries."""
    if not configured(settings):
        raise SpotifyUnavailable("SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set")
    auth = SpotifyClientCredentials(
        client_id=settings.spotify_client_id,
        client_secret=settings.spotify_client_secret,
        requests_session=requests.Session(),
        requests_timeout=TIMEOUT_SECONDS,
        # spotipy's default writes the token to ./.cache; the app's token lives in memory only.
        cache_handler=MemoryCacheHandler(),
    )
    # An instance attribute overrides spotipy's class-level production URL (tests, proxies).
    auth.OAUTH_TOKEN_URL = settings.spotify_accounts_url.rstrip("/") + "/api/token"
    client = spotipy.Spotify(
        auth_manager=auth,
        requests_session=requests.Session(),
        requests_timeout=TIMEOUT_SECONDS,
        retries=0,
        status_retries=0,
    )
    client.prefix = settings.spotify_api_url.rstrip("/") + "/"
    return client


class SpotifyArtists:
    """Artist lookups by id or by exact name, 429s waited out when the wait is short."""

    def __init__(self, client: spotipy.Spotify, sleep=time.sleep) -> None:
        self.client = client
        self.sleep = sleep
        self.requests = 0

    def artist(self, name: str, spotify_id: str | None = None) -> SpotifyArtist:
        """The artist's genres and image; searched by name unless its Spotify id is known."""
        if spotify_id:
            body = self._call("artist", spotify_id)
        else:
            found = self._call("search", q=f'artist:"{name}"', type="artist", limit=10) or {}
            items = (found.get("artists") or {}).get("items") or []
            key = name_key(name)
            body = next((a for a in items if a and name_key(a.get("name", "")) == key), None)
        if not body or not body.get("id"):
            return SpotifyArtist(None)
        names = [" ".join(str(g).lower().split()) for g in body.get("genres") or [] if g]
        # Spotify lists genres without weights; earlier ones rank a little higher.
        ranked = [(g, float(MAX_GENRES - i)) for i, g in enumerate(dict.fromkeys(names))]
        images = sorted(body.get("images") or [], key=lambda i: -(i.get("width") or 0))
        image = images[0].get("url") if images else None
        return SpotifyArtist(body["id"], ranked[:MAX_GENRES], image)

    def _call(self, method: str, *args, **kwargs) -> dict | None:
        """One API call; None for 400/404; SpotifyUnavailable when Spotify keeps refusing."""
        for attempt in range(RETRIES + 1):
            try:
                self.requests += 1
                return getattr(self.client, method)(*args, **kwargs)
            except Exception as exc:
                failure = classify(exc)
                if failure is None:
                    raise
            if failure.status in (400, 404):
                return None
            wait = failure.retry_after or 0.0
            if failure.kind == "rate_limited" and wait <= MAX_RETRY_AFTER and attempt < RETRIES:
                self.sleep(wait)
                continue
            if failure.kind in ("rate_limited", "quota"):
                raise SpotifyUnavailable(
                    f"{failure.message} Spotify asked to wait {wait:,.0f} s; "
                    "the rest waits for the next run."
                )
            raise SpotifyUnavailable(failure.message)
        return None
