"""One timed run for the import benchmark, in its own process so peak RSS is its own.

    python -m tests.bench.import_speed_child import|import-serial|floor DATABASE_URL USER_ID PATH...

``import`` runs the real importer (one transaction), with the parse helpers this machine
allows (``parallel.helper_count``); ``import-serial`` the same in one process. ``floor`` is
the least any importer must do: orjson-parse the same files and bulk insert the parsed tuples
once (track ids looked up in a dict loaded before the clock starts; duplicates dropped with a
set).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

import orjson
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.importers import parallel
from data.importers.sources import Limits
from data.importers.store import SQLITE_IMPORT_CACHE_KIB
from data.models import Track
from data.services.imports import import_history

_COLUMNS = (
    "user_id, ended_at, ms_played, kind, track_id, artist_id, album_id, import_id, source, "
    "skipped, shuffle, offline, incognito, platform, country, reason_start, reason_end"
)


def run_import(session, user_id: int, paths: list[Path]) -> int:
    report = import_history(session, user_id, paths, Limits.for_upload_limit(1 << 31))
    session.commit()
    return report["plays_added"]


def run_floor(session, user_id: int, paths: list[Path], clock: list[float]) -> int:
    ids = {
        uri: (tid, artist, album)
        for tid, uri, artist, album in session.execute(
            select(Track.id, Track.spotify_uri, Track.artist_id, Track.album_id)
        )
    }
    postgres = session.get_bind().dialect.name == "postgresql"
    clock.append(time.perf_counter())
    seen, values = set(), []
    for path in paths:
        for r in orjson.loads(path.read_bytes()):
            uri = r["spotify_track_uri"] or r["spotify_episode_uri"] or r["audiobook_chapter_uri"]
            track, artist, album = ids[uri]
            ended = datetime.fromisoformat(r["ts"][:19])
            key = (ended, track, r["ms_played"])
            if key in seen:
                continue
            seen.add(key)
            values.append(
                (
                    user_id,
                    ended if postgres else ended.isoformat(" ") + ".000000",
                    r["ms_played"],
                    "music",
                    track,
                    artist,
                    album,
                    None,
                    "extended",
                    r["skipped"],
                    r["shuffle"],
                    r["offline"],
                    r["incognito_mode"],
                    r["platform"],
                    r["conn_country"],
                    r["reason_start"],
                    r["reason_end"],
                )
            )
    raw = session.connection().connection
    if not postgres:
        raw.cursor().execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")  # as the import
    if postgres:
        with (
            raw.driver_connection.cursor() as cur,
            cur.copy(f"COPY plays ({_COLUMNS}) FROM STDIN") as copy,
        ):
            for value in values:
                copy.write_row(value)
    else:
        raw.cursor().executemany(
            f"INSERT INTO plays ({_COLUMNS}) VALUES ({', '.join('?' * 17)})",  # noqa: S608
            values,
        )
    session.commit()
    return len(values)


def _peak_rss_mb() -> float:
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over the exec.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _server_cpu(session) -> float | None:
    """CPU seconds of this session's PostgreSQL backend so far (None off Linux or remote)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(mode: str, url: str, user_id: str, *paths: str) -> None:
    engine = make_engine(url)
    session = sessionmaker(engine)()
    files = [Path(p) for p in paths]
    server = _server_cpu(session)
    clock = [time.perf_counter()]
    cpu = os.times()
    if mode.startswith("import"):
        if mode == "import-serial":  # the same import without parse helpers
            parallel.MIN_PARALLEL_BYTES = 1 << 62
        plays = run_import(session, int(user_id), files)
    else:
        plays = run_floor(session, int(user_id), files, clock)
    seconds = time.perf_counter() - clock[-1]
    after = os.times()
    cpu_seconds = after.user + after.system - cpu.user - cpu.system
    helper_cpu = sum(after[2:4]) - sum(cpu[2:4])  # children: user + system
    server_cpu = None if server is None else _server_cpu(session) - server
    rss_mb = _peak_rss_mb()
    # Parse helpers are this process's children, waited for when the import ends.
    helper_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    helpers = parallel.helper_count(1 << 62, engine.dialect.name) if mode == "import" else 0
    print(
        json.dumps(
            {
                "mode": mode,
                "plays": plays,
                "seconds": seconds,
                "cpu": cpu_seconds,
                "rss_mb": rss_mb,
                "helpers": helpers,
                "helper_rss_mb": helper_mb if helpers else 0.0,
                "helper_cpu": helper_cpu,
                "server_cpu": server_cpu,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
