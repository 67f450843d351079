"""Artist and album images kept on our own disk, so browsers never contact the image host.

A job downloads an image once (size-capped, checked to be JPEG, PNG, WebP or GIF by its first
bytes, not by what the server claims) and writes it under ``instance/artwork`` readable by the
app's user only (0600); a route serves it to logged-in users. Album covers without a Spotify
image come from the Cover Art Archive by release-group MBID: its ``front-250`` redirects to the
image, 404 when the release group has no front cover.
"""

from __future__ import annotations

import os
from pathlib import Path

import requests

KINDS = ("artist", "album")
MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 15
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


class ArtworkRefused(ValueError):
    """The image host answered something that is not a usable image (``status``: its HTTP
    status when that was the reason)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CoverArtUnavailable(RuntimeError):
    """The Cover Art Archive cannot answer now (offline, busy, rate-limited); try again later."""


def artwork_path(instance_dir: Path, kind: str, item_id: int) -> Path:
    """Where one artist's or album's image is kept (whether or not it exists yet)."""
    if kind not in KINDS:
        raise ValueError(f"unknown artwork kind {kind!r}")
    return Path(instance_dir) / "artwork" / f"{kind}-{int(item_id)}"


def image_type(data: bytes) -> str | None:
    """The image's media type from its first bytes; None when it is not an image we serve."""
    for magic, media in _SIGNATURES:
        if data.startswith(magic):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def download(http: requests.Session, url: str) -> bytes:
    """The image at ``url`` (redirects followed), at most MAX_BYTES.

    Raises:
        ArtworkRefused: not HTTP(S), an error status, too large, or not an image.
        requests.RequestException: the host could not be reached.
    """
    if not url.startswith(("https://", "http://")):
        raise ArtworkRefused("not an http(s) URL")
    with http.get(url, timeout=TIMEOUT_SECONDS, stream=True) as response:
        if response.status_code != 200:
            raise ArtworkRefused(f"HTTP {response.status_code}", response.status_code)
        data = b""
        for chunk in response.iter_content(64 * 1024):
            data += chunk
            if len(data) > MAX_BYTES:
                raise ArtworkRefused("larger than 2 MB")
    if image_type(data) is None:
        raise ArtworkRefused("not a JPEG, PNG, WebP or GIF image")
    return data


def store(path: Path, data: bytes) -> None:
    """Write the image atomically, readable by this user only (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(partial, 0o600)  # an existing .part keeps its old mode otherwise
    os.replace(partial, path)


def cover_url(base_url: str, release_group: str) -> str:
    """The Cover Art Archive's 250 px front cover of a release group."""
    return f"{base_url.rstrip('/')}/release-group/{release_group}/front-250"


def fetch_cover(http: requests.Session, base_url: str, release_group: str) -> bytes | None:
    """The release group's front cover; None when the archive has none (404).

    Raises:
        CoverArtUnavailable: unreachable, 429 or a server error (ask again on a later run).
        ArtworkRefused: what it sent is not a usable image.
    """
    try:
        return download(http, cover_url(base_url, release_group))
    except ArtworkRefused as exc:
        if exc.status == 404:
            return None
        if exc.status is not None and (exc.status == 429 or exc.status >= 500):
            raise CoverArtUnavailable(
                f"The Cover Art Archive answered HTTP {exc.status} (busy or rate limit)"
            ) from exc
        raise
    except requests.RequestException as exc:
        raise CoverArtUnavailable(f"The Cover Art Archive is unreachable ({exc})") from exc
