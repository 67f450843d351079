"""Spotify export formats, recognised by content (never by file name), parsed into PlayRows.

Extended streaming history (every era: ``endsong_N``, ``Streaming_History_Audio_*``,
``Streaming_History_Video_*``) has ``ts`` (ISO, UTC, when the play ended) and ``ms_played``;
account data (``StreamingHistory*``) has ``endTime`` (``YYYY-MM-DD HH:MM``, UTC, minute
resolution) and ``msPlayed``. IP addresses, user agents and user names are read past, never kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import orjson

from data.importers.rows import PlayRow

EARLIEST = datetime(2006, 4, 1)  # Spotify was founded in 2006; earlier end times are impossible
MAX_MS_PLAYED = 24 * 60 * 60 * 1000
_WRAPPED_KEYS = frozenset({"topArtists", "topTracks", "yearlyMetrics", "topGenres", "topPodcasts"})
_WRAPPED_NAME = re.compile(r"wrapped\s*(\d{4})", re.IGNORECASE)


class ImportFileError(ValueError):
    """A whole file (or container) cannot be imported; the message is meant for the user."""


@dataclass
class ParsedFile:
    """One history file: its format label, good rows and the rejected ones counted by reason."""

    name: str
    format: str
    rows: list[PlayRow] = field(default_factory=list)
    rejected: Counter = field(default_factory=Counter)
    wrapped: tuple[int, dict] | None = None

    @property
    def plays(self) -> int:
        return len(self.rows)

    @property
    def rows_seen(self) -> int:
        return self.plays + sum(self.rejected.values())


def latest_end() -> datetime:
    """The latest believable end time (naive UTC): a day from now, for clocks a little ahead."""
    return datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)


def sniff(head: bytes) -> int:
    """Processing order from the first bytes: full-resolution history first, then the rest.

    Account data is checked against already stored full-resolution plays, so those go first.
    """
    if b'"ts"' in head:
        return 0
    if b'"endTime"' in head:
        return 2
    return 1


def load_json(name: str, data: bytes):
    """Parse bytes as JSON or raise ImportFileError saying exactly what is wrong."""
    if not data.strip():
        raise ImportFileError(f"{name}: the file is empty.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        reason = str(exc)
        if "UTF-8" in reason:
            raise ImportFileError(
                f"{name}: not UTF-8 text; Spotify exports are UTF-8 JSON."
            ) from None
        if "end of data" in reason or "EOF" in reason:
            raise ImportFileError(
                f"{name}: the JSON is truncated (cut off at byte {len(data)}); "
                "download or unzip the export again."
            ) from None
        raise ImportFileError(f"{name}: not JSON ({reason}).") from None


def detect(doc) -> str | None:
    """The format label of a parsed document, or None when it is not listening history."""
    if isinstance(doc, dict):
        return "wrapped" if _WRAPPED_KEYS & doc.keys() else None
    if not isinstance(doc, list):
        return None
    if not doc:
        return "empty"
    first = next((row for row in doc[:50] if isinstance(row, dict)), None)
    if first is None:
        return None
    if "ts" in first and "ms_played" in first:
        if "username" in first or "ip_addr_decrypted" in first:
            return "extended (2018-2022 fields)"
        if any(key.startswith("audiobook_") for key in first):
            return "extended (2024+ fields)"
        return "extended"
    if "endTime" in first and "msPlayed" in first:
        if "podcastName" in first or "episodeName" in first:
            return "account data: podcasts"
        if "audiobookName" in first or "chapterName" in first:
            return "account data: audiobooks"
        return "account data: music"
    return None


def parse_document(name: str, doc, fmt: str) -> ParsedFile:
    """Normalise every row of a detected document; bad rows are counted, not fatal."""
    parsed = ParsedFile(name=name, format=fmt)
    if fmt == "wrapped":
        found = _WRAPPED_NAME.search(name) or _WRAPPED_NAME.search(str(doc.get("year", "")))
        year = int(found.group(1)) if found else doc.get("year")
        if isinstance(year, int) and 2006 <= year <= 2100:
            parsed.wrapped = (year, doc)
        return parsed
    if fmt == "empty":
        return parsed
    latest = latest_end()
    extended = fmt.startswith("extended")
    convert = _extended_row if extended else _account_row
    rows, rejected = parsed.rows, parsed.rejected
    for raw in doc:
        if not isinstance(raw, dict):
            rejected["not an object"] += 1
            continue
        result = convert(raw, latest)
        if isinstance(result, str):
            rejected[result] += 1
        else:
            rows.append(result)
    return parsed


def _end_time(value, latest: datetime) -> datetime | str:
    if not value or not isinstance(value, str):
        return "missing end time"
    try:
        if len(value) == 20 and value[19] == "Z":
            ended = datetime.fromisoformat(value[:19])
        else:
            ended = datetime.fromisoformat(value)
            if ended.tzinfo is not None:
                ended = ended.astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        return "unreadable end time"
    if not EARLIEST <= ended <= latest:
        return "end time out of range"
    return ended


def _ms(value) -> int | str:
    if value is None:
        return "missing ms played"
    if type(value) is not int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            return "ms played not a whole number"
    if not 0 <= value <= MAX_MS_PLAYED:
        return "ms played out of range"
    return value


# The extended-history fields kept, in the order extended_values takes them; the rest (IP
# address, user agent, offline timestamp...) is read past.
EXTENDED_FIELDS = (
    "ts",
    "platform",
    "ms_played",
    "conn_country",
    "master_metadata_track_name",
    "master_metadata_album_artist_name",
    "master_metadata_album_album_name",
    "spotify_track_uri",
    "episode_name",
    "episode_show_name",
    "spotify_episode_uri",
    "audiobook_title",
    "audiobook_chapter_uri",
    "audiobook_chapter_title",
    "reason_start",
    "reason_end",
    "shuffle",
    "skipped",
    "offline",
    "incognito_mode",
)


def _extended_row(raw: dict, latest: datetime) -> PlayRow | str:
    return extended_values(*map(raw.get, EXTENDED_FIELDS), latest)


def extended_values(
    ts,
    platform,
    ms,
    country,
    track,
    artist,
    album,
    track_uri,
    episode,
    show,
    episode_uri,
    book,
    chapter_uri,
    chapter,
    start,
    end,
    shuffle,
    skipped,
    offline,
    incognito,
    latest: datetime,
) -> PlayRow | str:
    """One extended-history row from its field values: a PlayRow, or why it is rejected.

    One positional argument per kept field and inline checks for the common, well-formed case,
    because this is the hot loop of a million-row import.
    """
    if type(ts) is str and len(ts) == 20 and ts[19] == "Z":
        try:
            ended = datetime.fromisoformat(ts[:19])
        except ValueError:
            return "unreadable end time"
        if not EARLIEST <= ended <= latest:
            return "end time out of range"
    else:
        ended = _end_time(ts, latest)
        if type(ended) is str:
            return ended
    if type(ms) is not int or not 0 <= ms <= MAX_MS_PLAYED:
        ms = _ms(ms)
        if type(ms) is str:
            return ms
    if track:
        kind, uri, album = "music", track_uri, album or None
    elif track := episode:
        kind, artist, uri, album = "podcast", show, episode_uri, None
    elif track := chapter or book:
        kind, artist, uri, album = "audiobook", book, chapter_uri, None
    else:
        return "no track, episode or chapter"
    if type(track) is not str or type(artist) is not str or not artist:
        return "missing artist, show or book name"
    return PlayRow(
        ended,
        ms,
        kind,
        track,
        artist,
        album if type(album) is str else None,
        uri if type(uri) is str and uri else None,
        None,
        skipped if skipped is True or skipped is False else None,
        shuffle if shuffle is True or shuffle is False else None,
        offline if offline is True or offline is False else None,
        incognito if incognito is True or incognito is False else None,
        platform[:40] if type(platform) is str and platform else None,
        country[:2] if type(country) is str and country else None,
        start[:24] if type(start) is str and start else None,
        end[:24] if type(end) is str and end else None,
    )


def _account_row(raw: dict, latest: datetime) -> PlayRow | str:
    ended = _end_time(raw.get("endTime"), latest)
    if type(ended) is str:
        return ended
    ms = _ms(raw.get("msPlayed"))
    if type(ms) is str:
        return ms
    get = raw.get
    if track := get("trackName"):
        kind, artist = "music", get("artistName")
    elif track := get("episodeName"):
        kind, artist = "podcast", get("podcastName")
    elif track := get("chapterName"):
        kind, artist = "audiobook", get("audiobookName") or get("authorName")
    else:
        return "no track, episode or chapter"
    if not isinstance(track, str) or not isinstance(artist, str) or not artist:
        return "missing artist, show or book name"
    return PlayRow(ended, ms, kind, track, artist, minute_resolution=True)
