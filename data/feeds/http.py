"""HTTP for feed adapters: throttling, Retry-After, retries with back-off, a response size cap.

Every adapter talks to its provider through one ``FeedClient`` so a run's request count, 429s and
latency are measured in one place and tests can point the base URL at a loopback fake.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import requests

USER_AGENT = "Re-Wrapped event feeds (+https://github.com/rewrapped)"


class FeedError(Exception):
    """A request or payload failed for good; the message is the run's recorded reason."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RateLimited(FeedError):
    """The provider asked us to wait longer than a run should block; retry after ``seconds``."""

    def __init__(self, seconds: float, message: str) -> None:
        super().__init__(message)
        self.seconds = seconds


class QuotaExhausted(FeedError):
    """The request budget for this run (daily provider quota) is used up: stop cleanly."""


@dataclass
class ClientStats:
    requests: int = 0
    throttled: int = 0
    latency_ms: int = 0
    pages: int = 0
    bytes: int = 0
    errors: list[str] = field(default_factory=list)


class FeedClient:
    """A polite JSON/bytes client for one provider.

    Args:
        base_url: provider root, e.g. ``https://app.ticketmaster.com`` (tests: a loopback URL).
        min_interval: seconds between requests (Ticketmaster: 0.2 for 5 requests/s).
        max_requests: request budget for this run (a daily quota minus what was used today).
        max_bytes: a larger response is abandoned while streaming, never loaded whole.
        max_wait: the longest Retry-After honoured inline; longer raises ``RateLimited``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        params: dict | None = None,
        headers: dict | None = None,
        min_interval: float = 0.0,
        max_requests: int | None = None,
        max_bytes: int = 20 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.params = dict(params or {})
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self.session.headers.update(headers or {})
        self.min_interval = min_interval
        self.max_requests = max_requests
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.timeout = timeout
        self.stats = ClientStats()
        self._last = 0.0

    def get_json(self, path: str, params: dict | None = None):
        """GET and decode JSON; an HTML error page or malformed JSON raises ``FeedError``."""
        body, content_type = self.get_bytes(path, params)
        return decode_json(body, content_type)

    def get_bytes(self, path: str, params: dict | None = None) -> tuple[bytes, str]:
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        query = {**self.params, **(params or {})}
        attempt = 0
        while True:
            response = self._send(url, query)
            status = response.status_code
            if status == 429:
                self.stats.throttled += 1
                wait = retry_after(response.headers.get("Retry-After"), self.backoff * 2**attempt)
                response.close()
                if wait > self.max_wait or attempt >= self.retries:
                    raise RateLimited(wait, f"429 from {url}: retry after {wait:.0f}s")
                time.sleep(wait)
                attempt += 1
                continue
            if status >= 500 and attempt < self.retries:
                response.close()
                time.sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if status >= 400:
                snippet = response.text[:200] if status < 500 else ""
                response.close()
                raise FeedError(f"HTTP {status} from {url} {snippet}".strip(), status)
            body = self._read_capped(response, url)
            self.stats.pages += 1
            return body, response.headers.get("Content-Type", "")

    def _send(self, url: str, query: dict) -> requests.Response:
        if self.max_requests is not None and self.stats.requests >= self.max_requests:
            raise QuotaExhausted(f"request budget of {self.max_requests} used up")
        pause = self._last + self.min_interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        started = time.monotonic()
        self._last = started
        self.stats.requests += 1
        try:
            response = self.session.get(url, params=query, timeout=self.timeout, stream=True)
        except requests.RequestException as exc:
            raise FeedError(f"request to {url} failed: {type(exc).__name__}") from None
        finally:
            self.stats.latency_ms += int((time.monotonic() - started) * 1000)
        return response

    def _read_capped(self, response: requests.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise FeedError(f"response too large ({int(declared):,} bytes) from {url}")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FeedError(
                        f"response too large (over {self.max_bytes:,} bytes) from {url}"
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FeedError(f"reading {url} failed: {type(exc).__name__}") from None
        finally:
            response.close()
        self.stats.bytes += size
        return b"".join(chunks)

    def close(self) -> None:
        self.session.close()


def retry_after(value: str | None, default: float) -> float:
    """Seconds from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - time.time())


def decode_json(body: bytes, content_type: str = ""):
    """Decode a payload, naming the failure: an HTML page, empty body or malformed JSON."""
    head = body[:512].lstrip().lower()
    if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html")):
        raise FeedError("HTML page instead of JSON (provider error page?)")
    if not body.strip():
        raise FeedError("empty response body")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"malformed JSON: {exc}"[:200]) from None
