"""Small Spotify export fixtures for the import tests, written from the documented formats.

Each era's rows carry that era's real field set, including the fields the importer must drop
(user names, IP addresses, user agents).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

SECRET_IP = "203.0.113.77"
SECRET_AGENT = "unknown-agent-7f3a"
SECRET_USER = "secret-username-42"


def _digits(*parts: str) -> str:
    """22 stable digits standing in for a Spotify id (stable across processes, unlike hash())."""
    return str(int(hashlib.sha256("|".join(parts).encode()).hexdigest(), 16))[:22]


def endsong_row(ts: str, track: str, artist: str, ms: int, **extra) -> dict:
    """2018-2022 era (endsong_N.json): username, ip_addr_decrypted, user_agent_decrypted."""
    row = {
        "ts": ts,
        "username": SECRET_USER,
        "platform": "Android OS 9 API 28 (samsung, SM-G960F)",
        "ms_played": ms,
        "conn_country": "DE",
        "ip_addr_decrypted": SECRET_IP,
        "user_agent_decrypted": SECRET_AGENT,
        "master_metadata_track_name": track,
        "master_metadata_album_artist_name": artist,
        "master_metadata_album_album_name": f"{track} (Album)",
        "spotify_track_uri": f"spotify:track:{_digits(track, artist)}",
        "episode_name": None,
        "episode_show_name": None,
        "spotify_episode_uri": None,
        "reason_start": "trackdone",
        "reason_end": "trackdone",
        "shuffle": False,
        "skipped": None,
        "offline": False,
        "offline_timestamp": 1_546_300_800_000,  # milliseconds in this era
        "incognito_mode": False,
    }
    row.update(extra)
    return row


def audio_row(ts: str, track: str, artist: str, ms: int, uri: str | None = None, **extra) -> dict:
    """2024+ era (Streaming_History_Audio_*): ip_addr, audiobook_* fields, seconds offline ts."""
    row = {
        "ts": ts,
        "platform": "android",
        "ms_played": ms,
        "conn_country": "SE",
        "ip_addr": SECRET_IP,
        "master_metadata_track_name": track,
        "master_metadata_album_artist_name": artist,
        "master_metadata_album_album_name": "Album",
        "spotify_track_uri": uri,
        "episode_name": None,
        "episode_show_name": None,
        "spotify_episode_uri": None,
        "audiobook_title": None,
        "audiobook_uri": None,
        "audiobook_chapter_uri": None,
        "audiobook_chapter_title": None,
        "reason_start": "clickrow",
        "reason_end": "endplay",
        "shuffle": True,
        "skipped": False,
        "offline": False,
        "offline_timestamp": 1_700_000_000,  # seconds in this era
        "incognito_mode": False,
    }
    row.update(extra)
    return row


def episode_row(ts: str, episode: str, show: str, ms: int) -> dict:
    """A video-podcast row as found in Streaming_History_Video_*."""
    return audio_row(
        ts,
        None,
        None,
        ms,
        master_metadata_track_name=None,
        master_metadata_album_artist_name=None,
        master_metadata_album_album_name=None,
        episode_name=episode,
        episode_show_name=show,
        spotify_episode_uri=f"spotify:episode:{_digits(episode)}",
    )


def chapter_row(ts: str, chapter: str, book: str, ms: int) -> dict:
    return audio_row(
        ts,
        None,
        None,
        ms,
        master_metadata_album_artist_name=None,
        master_metadata_album_album_name=None,
        audiobook_title=book,
        audiobook_uri="spotify:audiobook:0000000000000000000001",
        audiobook_chapter_uri=f"spotify:chapter:{_digits(chapter)}",
        audiobook_chapter_title=chapter,
    )


def account_music(end: str, artist: str, track: str, ms: int) -> dict:
    return {"endTime": end, "artistName": artist, "trackName": track, "msPlayed": ms}


def account_podcast(end: str, show: str, episode: str, ms: int) -> dict:
    return {"endTime": end, "podcastName": show, "episodeName": episode, "msPlayed": ms}


def account_audiobook(end: str, book: str, chapter: str, ms: int) -> dict:
    return {
        "endTime": end,
        "audiobookName": book,
        "chapterName": chapter,
        "authorName": "Some Author",
        "msPlayed": ms,
    }


def write_json(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def spotify_zip(path: Path, members: dict[str, object]) -> Path:
    """A zip like my_spotify_data.zip; values are JSON-able objects or raw bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            data = content if isinstance(content, bytes) else json.dumps(content).encode()
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


EXT = "Spotify Extended Streaming History"
ACC = "Spotify Account Data"


def full_zip(path: Path) -> Path:
    """An export zip: extended history (two eras + video), account data, Wrapped, other files."""
    return spotify_zip(
        path,
        {
            f"{EXT}/Streaming_History_Audio_2019-2021_0.json": [
                endsong_row("2020-06-01T10:00:00Z", "Hello", "Adele", 295_000),
                endsong_row("2019-12-31T23:30:00Z", "Halo", "Beyoncé", 261_000),
            ],
            f"{EXT}/Streaming_History_Audio_2024_1.json": [
                audio_row("2024-02-02T08:00:00Z", "Song A", "Band", 200_000, "spotify:track:A"),
                audio_row("2024-02-02T08:05:00Z", "Song B", "Band", 20_000, "spotify:track:B"),
            ],
            f"{EXT}/Streaming_History_Video_2024.json": [
                episode_row("2024-03-01T07:00:00Z", "Ep 1", "Morning Show", 1_800_000),
            ],
            f"{EXT}/ReadMeFirst_ExtendedStreamingHistory.pdf": b"%PDF-1.4 not history",
            f"{ACC}/Userdata.json": {"username": SECRET_USER, "email": "x@example.org"},
            f"{ACC}/Playlist1.json": {"playlists": []},
            f"{ACC}/Wrapped2023.json": {"topArtists": {"topArtistUris": []}, "yearlyMetrics": {}},
        },
    )
