"""A loopback fake of Spotify's accounts service and Web API for tests.

Responses are shaped like Spotify's documented ones (authorization-code and refresh-token grants,
``/v1/me/``, recently-played with cursors and ``next``, top items, single-artist lookups, the
client-credentials grant and artist search, error objects). Faults are queued per path prefix:
401, 429 with ``Retry-After`` (optionally ``QUOTA_EXCEEDED``), 500, or a hang until released
(to kill a worker mid-request).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret"


def iso_ms(ms: int) -> str:
    """Spotify's ``played_at`` format: ISO 8601 UTC with milliseconds and a Z."""
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def artist_object(artist_id: str, name: str, genres=(), image: str | None = None) -> dict:
    return {
        "external_urls": {"spotify": f"https://open.spotify.com/artist/{artist_id}"},
        "genres": list(genres),
        "href": f"https://api.spotify.com/v1/artists/{artist_id}",
        "id": artist_id,
        "images": [{"url": image, "height": 640, "width": 640}] if image else [],
        "name": name,
        "type": "artist",
        "uri": f"spotify:artist:{artist_id}",
    }


def simple_artist(artist_id: str, name: str) -> dict:
    full = artist_object(artist_id, name)
    return {k: full[k] for k in ("external_urls", "href", "id", "name", "type", "uri")}


def track_object(
    track_id: str, name: str, artist_id: str, artist_name: str, album: str, duration_ms: int
) -> dict:
    album_id = f"al{track_id}"
    return {
        "album": {
            "album_type": "album",
            "artists": [simple_artist(artist_id, artist_name)],
            "external_urls": {"spotify": f"https://open.spotify.com/album/{album_id}"},
            "href": f"https://api.spotify.com/v1/albums/{album_id}",
            "id": album_id,
            "images": [],
            "name": album,
            "release_date": "2020-01-01",
            "release_date_precision": "day",
            "total_tracks": 10,
            "type": "album",
            "uri": f"spotify:album:{album_id}",
        },
        "artists": [simple_artist(artist_id, artist_name)],
        "disc_number": 1,
        "duration_ms": duration_ms,
        "explicit": False,
        "external_urls": {"spotify": f"https://open.spotify.com/track/{track_id}"},
        "href": f"https://api.spotify.com/v1/tracks/{track_id}",
        "id": track_id,
        "is_local": False,
        "name": name,
        "track_number": 1,
        "type": "track",
        "uri": f"spotify:track:{track_id}",
    }


def error_body(status: int, message: str, reason: str | None = None) -> dict:
    error = {"status": status, "message": message}
    if reason:
        error["reason"] = reason
    return {"error": error}


@dataclass
class Fault:
    status: int
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    hang: threading.Event | None = None
    skip: int = 0  # matching requests to let through before this fault applies


@dataclass
class FakeSpotify:
    """State of the fake; ``start()`` serves it on 127.0.0.1 and returns the base URL."""

    user_id: str = "fakelistener"
    display_name: str = "Fake Listener"
    token_lifetime: int = 3600
    plays: list[tuple[int, dict]] = field(default_factory=list)  # (played_at ms, track)
    artists: dict[str, dict] = field(default_factory=dict)
    top: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict]] = field(default_factory=list)
    access_tokens: dict[str, float] = field(default_factory=dict)  # token -> expires (epoch)
    refresh_tokens: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)  # code -> redirect_uri
    faults: list[tuple[str, Fault]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- control --------------------------------------------------------------------------

    def start(self) -> str:
        fake = self

        class Handler(_Handler):
            state = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.base_url

    def stop(self) -> None:
        for _prefix, fault in self.faults:
            if fault.hang:
                fault.hang.set()
        self._server.shutdown()
        self._server.server_close()

    def add_play(self, played_at_ms: int, track: dict) -> None:
        self.plays.append((played_at_ms, track))
        for artist in track["artists"]:
            self.artists.setdefault(artist["id"], artist_object(artist["id"], artist["name"]))

    def issue_tokens(self) -> tuple[str, str]:
        """An access and refresh token as if the user had just authorised the app."""
        access, refresh = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        with self.lock:
            self.access_tokens[access] = time.time() + self.token_lifetime
            self.refresh_tokens.add(refresh)
        return access, refresh

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access_tokens = dict.fromkeys(self.access_tokens, 0.0)

    def revoke(self) -> None:
        """The user removed the app's access in their Spotify account."""
        with self.lock:
            self.access_tokens.clear()
            self.refresh_tokens.clear()

    def fail(self, prefix: str, status: int, *, times: int = 1, **kwargs) -> None:
        for _ in range(times):
            self.faults.append((prefix, Fault(status, **kwargs)))

    def rate_limit(self, prefix: str, retry_after: int, *, quota: bool = False) -> None:
        reason = "QUOTA_EXCEEDED" if quota else None
        self.fail(
            prefix,
            429,
            headers={"Retry-After": str(retry_after)},
            body=error_body(429, "API rate limit exceeded", reason),
        )

    def hang(self, prefix: str, *, skip: int = 0) -> threading.Event:
        """A request to ``prefix`` (after ``skip`` others) waits until the event is set."""
        event = threading.Event()
        self.faults.append((prefix, Fault(0, hang=event, skip=skip)))
        return event

    def count(self, prefix: str) -> int:
        return sum(1 for _m, path, _q in self.requests if path.startswith(prefix))

    def take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for i, (prefix, fault) in enumerate(self.faults):
                if path.startswith(prefix):
                    if fault.skip > 0:
                        fault.skip -= 1
                        return None
                    del self.faults[i]
                    return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    state: FakeSpotify
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args) -> None:
        pass

    def _send(self, status: int, body: dict | None, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        fake = self.state
        fake.requests.append((method, parts.path, query))
        fault = fake.take_fault(parts.path)
        if fault is not None:
            if fault.hang is None:
                return self._send(fault.status, fault.body, fault.headers)
            fault.hang.wait(60)  # then answer normally (if anyone is still listening)
        if parts.path == "/authorize" and method == "GET":
            return self._authorize(query)
        if parts.path == "/api/token" and method == "POST":
            return self._token()
        if parts.path.startswith("/v1/"):
            return self._api(parts.path[3:], query)
        return self._send(404, error_body(404, "Service not found"))

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    # --- accounts service -----------------------------------------------------------------

    def _authorize(self, query: dict) -> None:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return self._send(400, {"error": "invalid_client"})
        code = secrets.token_urlsafe(12)
        self.state.codes[code] = query.get("redirect_uri", "")
        back = {"code": code}
        if "state" in query:
            back["state"] = query["state"]
        self.send_response(303)
        self.send_header("Location", f"{query.get('redirect_uri')}?{urlencode(back)}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _token(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}":
            return self._send(
                400, {"error": "invalid_client", "error_description": "Invalid client"}
            )
        fake = self.state
        grant = form.get("grant_type")
        if grant == "authorization_code":
            redirect = fake.codes.pop(form.get("code", ""), None)
            if redirect is None or redirect != form.get("redirect_uri"):
                return self._send(
                    400,
                    {"error": "invalid_grant", "error_description": "Invalid authorization code"},
                )
            access, refresh = fake.issue_tokens()
            body = {"refresh_token": refresh}
        elif grant == "client_credentials":
            # The app itself, no user: no refresh token (Spotify's documented answer).
            access, _ = fake.issue_tokens()
            body = {}
        elif grant == "refresh_token":
            if form.get("refresh_token") not in fake.refresh_tokens:
                return self._send(
                    400, {"error": "invalid_grant", "error_description": "Refresh token revoked"}
                )
            access, _ = fake.issue_tokens()
            body = {}
        else:
            return self._send(400, {"error": "unsupported_grant_type"})
        body.update(
            access_token=access,
            token_type="Bearer",
            scope="user-read-recently-played user-top-read",
            expires_in=fake.token_lifetime,
        )
        return self._send(200, body)

    # --- Web API --------------------------------------------------------------------------

    def _api(self, path: str, query: dict) -> None:
        header = self.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ")
        with self.state.lock:
            expires = self.state.access_tokens.get(token)
        if expires is None:
            return self._send(401, error_body(401, "Invalid access token"))
        if expires < time.time():
            return self._send(401, error_body(401, "The access token expired"))
        if path in ("/me/", "/me"):
            return self._send(200, self._me())
        if path == "/me/player/recently-played":
            return self._send(200, self._recent(query))
        if path.startswith("/me/top/"):
            return self._send(200, self._top(path.rsplit("/", 1)[1], query))
        if path == "/search":
            return self._send(200, self._search(query))
        if path.startswith("/artists/"):
            artist = self.state.artists.get(path.rsplit("/", 1)[1])
            if artist is None:
                return self._send(404, error_body(404, "Resource not found"))
            return self._send(200, artist)
        return self._send(404, error_body(404, "Service not found"))

    def _search(self, query: dict) -> dict:
        """``type=artist`` search: artists whose name contains the quoted ``artist:"..."``."""
        text = query.get("q", "").removeprefix("artist:").strip('"').lower()
        limit = max(1, min(50, int(query.get("limit", 20))))
        found = [a for a in self.state.artists.values() if text and text in a["name"].lower()]
        href = f"{self.state.base_url}/v1/search"
        return {
            "artists": {
                "href": href,
                "items": found[:limit],
                "limit": limit,
                "next": None,
                "offset": 0,
                "previous": None,
                "total": len(found),
            }
        }

    def _me(self) -> dict:
        fake = self.state
        return {
            "display_name": fake.display_name,
            "external_urls": {"spotify": f"https://open.spotify.com/user/{fake.user_id}"},
            "href": f"https://api.spotify.com/v1/users/{fake.user_id}",
            "id": fake.user_id,
            "images": [],
            "type": "user",
            "uri": f"spotify:user:{fake.user_id}",
        }

    def _recent(self, query: dict) -> dict:
        """Items newest first; ``after`` pages forward in time, ``before`` backward."""
        fake = self.state
        limit = max(1, min(50, int(query.get("limit", 20))))
        plays = sorted(fake.plays, key=lambda p: p[0])
        base = f"{fake.base_url}/v1/me/player/recently-played"
        if "after" in query:
            after = int(query["after"])
            newer = [p for p in plays if p[0] > after]
            page = newer[:limit]
            more = len(newer) > limit
        else:
            before = int(query.get("before", 10**15))
            older = [p for p in plays if p[0] < before]
            page = older[-limit:]
            more = len(older) > limit
        page = sorted(page, key=lambda p: p[0], reverse=True)
        cursors = None
        next_url = None
        if page:
            cursors = {"after": str(page[0][0]), "before": str(page[-1][0])}
            if more and "after" in query:
                next_url = f"{base}?{urlencode({'after': page[0][0], 'limit': limit})}"
            elif more:
                next_url = f"{base}?{urlencode({'before': page[-1][0], 'limit': limit})}"
        return {
            "cursors": cursors,
            "href": f"{base}?{urlencode(query)}",
            "items": [
                {"context": None, "played_at": iso_ms(ms), "track": track} for ms, track in page
            ],
            "limit": limit,
            "next": next_url,
        }

    def _top(self, kind: str, query: dict) -> dict:
        fake = self.state
        time_range = query.get("time_range", "medium_term")
        limit = int(query.get("limit", 20))
        offset = int(query.get("offset", 0))
        items = fake.top.get((kind, time_range), [])
        page = items[offset : offset + limit]
        base = f"{fake.base_url}/v1/me/top/{kind}"
        nxt = None
        if offset + limit < len(items):
            params = {"time_range": time_range, "limit": limit, "offset": offset + limit}
            nxt = f"{base}?{urlencode(params)}"
        return {
            "href": f"{base}?{urlencode(query)}",
            "items": page,
            "limit": limit,
            "next": nxt,
            "offset": offset,
            "previous": None,
            "total": len(items),
        }
