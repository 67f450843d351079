"""A loopback fake of MusicBrainz's web service (ws/2, ``fmt=json``).

It answers the calls the genre and album-cover jobs make, in MusicBrainz's documented shapes: the
release-group search (``/ws/2/release-group?query=releasegroup:"…" AND artist:"…"`` ->
``{"created", "count", "offset", "release-groups": [{"id", "score", "title", "primary-type",
"artist-credit": [{"name", "artist": {"id", "name", "sort-name"}}]}]}``), the artist
search (``/ws/2/artist?query=…`` -> ``{"created", "count", "offset", "artists": [{"id", "score",
"name", "sort-name", "tags"}]}``) and the artist lookup with genres (``/ws/2/artist/<mbid>?inc=
genres`` -> ``{"id", "name", "genres": [{"id", "name", "count", "disambiguation"}]}``), 404 with
``{"error": "Not Found"}``. Like the real server it answers 503 to a client that asks faster than
``min_interval`` seconds, and to everything while ``down`` is set.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

_PHRASE = re.compile(r'"((?:[^"\\]|\\.)*)"')
RATE_LIMITED = {
    "error": "Your requests are exceeding the allowable rate limit. Please see "
    "http://wiki.musicbrainz.org/XMLWebService for more information."
}


@dataclass
class FakeArtist:
    name: str
    genres: list[tuple[str, int]]
    tags: list[tuple[str, int]] = field(default_factory=list)
    mbid: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class FakeReleaseGroup:
    title: str
    artist: str
    score: int = 100  # what the search gives it whatever was asked (MusicBrainz is fuzzy)
    mbid: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class FakeMusicBrainz:
    artists: list[FakeArtist] = field(default_factory=list)
    release_groups: list[FakeReleaseGroup] = field(default_factory=list)
    min_interval: float = 0.0
    down: bool = False
    seen: list[tuple[float, str, str]] = field(default_factory=list)  # (time, path, user agent)
    refused: int = 0

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = fake.answer(self.path, self.headers.get("User-Agent", ""))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ws/2/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, raw_path: str, agent: str) -> tuple[int, dict]:
        now = time.monotonic()
        previous = self.seen[-1][0] if self.seen else None
        parts = urlsplit(raw_path)
        self.seen.append((now, parts.path, agent))
        if self.down or (previous is not None and now - previous < self.min_interval):
            self.refused += 1
            return 503, RATE_LIMITED
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if query.get("fmt") != "json":
            return 400, {"error": "this fake speaks fmt=json only"}
        if parts.path == "/ws/2/release-group":
            return 200, self._release_groups(query.get("query", ""))
        if parts.path == "/ws/2/artist":
            return 200, self._search(query.get("query", ""))
        if parts.path.startswith("/ws/2/artist/"):
            return self._lookup(parts.path.rsplit("/", 1)[1], query.get("inc", ""))
        return 404, {"error": "Not Found"}

    def _search(self, query: str) -> dict:
        wanted = query.removeprefix("artist:").strip('"').replace('\\"', '"').lower()
        hits = [a for a in self.artists if wanted in a.name.lower()]
        artists = [
            {
                "id": a.mbid,
                "type": "Group",
                "score": 100 if a.name.lower() == wanted else 62,
                "name": a.name,
                "sort-name": a.name,
                "tags": [{"count": c, "name": n} for n, c in a.tags],
            }
            for a in hits
        ]
        return {
            "created": "2026-12-07T05:00:00.000Z",
            "count": len(artists),
            "offset": 0,
            "artists": artists,
        }

    def _release_groups(self, query: str) -> dict:
        """Every release group whose title or artist shares a word with the query's phrases."""
        phrases = [p.replace('\\"', '"').lower() for p in _PHRASE.findall(query)]
        words = {w for p in phrases for w in p.split()}
        hits = [
            rg
            for rg in self.release_groups
            if words & set(rg.title.lower().split()) or words & set(rg.artist.lower().split())
        ]
        groups = [
            {
                "id": rg.mbid,
                "type-id": "f529b476-6e62-324f-b0aa-1f3e33d313fc",
                "score": rg.score,
                "primary-type": "Album",
                "title": rg.title,
                "first-release-date": "2001-05-14",
                "artist-credit": [
                    {
                        "name": rg.artist,
                        "artist": {
                            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, rg.artist)),
                            "name": rg.artist,
                            "sort-name": rg.artist,
                        },
                    }
                ],
            }
            for rg in sorted(hits, key=lambda g: -g.score)
        ]
        return {
            "created": "2026-12-07T05:00:00.000Z",
            "count": len(groups),
            "offset": 0,
            "release-groups": groups,
        }

    def _lookup(self, mbid: str, inc: str) -> tuple[int, dict]:
        artist = next((a for a in self.artists if a.mbid == mbid), None)
        if artist is None:
            return 404, {"error": "Not Found"}
        body = {"id": artist.mbid, "name": artist.name, "sort-name": artist.name}
        if "genres" in inc.split("+"):
            body["genres"] = [
                {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, n)),
                    "name": n,
                    "count": c,
                    "disambiguation": "",
                }
                for n, c in artist.genres
            ]
        return 200, body
