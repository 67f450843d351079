"""MusicBrainz as a keyless genre source: find an artist, read its genres (ws/2, JSON).

MusicBrainz's ``genres`` of an entity are its tags that are on MusicBrainz's curated genre
list, so "seen live" or "favourites" never come back as genres. Its rules: at most one request
per second per client, a User-Agent naming the application, its version and a contact, and 503
when a client goes faster or the server is busy (then wait and retry).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

import requests

from data.text import name_key
from settings import Settings

APP_NAME = "Re-Wrapped"
MAX_GENRES = 8
MIN_SCORE = 90  # search score (0-100) of a confident name match
RETRIES = 3
MAX_RETRY_AFTER = 30.0


class MusicBrainzUnavailable(RuntimeError):
    """MusicBrainz cannot answer now (offline, refused, rate-limited); try again later."""


@dataclass(frozen=True)
class ArtistGenres:
    """What MusicBrainz knows of one artist: its MBID (None: not found) and genres by votes."""

    mbid: str | None
    genres: list[tuple[str, float]] = field(default_factory=list)


def user_agent(settings: Settings) -> str:
    """``Re-Wrapped/0.1.0 ( contact )`` as MusicBrainz asks every client to send."""
    try:
        app_version = version("rewrapped")
    except PackageNotFoundError:
        app_version = "0.1.0"
    contact = settings.musicbrainz_contact or settings.public_base_url
    return f"{APP_NAME}/{app_version} ( {contact} )"


class MusicBrainz:
    """A polite client: one request per ``interval`` seconds, 503s retried after a pause."""

    def __init__(self, settings: Settings, http: requests.Session | None = None) -> None:
        self.base = settings.musicbrainz_url.rstrip("/") + "/"
        self.interval = settings.musicbrainz_interval_ms / 1000
        self.http = http or requests.Session()
        self.http.headers.update({"User-Agent": user_agent(settings), "Accept": "application/json"})
        self._last = 0.0
        self.requests = 0

    def artist_genres(self, name: str, mbid: str | None = None) -> ArtistGenres:
        """The artist's genres; searched by name unless its MBID is known."""
        if mbid is None:
            mbid = self._find(name)
            if mbid is None:
                return ArtistGenres(None)
        body = self._get(f"artist/{mbid}", {"inc": "genres"})
        if body is None:
            return ArtistGenres(None)
        ranked = sorted(body.get("genres") or [], key=lambda g: -float(g.get("count") or 0))
        genres = [
            (" ".join(str(g["name"]).lower().split()), float(g.get("count") or 0))
            for g in ranked
            if g.get("name") and float(g.get("count") or 0) > 0
        ]
        return ArtistGenres(mbid, genres[:MAX_GENRES])

    def _find(self, name: str) -> str | None:
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        body = self._get("artist", {"query": f'artist:"{escaped}"', "limit": "5"}) or {}
        key = name_key(name)
        for candidate in body.get("artists") or []:
            names = [candidate.get("name", ""), candidate.get("sort-name", "")]
            names += [a.get("name", "") for a in candidate.get("aliases") or []]
            score = int(candidate.get("score") or 0)
            if score >= MIN_SCORE and key in {name_key(n) for n in names if n}:
                return candidate.get("id")
        return None

    def _get(self, path: str, params: dict) -> dict | None:
        """One JSON document; None for 404; MusicBrainzUnavailable when it keeps refusing."""
        for attempt in range(RETRIES + 1):
            self._pace()
            try:
                response = self.http.get(
                    self.base + path, params={**params, "fmt": "json"}, timeout=15
                )
            except requests.RequestException as exc:
                raise MusicBrainzUnavailable(f"MusicBrainz is unreachable ({exc})") from exc
            self.requests += 1
            if response.status_code == 404:
                return None
            if response.status_code in (429, 503) and attempt < RETRIES:
                time.sleep(_retry_after(response, attempt, self.interval))
                continue
            if response.status_code in (429, 503):
                raise MusicBrainzUnavailable(
                    f"MusicBrainz refused our requests (HTTP {response.status_code}, rate "
                    "limit or busy server)"
                )
            if response.status_code >= 400:
                raise MusicBrainzUnavailable(f"MusicBrainz answered HTTP {response.status_code}")
            try:
                return response.json()
            except ValueError as exc:
                raise MusicBrainzUnavailable("MusicBrainz sent an unreadable answer") from exc
        return None

    def _pace(self) -> None:
        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()


def _retry_after(response: requests.Response, attempt: int, interval: float) -> float:
    """Seconds to wait after a 503: its Retry-After, else a doubling pause."""
    try:
        given = float(response.headers.get("Retry-After", ""))
    except ValueError:
        given = interval * 2 ** (attempt + 1)
    return min(max(given, interval), MAX_RETRY_AFTER)
