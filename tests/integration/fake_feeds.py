"""Fake event providers on 127.0.0.1, answering like the documented APIs.

One threaded HTTP server serves every provider under its real path (Ticketmaster
``/discovery/v2/events.json``, SeatGeek ``/2/events``, Songkick ``/api/3.0/...``, JamBase
``/jb-api/v1/events``, Bandsintown ``/artists/{name}/events``, Eventbrite ``/v3/...``) with the
provider's paging and auth, and can be told to answer the next requests to a path with a 429 +
Retry-After, a 500, an HTML error page, or an oversized body.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
)


class FakeFeeds:
    def __init__(self) -> None:
        self.ticketmaster_events: list[dict] = []
        self.seatgeek_events: list[dict] = []
        self.songkick_events: list[dict] = []
        self.jambase_events: list[dict] = []
        self.bandsintown: dict[str, list[dict]] = {}
        self.eventbrite: dict[str, list[dict]] = {}
        self.files: dict[str, bytes] = {}
        self.keys = {"apikey": "tm-key", "client_id": "sg-key", "app_id": "bit-key"}
        self.injected: deque[tuple[str, tuple[int, dict, bytes]]] = deque()
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> FakeFeeds:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def inject(self, path_prefix: str, status: int, body: bytes = b"", headers=None) -> None:
        """The next request whose path starts with ``path_prefix`` gets this response."""
        self.injected.append((path_prefix, (status, headers or {}, body)))

    def count(self, path_prefix: str) -> int:
        return sum(1 for path, _ in self.requests if path.startswith(path_prefix))

    # --- dispatch ---------------------------------------------------------------------------

    def respond(self, path: str, query: dict) -> tuple[int, dict, bytes]:
        with self._lock:
            self.requests.append((path, query))
            for i, (prefix, response) in enumerate(self.injected):
                if path.startswith(prefix):
                    del self.injected[i]
                    return response
        if path == "/huge.json":
            return 200, {"X-Stream": str(int(query.get("mb", 1)) * 1024 * 1024)}, b""
        if path in self.files:
            return 200, {"Content-Type": "text/calendar"}, self.files[path]
        if path == "/discovery/v2/events.json":
            return self._ticketmaster(query)
        if path == "/2/events":
            return self._seatgeek(query)
        if path.startswith("/api/3.0/"):
            return self._songkick(query)
        if path == "/jb-api/v1/events":
            return self._jambase(query)
        if path.startswith("/artists/"):
            return self._bandsintown(path, query)
        if path.startswith("/v3/"):
            return self._eventbrite(path, query)
        return _json(404, {"error": "not found"})

    def _ticketmaster(self, q: dict) -> tuple[int, dict, bytes]:
        if q.get("apikey") != self.keys["apikey"]:
            return _json(401, {"fault": {"faultstring": "Invalid ApiKey", "detail": {}}})
        size, page = int(q.get("size", 20)), int(q.get("page", 0))
        if size * page >= 1000:
            return _json(
                400,
                {
                    "errors": [
                        {
                            "code": "DIS1035",
                            "detail": "API Limits Exceeded: Max "
                            "paging depth exceeded. (page * size) must be less than 1,000",
                        }
                    ]
                },
            )
        start, end = q.get("startDateTime"), q.get("endDateTime")
        chosen = [e for e in self.ticketmaster_events if _in_window(e, start, end)]
        items = chosen[page * size : (page + 1) * size]
        body = {
            "_links": {"self": {"href": f"/discovery/v2/events.json?page={page}&size={size}"}},
            "page": {
                "size": size,
                "totalElements": len(chosen),
                "totalPages": -(-len(chosen) // size),
                "number": page,
            },
        }
        if items:
            body["_embedded"] = {"events": items}
        return _json(200, body)

    def _seatgeek(self, q: dict) -> tuple[int, dict, bytes]:
        if q.get("client_id") != self.keys["client_id"]:
            return _json(403, {"status": 403, "message": "Invalid client_id"})
        per_page, page = int(q.get("per_page", 10)), int(q.get("page", 1))
        items = self.seatgeek_events[(page - 1) * per_page : page * per_page]
        meta = {"total": len(self.seatgeek_events), "took": 2, "page": page, "per_page": per_page}
        return _json(200, {"events": items, "meta": meta})

    def _songkick(self, q: dict) -> tuple[int, dict, bytes]:
        per_page, page = int(q.get("per_page", 50)), int(q.get("page", 1))
        items = self.songkick_events[(page - 1) * per_page : page * per_page]
        results = {"event": items} if items else {}
        return _json(
            200,
            {
                "resultsPage": {
                    "status": "ok",
                    "results": results,
                    "perPage": per_page,
                    "page": page,
                    "totalEntries": len(self.songkick_events),
                }
            },
        )

    def _jambase(self, q: dict) -> tuple[int, dict, bytes]:
        per_page = min(int(q.get("perPage", 40)), 100)
        page = int(q.get("page", 1))
        items = self.jambase_events[(page - 1) * per_page : page * per_page]
        total = len(self.jambase_events)
        pages = -(-total // per_page)
        return _json(
            200,
            {
                "success": True,
                "pagination": {
                    "page": page,
                    "perPage": per_page,
                    "totalItems": total,
                    "totalPages": pages,
                    "nextPage": None if page >= pages else f"/jb-api/v1/events?page={page + 1}",
                },
                "events": items,
            },
        )

    def _bandsintown(self, path: str, q: dict) -> tuple[int, dict, bytes]:
        if q.get("app_id") != self.keys["app_id"]:
            return _json(403, {"errorMessage": "Forbidden"})
        name = unquote(path.split("/")[2])
        if name not in self.bandsintown:
            return _json(404, {"errorMessage": "[NotFound] The artist was not found"})
        return _json(200, self.bandsintown[name])

    def _eventbrite(self, path: str, q: dict) -> tuple[int, dict, bytes]:
        owner = path.split("/")[3]
        events = self.eventbrite.get(owner)
        if events is None:
            return _json(
                404,
                {
                    "status_code": 404,
                    "error": "NOT_FOUND",
                    "error_description": "The organizer you requested does not exist.",
                },
            )
        page = int(q.get("continuation", 1))
        size = 2
        items = events[(page - 1) * size : page * size]
        more = page * size < len(events)
        pagination = {
            "object_count": len(events),
            "page_number": page,
            "page_size": size,
            "page_count": -(-len(events) // size),
            "has_more_items": more,
        }
        if more:
            pagination["continuation"] = str(page + 1)
        return _json(200, {"pagination": pagination, "events": items})

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                if self.headers.get("Authorization"):
                    query["_auth"] = self.headers["Authorization"]
                status, headers, body = fake.respond(parts.path, query)
                stream = int(headers.pop("X-Stream", 0))
                self.send_response(status)
                headers.setdefault("Content-Type", "application/json;charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                if stream:
                    # No Content-Length: the client must stop reading at its cap by itself.
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"[" + b'{"id": 1},' * 6000
                    sent = 0
                    try:
                        while sent < stream:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler


def _json(status: int, payload) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json;charset=utf-8"}, json.dumps(payload).encode()


def _in_window(event: dict, start: str | None, end: str | None) -> bool:
    moment = (
        event["dates"]["start"].get("dateTime")
        or event["dates"]["start"]["localDate"] + "T12:00:00Z"
    )
    when = datetime.fromisoformat(moment.replace("Z", "+00:00")).replace(tzinfo=None)
    if start and when < datetime.fromisoformat(start.replace("Z", "")):
        return False
    return not (end and when >= datetime.fromisoformat(end.replace("Z", "")))
