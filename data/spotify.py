"""spotipy wired to the configured Spotify endpoints, and Spotify failures sorted into kinds.

spotipy's own urllib3 retries honour ``Retry-After`` and can block a call for hours; worse, with
``retries=0`` a 429 or 500 surfaces as a bare "Max Retries" error without the ``Retry-After``
header. So the client gets a plain ``requests.Session`` (no retry adapter) as well as
``retries=0, status_retries=0``, and the jobs handle 429 and 5xx themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests
import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyOAuth

from settings import Settings

SCOPES = ("user-read-recently-played", "user-top-read")
TIMEOUT_SECONDS = 20
DEFAULT_RETRY_AFTER = 60.0


def configured(settings: Settings) -> bool:
    return bool(settings.spotify_client_id and settings.spotify_client_secret)


def oauth(settings: Settings) -> SpotifyOAuth:
    """The authorization-code flow for the configured app; tokens are never cached on disk."""
    auth = SpotifyOAuth(
        client_id=settings.spotify_client_id,
        client_secret=settings.spotify_client_secret,
        redirect_uri=settings.spotify_redirect_uri,
        scope=" ".join(SCOPES),
        cache_handler=MemoryCacheHandler(),
        open_browser=False,
        requests_timeout=TIMEOUT_SECONDS,
    )
    base = settings.spotify_accounts_url.rstrip("/")
    # Instance attributes override spotipy's class-level production URLs.
    auth.OAUTH_AUTHORIZE_URL = f"{base}/authorize"
    auth.OAUTH_TOKEN_URL = f"{base}/api/token"
    return auth


def api(settings: Settings, access_token: str) -> spotipy.Spotify:
    """A Web API client for one access token, with no automatic retries."""
    client = spotipy.Spotify(
        auth=access_token,
        requests_session=requests.Session(),
        requests_timeout=TIMEOUT_SECONDS,
        retries=0,
        status_retries=0,
    )
    client.prefix = settings.spotify_api_url.rstrip("/") + "/"
    return client


@dataclass(frozen=True)
class Failure:
    """What went wrong talking to Spotify, in a form the sync can act on.

    ``kind`` is one of: ``rate_limited``, ``quota`` (429 with QUOTA_EXCEEDED), ``unauthorized``
    (401: refresh and retry once), ``revoked`` (refresh refused: the user must reconnect),
    ``forbidden`` (403, e.g. not on the dev-mode app's user list), ``config`` (bad client
    credentials), ``transient`` (5xx, timeouts, connection errors) or ``other``.
    """

    kind: str
    message: str
    retry_after: float | None = None
    status: int | None = None


def classify(exc: BaseException) -> Failure | None:
    """Sort an exception from spotipy/requests into a Failure; None for non-Spotify errors."""
    if isinstance(exc, spotipy.SpotifyOauthError):
        error = getattr(exc, "error", None)
        if error == "invalid_grant":
            return Failure("revoked", "Spotify refused the stored authorisation (revoked).")
        if error in ("invalid_client", "unauthorized_client"):
            return Failure("config", "Spotify rejected the app's client id or secret.")
        return Failure("transient", f"Spotify's accounts service failed ({error or 'no answer'}).")
    if isinstance(exc, spotipy.SpotifyException):
        status = exc.http_status
        if status == 429:
            retry = retry_after_seconds((exc.headers or {}).get("Retry-After"))
            reason = exc.reason or ""
            quota = "QUOTA_EXCEEDED" in (reason, *str(exc.msg or "").split())
            kind = "quota" if quota else "rate_limited"
            what = "quota exceeded (QUOTA_EXCEEDED)" if quota else "rate limit reached"
            return Failure(kind, f"Spotify {what}.", retry, status)
        if status == 401:
            return Failure("unauthorized", "Spotify refused the access token.", status=status)
        if status == 403:
            return Failure(
                "forbidden",
                "Spotify refused access (403). In development mode the Spotify account must be "
                "added under 'User Management' in the Spotify developer dashboard.",
                status=status,
            )
        if status is not None and status >= 500:
            return Failure("transient", f"Spotify had a server error ({status}).", status=status)
        return Failure("other", f"Spotify answered {status}.", status=status)
    if isinstance(exc, requests.Timeout):
        return Failure("transient", "Spotify did not answer in time.")
    if isinstance(exc, requests.ConnectionError):
        return Failure("transient", "Could not reach Spotify.")
    return None


def retry_after_seconds(value: str | None) -> float:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); a minute when absent."""
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(1.0, float(value))
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        return max(1.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
