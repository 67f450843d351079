"""MusicBrainz, keyless: an artist's genres, and an album's release group (for its cover).

MusicBrainz's ``genres`` of an entity are its tags that are on MusicBrainz's curated genre
list, so "seen live" or "favourites" never come back as genres. Its rules: at most one request
per second per client, a User-Agent naming the application, its version and a contact, and 503
when a client goes faster or the server is busy (then wait and retry). The second is one slot
in the shared cache, so genre and cover jobs in any process of the deployment keep to it
together.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

import requests

from data.frame_cache import FrameCache, get_frame_cache
from data.text import name_key
from settings import Settings

APP_NAME = "Re-Wrapped"
MAX_GENRES = 8
MIN_SCORE = 90  # search score (0-100) of a confident name match
RETRIES = 3
MAX_RETRY_AFTER = 30.0
SLOT_KEY = "musicbrainz:request-slot"
# "Album (Deluxe Edition)", "Album - 2011 Remaster": Spotify's edition suffixes, which the
# release group's title does not carry.
_EDITION = re.compile(
    r"\s*(?:[(\[][^()\[\]]*\b(?:deluxe|remaster(?:ed)?|edition|expanded|anniversary|bonus)\b"
    r"[^()\[\]]*[)\]]|-\s[^-]*\b(?:remaster(?:ed)?|deluxe|edition)\b[^-]*)\s*$",
    re.IGNORECASE,
)


class MusicBrainzUnavailable(RuntimeError):
    """MusicBrainz cannot answer now (offline, refused, rate-limited); try again later."""


@dataclass(frozen=True)
class ArtistGenres:
    """What MusicBrainz knows of one artist: its MBID (None: not found) and genres by votes."""

    mbid: str | None
    genres: list[tuple[str, float]] = field(default_factory=list)

    @property
    def external_id(self) -> str | None:
        """The source's own id of the artist (the genre jobs' common name for it)."""
        return self.mbid


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

    def __init__(
        self,
        settings: Settings,
        http: requests.Session | None = None,
        slots: FrameCache | None = None,
    ) -> None:
        self.base = settings.musicbrainz_url.rstrip("/") + "/"
        self.interval = settings.musicbrainz_interval_ms / 1000
        self.http = http or requests.Session()
        self.http.headers.update({"User-Agent": user_agent(settings), "Accept": "application/json"})
        self.slots = slots if slots is not None else get_frame_cache()
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

    def release_group(self, artist: str, title: str, artist_mbid: str | None = None) -> str | None:
        """The MBID of the album's release group, only for a confident match: score >= 90,
        the same title (name keys, edition suffixes aside) and the artist credited."""
        plain = album_title(title)
        query = f'releasegroup:"{_quoted(plain)}" AND artist:"{_quoted(artist)}"'
        body = self._get("release-group", {"query": query, "limit": "5"}) or {}
        titles = {name_key(title), name_key(plain)}
        for candidate in body.get("release-groups") or []:
            if int(candidate.get("score") or 0) < MIN_SCORE:
                continue
            if name_key(candidate.get("title", "")) not in titles:
                continue
            if _credited(candidate.get("artist-credit") or [], name_key(artist), artist_mbid):
                return candidate.get("id")
        return None

    def _find(self, name: str) -> str | None:
        body = self._get("artist", {"query": f'artist:"{_quoted(name)}"', "limit": "5"}) or {}
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
        # The slot expires after one interval: whoever claims it next may ask, in any process.
        while self.slots is not None and not self.slots.shared_claim(SLOT_KEY, self.interval):
            time.sleep(self.interval / 10)
        self._last = time.monotonic()


def album_title(title: str) -> str:
    """The album's title without an edition suffix ("Blue (Deluxe Edition)" -> "Blue")."""
    plain = _EDITION.sub("", title).strip()
    return plain or title


def _quoted(text: str) -> str:
    """``text`` safe inside a double-quoted Lucene phrase."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _credited(credits: list, artist_key: str, artist_mbid: str | None) -> bool:
    """Whether the artist is among a release group's credited artists (by MBID or name)."""
    for credit in credits:
        artist = credit.get("artist") or {}
        if artist_mbid and artist.get("id") == artist_mbid:
            return True
        names = (credit.get("name"), artist.get("name"), artist.get("sort-name"))
        if artist_key in {name_key(n) for n in names if n}:
            return True
    return False


def _retry_after(response: requests.Response, attempt: int, interval: float) -> float:
    """Seconds to wait after a 503: its Retry-After, else a doubling pause."""
    try:
        given = float(response.headers.get("Retry-After", ""))
    except ValueError:
        given = interval * 2 ** (attempt + 1)
    return min(max(given, interval), MAX_RETRY_AFTER)
