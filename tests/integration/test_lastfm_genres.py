"""Last.fm tags as a genre source, run by a real `rq worker` against a loopback TLS fake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from data.crypto import TokenCipher
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import Artist, JobRun
from data.queries import genres as genre_reads
from data.services import accounts, genres, spotify_accounts
from tests.conftest import worker_env
from tests.integration.fake_lastfm import API_KEY, FakeLastfm
from tests.integration.fake_spotify import CLIENT_ID, CLIENT_SECRET, FakeSpotify, track_object
from workers import queue

ROOT = Path(__file__).resolve().parents[2]
JOB = "workers.lastfm_genres.tag_artists"


@pytest.fixture
def lastfm(tmp_path):
    fake = FakeLastfm()
    fake.start(tmp_path)
    yield fake
    fake.stop()


def run_worker(settings, fake: FakeLastfm) -> None:
    env = worker_env(settings)
    # The worker trusts only the fake's certificate: nothing else may be reached anyway.
    env.update(SSL_CERT_FILE=str(fake.cert_path), LASTFM_API_KEY=API_KEY, LASTFM_API_URL=fake.url)
    rq = Path(sys.executable).with_name("rq")
    result = subprocess.run(
        [
            str(rq),
            "worker",
            "-w",
            "workers.bootstrap.Worker",
            "--burst",
            "--url",
            settings.redis_url,
            "default",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _artists(*names: str, spotify: str | None = None) -> dict[str, int]:
    with session_scope() as session:
        rows = [Artist(name=n, name_key=n.lower(), spotify_id=spotify) for n in names]
        session.add_all(rows)
        session.flush()
        return {r.name: r.id for r in rows}


def _lastfm_genres(artist_id: int) -> list[str]:
    with session_scope() as session:
        frame = genre_reads.effective_genres(session, [artist_id], None)
    return list(frame.loc[frame["source"] == "lastfm", "genre"])


def test_tags_become_lastfm_genres_once_within_the_age(scaled, lastfm):
    lastfm.tags["cher"] = [
        ("pop", 100),
        ("female vocalists", 60),
        ("Dance", 35),
        ("seen live", 20),
        ("80s", 8),
    ]
    ids = _artists("Cher", "Nobody Knows Me")
    on_spotify = _artists("Spotify Artist", spotify="sp1")
    job_id = queue.enqueue(JOB)
    run_worker(scaled, lastfm)
    with session_scope() as session:
        run = session.get(JobRun, job_id)
        assert run.status == "finished", run.error
        assert run.result == {"looked_up": 2, "tagged": 1, "stopped": None}
        assert all(session.get(Artist, i).details_fetched_at is not None for i in ids.values())
        assert session.get(Artist, on_spotify["Spotify Artist"]).details_fetched_at is None
    assert sorted(_lastfm_genres(ids["Cher"])) == ["dance", "pop"]
    assert _lastfm_genres(ids["Nobody Knows Me"]) == []
    asked = [r["artist"] for r in lastfm.requests]
    assert sorted(asked) == ["Cher", "Nobody Knows Me"]

    queue.enqueue(JOB)
    run_worker(scaled, lastfm)
    assert len(lastfm.requests) == 2  # nothing is asked again within the age

    with session_scope() as session:
        genres.set_user_genres(session, 7, ids["Cher"], ["disco"])
        frame = genre_reads.effective_genres(session, [ids["Cher"]], 7)
    assert list(zip(frame["genre"], frame["source"], strict=True)) == [("disco", "user")]


def test_rate_limit_stops_the_run_and_leaves_artists_for_later(scaled, lastfm):
    lastfm.tags["cher"] = [("pop", 100)]
    ids = _artists("Cher")
    lastfm.errors.append("29")
    job_id = queue.enqueue(JOB)
    run_worker(scaled, lastfm)
    with session_scope() as session:
        result = session.get(JobRun, job_id).result
        assert result["looked_up"] == 0 and "29" in result["stopped"]
        assert session.get(Artist, ids["Cher"]).details_fetched_at is None
    queue.enqueue(JOB)
    run_worker(scaled, lastfm)
    assert _lastfm_genres(ids["Cher"]) == ["pop"]


def test_without_an_api_key_nothing_is_asked(scaled, lastfm):
    _artists("Cher")
    job_id = queue.enqueue(JOB)
    env_free = scaled  # the worker gets no LASTFM_API_KEY here
    rq = Path(sys.executable).with_name("rq")
    subprocess.run(
        [
            str(rq),
            "worker",
            "-w",
            "workers.bootstrap.Worker",
            "--burst",
            "--url",
            env_free.redis_url,
            "default",
        ],
        env=worker_env(env_free),
        check=True,
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    with session_scope() as session:
        assert session.get(JobRun, job_id).result["reason"] == "no LASTFM_API_KEY"
        assert session.scalar(select(Artist.details_fetched_at)) is None
    assert lastfm.requests == []


def test_live_sync_adds_lastfm_tags_with_spotify_details(scaled, lastfm):
    spotify = FakeSpotify()
    spotify.start()
    try:
        spotify.add_play(1_763_000_000_000, track_object("t1", "Believe", "cher1", "Cher", "B", 1))
        lastfm.tags["cher"] = [("pop", 100), ("synthpop", 40)]
        access, refresh = spotify.issue_tokens()
        with session_scope() as session:
            user_id = accounts.register(session, "lfm-sync@example.org", "password-123").id
            spotify_accounts.save_connection(
                session,
                user_id,
                {"access_token": access, "refresh_token": refresh, "expires_in": 3600},
                {"id": spotify.user_id},
                TokenCipher(scaled.token_encryption_key),
            )
        job_id = queue.enqueue(Job.SPOTIFY_SYNC, queue="sync", user_id=user_id, for_user=user_id)
        env = worker_env(scaled)
        env.update(
            SSL_CERT_FILE=str(lastfm.cert_path),
            LASTFM_API_KEY=API_KEY,
            LASTFM_API_URL=lastfm.url,
            SPOTIFY_CLIENT_ID=CLIENT_ID,
            SPOTIFY_CLIENT_SECRET=CLIENT_SECRET,
            SPOTIFY_ACCOUNTS_URL=spotify.base_url,
            SPOTIFY_API_URL=f"{spotify.base_url}/v1/",
        )
        rq = Path(sys.executable).with_name("rq")
        subprocess.run(
            [
                str(rq),
                "worker",
                "-w",
                "workers.bootstrap.Worker",
                "--burst",
                "--url",
                scaled.redis_url,
                "sync",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        spotify.stop()
    with session_scope() as session:
        assert session.get(JobRun, job_id).result["artists"] == 1
        cher = session.scalar(select(Artist.id).where(Artist.spotify_id == "cher1"))
    assert sorted(_lastfm_genres(cher)) == ["pop", "synthpop"]  # Spotify had no genres
