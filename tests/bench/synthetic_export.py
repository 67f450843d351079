"""A synthetic Spotify extended streaming history export, for benchmarks and demo-sized tests.

The files carry the real field set of the current export era (``ip_addr``, ``audiobook_*``,
``offline_timestamp`` in seconds), are split the way Spotify splits them (audio files per year
range, a video file), are not sorted, and contain rows sharing a timestamp plus a few exact
duplicate rows, so an importer has to dedupe. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

ROWS_PER_FILE = 16_000
_B62 = string.digits + string.ascii_letters
_PLATFORMS = ("android", "ios", "windows", "osx", "web_player", "linux", "cast_to_device")
_COUNTRIES = ("US", "GB", "DE", "FR", "SE", "BR", "CA", "NL", "ES", "AU")
_STARTS = ("trackdone", "clickrow", "fwdbtn", "backbtn", "playbtn", "appload", "remote")
_ENDS = ("trackdone", "fwdbtn", "endplay", "logout", "backbtn", "unexpected-exit")
_WORDS = [
    "blue",
    "night",
    "river",
    "fire",
    "golden",
    "echo",
    "dream",
    "city",
    "heart",
    "wild",
    "neon",
    "glass",
    "summer",
    "ghost",
    "velvet",
    "paper",
    "electric",
    "silent",
    "ocean",
    "shadow",
    "north",
    "sugar",
    "static",
    "bloom",
    "orbit",
    "honey",
    "crystal",
    "midnight",
    "thunder",
    "lemon",
    "silver",
    "broken",
    "holy",
    "lost",
    "young",
    "slow",
    "cosmic",
    "rose",
    "iron",
    "desert",
]


def _uri(rng: random.Random, kind: str) -> str:
    return f"spotify:{kind}:" + "".join(rng.choice(_B62) for _ in range(22))


def _title(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS).capitalize() for _ in range(words))


def _catalogue(rng: random.Random, n_plays: int) -> dict[str, list]:
    """Artists with albums and tracks, shows with episodes, books with chapters."""
    n_artists = max(5, min(6_000, n_plays // 150))
    artists = [f"{_title(rng, rng.randint(1, 3))} {i}" for i in range(n_artists)]
    tracks = []
    for artist in artists:
        for a in range(rng.randint(1, 3)):
            album = f"{_title(rng, 2)} Vol {a}"
            for _ in range(rng.randint(2, 8)):
                name = _title(rng, rng.randint(1, 4))
                tracks.append((artist, album, name, _uri(rng, "track"), rng.randint(90, 420)))
    shows = [f"The {_title(rng, 2)} Podcast" for _ in range(max(2, n_artists // 60))]
    episodes = [
        (show, f"Episode {n}: {_title(rng, 3)}", _uri(rng, "episode"))
        for show in shows
        for n in range(1, rng.randint(5, 40))
    ]
    books = [(f"The {_title(rng, 2)}", _uri(rng, "audiobook")) for _ in range(3)]
    chapters = [
        (book, uri, f"Chapter {n}", _uri(rng, "chapter"))
        for book, uri in books
        for n in range(1, 25)
    ]
    return {"tracks": tracks, "episodes": episodes, "chapters": chapters}


def _row(rng: random.Random, cat: dict[str, list], ended: datetime) -> dict:
    roll = rng.random()
    row = {
        "ts": ended.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platform": rng.choice(_PLATFORMS),
        "ms_played": 0,
        "conn_country": rng.choice(_COUNTRIES),
        "ip_addr": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "master_metadata_track_name": None,
        "master_metadata_album_artist_name": None,
        "master_metadata_album_album_name": None,
        "spotify_track_uri": None,
        "episode_name": None,
        "episode_show_name": None,
        "spotify_episode_uri": None,
        "audiobook_title": None,
        "audiobook_uri": None,
        "audiobook_chapter_uri": None,
        "audiobook_chapter_title": None,
        "reason_start": rng.choice(_STARTS),
        "reason_end": rng.choice(_ENDS),
        "shuffle": rng.random() < 0.4,
        "skipped": rng.random() < 0.25 if rng.random() < 0.9 else None,
        "offline": rng.random() < 0.05,
        "offline_timestamp": int(ended.timestamp()) - rng.randint(60, 600),
        "incognito_mode": rng.random() < 0.01,
    }
    if roll < 0.92:
        tracks = cat["tracks"]
        # Skewed popularity: a few tracks get most of the plays, as in real listening.
        artist, album, name, uri, seconds = tracks[int(len(tracks) * rng.random() ** 2.5)]
        full = rng.random() < 0.6
        row["ms_played"] = seconds * 1000 if full else rng.randint(0, seconds * 1000)
        row["master_metadata_track_name"] = name
        row["master_metadata_album_artist_name"] = artist
        row["master_metadata_album_album_name"] = album
        row["spotify_track_uri"] = uri
    elif roll < 0.985:
        show, episode, uri = rng.choice(cat["episodes"])
        row["ms_played"] = rng.randint(1_000, 3_600_000)
        row["episode_name"], row["episode_show_name"], row["spotify_episode_uri"] = (
            episode,
            show,
            uri,
        )
    else:
        book, book_uri, chapter, chapter_uri = rng.choice(cat["chapters"])
        row["ms_played"] = rng.randint(1_000, 1_800_000)
        row["audiobook_title"], row["audiobook_uri"] = book, book_uri
        row["audiobook_chapter_title"], row["audiobook_chapter_uri"] = chapter, chapter_uri
    return row


def write_export(directory: Path, n_plays: int, seed: int = 1) -> list[Path]:
    """Write ``n_plays`` rows as an extended-history export into ``directory``; return the files.

    About 0.3 % of the rows are exact duplicates of another row (an importer keeps one), and
    about 1 % share their timestamp with a different play. Files hold about 16,000 rows each,
    grouped by year range like Spotify's, shuffled within each file.
    """
    rng = random.Random(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    cat = _catalogue(rng, n_plays)
    start = datetime(2015, 3, 1, tzinfo=UTC)
    span = (datetime(2025, 10, 1, tzinfo=UTC) - start).total_seconds()
    step = span / max(n_plays, 1)
    rows: list[dict] = []
    ended = start
    for _ in range(n_plays):
        if rows and rng.random() < 0.003:
            rows.append(dict(rows[rng.randrange(len(rows))]))
            continue
        if not (rows and rng.random() < 0.01):
            ended = ended + timedelta(seconds=rng.uniform(0.2, 1.8) * step)
        rows.append(_row(rng, cat, ended))
    video = [r for r in rows if r["spotify_episode_uri"] and rng.random() < 0.3]
    video_ids = {id(r) for r in video}
    audio = [r for r in rows if id(r) not in video_ids]
    paths: list[Path] = []
    for index in range(0, len(audio), ROWS_PER_FILE):
        chunk = audio[index : index + ROWS_PER_FILE]
        first, last = chunk[0]["ts"][:4], chunk[-1]["ts"][:4]
        rng.shuffle(chunk)
        n = index // ROWS_PER_FILE
        paths.append(_dump(directory / f"Streaming_History_Audio_{first}-{last}_{n}.json", chunk))
    if video:
        first, last = video[0]["ts"][:4], video[-1]["ts"][:4]
        rng.shuffle(video)
        paths.append(_dump(directory / f"Streaming_History_Video_{first}-{last}.json", video))
    return paths


def _dump(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(orjson.dumps(rows, option=orjson.OPT_INDENT_2))
    return path
