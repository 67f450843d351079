"""One frozen Settings object, read from the environment once and validated.

Nothing else in the code base reads ``os.environ``. Tests build ``Settings(...)`` directly.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent
DEFAULT_INSTANCE = ROOT / "instance"
DEFAULT_TILE_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"
ENVIRONMENTS = ("development", "production", "test")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


# Settings that must be positive integers.
POSITIVE = (
    "max_upload_mb",
    "max_request_kb",
    "feed_run_seconds",
    "job_threads",
    "job_lease_seconds",
    "upload_keep_hours",
    "spotify_sync_minutes",
    "rollup_minutes",
    "spotify_artist_max_age_days",
    "spotify_sync_lease_seconds",
    "musicbrainz_max_age_days",
    "musicbrainz_interval_ms",
)


@dataclass(frozen=True)
class Settings:
    """Every setting of the app. Field names map to upper-case environment variables."""

    env: str = "development"
    instance_dir: Path = DEFAULT_INSTANCE
    database_url: str = ""
    redis_url: str = ""
    secret_key: str = ""
    token_encryption_key: str = ""
    session_cookie_secure: bool = False
    login_rate_limit: str = "10 per minute"
    login_email_rate_limit: str = "20 per hour"
    register_rate_limit: str = "10 per hour"
    password_change_rate_limit: str = "5 per 15 minutes"  # noqa: S105  (a rate, not a secret)
    max_upload_mb: int = 1024
    # Every body except the two upload routes' (issue #12): Dash callbacks and forms are small.
    max_request_kb: int = 4096
    # None = by environment: on outside production, off in production (see resolved()).
    load_demo: bool | None = None
    run_scheduler: bool = True
    job_threads: int = 2
    # A running job renews its lease this often x3; a job whose lease ran out (its process was
    # killed) is marked interrupted by the next sweep.
    job_lease_seconds: int = 120
    # Uploads no job needs any more are deleted after this long (kept for "Try again").
    upload_keep_hours: int = 24
    default_timezone: str = "UTC"
    tile_url: str = DEFAULT_TILE_URL
    tile_attribution: str = DEFAULT_TILE_ATTRIBUTION
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "Re-Wrapped <no-reply@localhost>"
    smtp_starttls: bool = False
    public_base_url: str = "http://127.0.0.1:8050"
    spotify_client_id: str = ""
    spotify_client_secret: str = ""
    spotify_redirect_uri: str = "http://127.0.0.1:8050/spotify/callback"
    spotify_sync_minutes: int = 15
    # Overridable so tests can point spotipy at a loopback fake of Spotify.
    spotify_accounts_url: str = "https://accounts.spotify.com"
    spotify_api_url: str = "https://api.spotify.com/v1/"
    spotify_artist_max_age_days: int = 30
    spotify_sync_lease_seconds: int = 600
    ticketmaster_api_key: str = ""
    bandsintown_app_id: str = ""
    jambase_api_key: str = ""
    seatgeek_client_id: str = ""
    songkick_api_key: str = ""
    eventbrite_token: str = ""
    eventbrite_organizers: tuple[str, ...] = field(default_factory=tuple)
    # Event feeds. "source=value" lists override per source (intervals; base URLs for tests).
    feed_interval_minutes: int = 360
    feed_intervals: tuple[str, ...] = field(default_factory=tuple)
    feed_base_urls: tuple[str, ...] = field(default_factory=tuple)
    feed_cities: tuple[str, ...] = field(default_factory=tuple)
    feed_ical_urls: tuple[str, ...] = field(default_factory=tuple)
    feed_radius_km: int = 50
    feed_window_days: int = 180
    feed_max_response_mb: int = 20
    feed_backoff_ms: int = 2000
    feed_max_wait_seconds: int = 60
    feed_bandsintown_artists: int = 200
    # Wall-clock budget of one feed run (fetch, parse, store); a run over it stops as partial.
    feed_run_seconds: int = 900
    ticketmaster_daily_quota: int = 5000
    lastfm_api_key: str = ""
    # pylast speaks HTTPS only; overridable so tests can use a loopback TLS fake.
    lastfm_api_url: str = "https://ws.audioscrobbler.com/2.0/"
    rollup_minutes: int = 60
    # Genres from MusicBrainz after every import (keyless): 1 request per second, a User-Agent
    # naming the app and a contact (MusicBrainz's rules), answers kept this many days.
    musicbrainz_enabled: bool = True
    musicbrainz_url: str = "https://musicbrainz.org/ws/2/"
    musicbrainz_contact: str = ""
    musicbrainz_max_age_days: int = 90
    musicbrainz_interval_ms: int = 1000
    # Artist and album images are fetched by a job and served from instance/artwork; off: no
    # image is ever fetched from another host (placeholders show instead).
    remote_images: bool = True
    # Album covers by release-group MBID (found on MusicBrainz); overridable for tests.
    cover_art_url: str = "https://coverartarchive.org/"
    # Where `python app.py` listens (Dash's own HOST/PORT convention).
    host: str = "127.0.0.1"
    port: int = 8050
    # Most sponsored events any list may hold, in percent (and never more than 1 of the first 5).
    sponsored_percent: int = 20

    @property
    def embedded(self) -> bool:
        """True when no external queue/cache is configured (SQLite + in-process jobs)."""
        return not self.redis_url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def max_request_bytes(self) -> int:
        return self.max_request_kb * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read, default and validate every setting; raise SettingsError naming the variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _coerce(f.name, f.type, raw)
        settings = cls(**values)
        return settings.resolved()

    def resolved(self) -> Settings:
        """Fill embedded defaults (database file, generated keys) and validate."""
        instance = Path(self.instance_dir)
        changes: dict[str, object] = {"instance_dir": instance}
        if not self.database_url:
            changes["database_url"] = f"sqlite:///{instance / 'rewrapped.db'}"
        if self.load_demo is None:
            changes["load_demo"] = self.env != "production"
        if self.env == "production":
            if self.load_demo:
                raise SettingsError(
                    "LOAD_DEMO: the demo accounts share a public password (one is an admin); "
                    "production never loads them, unset LOAD_DEMO or set it to false"
                )
            if not self.secret_key or self.secret_key.startswith("dev-"):
                raise SettingsError(
                    "SECRET_KEY: production needs a real secret (e.g. `python -c "
                    '"import secrets; print(secrets.token_urlsafe(48))"`)'
                )
            if not self.token_encryption_key:
                raise SettingsError("TOKEN_ENCRYPTION_KEY: production needs a Fernet key")
        else:
            if not self.secret_key:
                changes["secret_key"] = _instance_secret(instance, "secret_key", _new_secret)
            if not self.token_encryption_key:
                changes["token_encryption_key"] = _instance_secret(
                    instance, "token_key", _new_fernet_key
                )
        settings = replace(self, **changes)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"ENV: must be one of {', '.join(ENVIRONMENTS)}, got {self.env!r}")
        scheme = urlsplit(self.database_url).scheme.split("+")[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise SettingsError(
                f"DATABASE_URL: expected sqlite:/// or postgresql:// URL, got {self.database_url!r}"
            )
        if self.redis_url and urlsplit(self.redis_url).scheme not in ("redis", "rediss", "unix"):
            raise SettingsError(f"REDIS_URL: expected redis:// URL, got {self.redis_url!r}")
        if len(self.secret_key) < 16:
            raise SettingsError("SECRET_KEY: must be at least 16 characters")
        _check_fernet(self.token_encryption_key)
        try:
            ZoneInfo(self.default_timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(
                f"DEFAULT_TIMEZONE: unknown zone {self.default_timezone!r}"
            ) from exc
        for name in POSITIVE:
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name.upper()}: must be a positive integer")
        if not 0 < self.port < 65536:
            raise SettingsError(f"PORT: {self.port} is not a port")
        if not self.host.strip():
            raise SettingsError("HOST: must name an address, e.g. 127.0.0.1")
        if not 0 <= self.sponsored_percent <= 100:
            raise SettingsError("SPONSORED_PERCENT: must be between 0 and 100")
        if not 0 < self.smtp_port < 65536:
            raise SettingsError(f"SMTP_PORT: {self.smtp_port} is not a port")
        if "{z}" not in self.tile_url:
            raise SettingsError("TILE_URL: must contain {z}, {x} and {y} placeholders")
        if urlsplit(self.lastfm_api_url).scheme != "https":
            raise SettingsError("LASTFM_API_URL: must be an https:// URL")
        redirect = urlsplit(self.spotify_redirect_uri)
        if redirect.scheme == "http" and redirect.hostname == "localhost":
            raise SettingsError(
                "SPOTIFY_REDIRECT_URI: Spotify refuses 'localhost'; use http://127.0.0.1:PORT/..."
            )


def _coerce(name: str, kind: object, raw: str) -> object:
    kind = str(kind)
    try:
        if kind in ("bool", "bool | None"):
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "Path":
            return Path(raw)
        if kind.startswith("tuple"):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise SettingsError(f"{name.upper()}: cannot read {raw!r} as {kind}") from exc
    return raw


def _new_secret() -> str:
    return "dev-" + secrets.token_urlsafe(48)


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _instance_secret(instance: Path, name: str, make) -> str:
    """Generate a secret once and keep it under instance/ (embedded default only)."""
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def _check_fernet(key: str) -> None:
    try:
        if len(base64.urlsafe_b64decode(key.encode())) == 32:
            return
    except (ValueError, TypeError):
        pass
    raise SettingsError("TOKEN_ENCRYPTION_KEY: must be a urlsafe base64 Fernet key (32 bytes)")
