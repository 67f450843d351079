"""Live Spotify sync run by a real `rq worker` against Redis, PostgreSQL and a loopback fake."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select

from data.crypto import TokenCipher
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import (
    Artist,
    ArtistGenre,
    JobRun,
    Play,
    SpotifyAccount,
    TopSnapshot,
    utcnow,
)
from data.services import accounts, spotify_accounts
from tests.conftest import worker_env
from tests.integration.fake_spotify import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeSpotify,
    artist_object,
    track_object,
)
from workers import context, queue
from workers.spotify_sync import run_sync, schedule_syncs

RECENT = "/v1/me/player/recently-played"
T0 = 1_763_000_000_000  # ms, Nov 2025
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake():
    server = FakeSpotify()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sync_env(scaled, fake, monkeypatch):
    """Scaled settings pointing at the fake, for this process and for worker subprocesses."""
    settings = dataclasses.replace(
        scaled,
        spotify_client_id=CLIENT_ID,
        spotify_client_secret=CLIENT_SECRET,
        spotify_accounts_url=fake.base_url,
        spotify_api_url=f"{fake.base_url}/v1/",
    )
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    return settings


def _env(settings, **extra) -> dict[str, str]:
    env = worker_env(settings)
    env.update(
        SPOTIFY_CLIENT_ID=settings.spotify_client_id,
        SPOTIFY_CLIENT_SECRET=settings.spotify_client_secret,
        SPOTIFY_ACCOUNTS_URL=settings.spotify_accounts_url,
        SPOTIFY_API_URL=settings.spotify_api_url,
        **{k.upper(): str(v) for k, v in extra.items()},
    )
    return env


def _worker_cmd(settings) -> list[str]:
    rq = Path(sys.executable).with_name("rq")
    return [
        str(rq),
        "worker",
        "--burst",
        "--with-scheduler",
        "--url",
        settings.redis_url,
        "sync",
    ]


def run_worker(settings, **extra) -> str:
    result = subprocess.run(
        _worker_cmd(settings),
        env=_env(settings, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def connect_user(fake: FakeSpotify, settings, *, expires_in: int = 3600) -> int:
    email = f"sync-{uuid.uuid4().hex[:8]}@example.org"
    access, refresh = fake.issue_tokens()
    token = {"access_token": access, "refresh_token": refresh, "expires_in": expires_in}
    with session_scope() as session:
        user_id = accounts.register(session, email, "password-123").id
        spotify_accounts.save_connection(
            session,
            user_id,
            token,
            {"id": fake.user_id, "display_name": fake.display_name},
            TokenCipher(settings.token_encryption_key),
        )
    return user_id


def add_plays(fake: FakeSpotify, count: int, start_ms: int) -> list[int]:
    """``count`` plays three minutes apart from ``start_ms``; returns their played_at ms."""
    stamps = []
    for i in range(count):
        n = len(fake.plays)
        artist = f"ar{n % 4}"
        fake.add_play(
            start_ms + i * 180_000,
            track_object(f"tr{n % 9}", f"Song {n % 9}", artist, f"Artist {n % 4}", "LP", 181_000),
        )
        stamps.append(start_ms + i * 180_000)
    return stamps


def enqueue_sync(user_id: int) -> str:
    return queue.enqueue(Job.SPOTIFY_SYNC, queue="sync", user_id=user_id, for_user=user_id)


def job(job_id: str) -> JobRun:
    with session_scope() as session:
        return session.get(JobRun, job_id)


def account(user_id: int) -> SpotifyAccount:
    with session_scope() as session:
        return session.get(SpotifyAccount, user_id)


def play_times(user_id: int) -> list:
    with session_scope() as session:
        return list(
            session.scalars(
                select(Play.ended_at).where(Play.user_id == user_id).order_by(Play.ended_at)
            )
        )


def test_first_sync_then_incremental_with_cursor(sync_env, fake):
    stamps = add_plays(fake, 60, T0)
    fake.artists["ar0"] = artist_object("ar0", "Artist 0", ["Dream Pop", "shoegaze"], "http://i/0")
    fake.top[("artists", "short_term")] = [fake.artists["ar1"], fake.artists["ar0"]]
    fake.top[("tracks", "long_term")] = [fake.plays[0][1], fake.plays[1][1]]
    user_id = connect_user(fake, sync_env)

    first = enqueue_sync(user_id)
    run_worker(sync_env)
    run = job(first)
    assert run.status == "finished", run.error
    assert run.result["added"] == 50  # recently-played only reaches back 50 plays
    assert len(play_times(user_id)) == 50
    assert account(user_id).recent_cursor_ms == stamps[-1]
    assert account(user_id).last_success_at is not None
    assert account(user_id).next_sync_at > utcnow() + timedelta(minutes=14)
    with session_scope() as session:
        tops = session.execute(
            select(TopSnapshot.time_range, TopSnapshot.item_type, TopSnapshot.rank)
        ).all()
        assert sorted(tops) == [
            ("long_term", "tracks", 1),
            ("long_term", "tracks", 2),
            ("short_term", "artists", 1),
            ("short_term", "artists", 2),
        ]
        ar0 = session.scalar(select(Artist).where(Artist.spotify_id == "ar0"))
        assert ar0.image_url == "http://i/0" and ar0.details_fetched_at is not None
        sources = session.execute(
            select(ArtistGenre.source).where(ArtistGenre.artist_id == ar0.id)
        ).all()
        assert [s for (s,) in sources] == ["spotify", "spotify"]
    artist_lookups = fake.count("/v1/artists/")
    assert artist_lookups == 4

    new = add_plays(fake, 3, stamps[-1] + 600_000)
    second = enqueue_sync(user_id)
    run_worker(sync_env)
    assert job(second).result["added"] == 3
    after_values = [q.get("after") for m, p, q in fake.requests if p == RECENT]
    assert str(stamps[-1]) in after_values  # the incremental call started at the cursor
    assert account(user_id).recent_cursor_ms == new[-1]
    assert fake.count("/v1/artists/") == artist_lookups  # known artists are not re-fetched
    assert fake.count("/v1/me/top/") == 6  # tops once per day

    third = enqueue_sync(user_id)
    run_worker(sync_env)
    assert job(third).result["added"] == 0
    assert len(play_times(user_id)) == 53


def test_rate_limit_reschedules_after_retry_after_then_succeeds(sync_env, fake):
    add_plays(fake, 5, T0)
    user_id = connect_user(fake, sync_env)
    fake.rate_limit(RECENT, 3, quota=True)
    first = enqueue_sync(user_id)
    run_worker(sync_env)
    assert job(first).status == "rescheduled"
    assert job(first).message.startswith("QUOTA_EXCEEDED")
    assert "QUOTA_EXCEEDED" in account(user_id).last_error
    assert play_times(user_id) == []
    with session_scope() as session:
        again = session.scalars(
            select(JobRun).where(JobRun.func == Job.SPOTIFY_SYNC, JobRun.id != first)
        ).one()
        assert again.status == "queued"
        assert again.user_id == user_id  # the retry stays on the user's list of runs

    run_worker(sync_env)  # before Retry-After has passed: nothing runs
    assert job(again.id).status == "queued"
    time.sleep(3.5)
    run_worker(sync_env)
    assert job(again.id).status == "finished", job(again.id).error
    assert len(play_times(user_id)) == 5
    assert account(user_id).last_error is None


def test_plain_rate_limit_is_recorded_apart_from_quota(sync_env, fake):
    user_id = connect_user(fake, sync_env)
    fake.rate_limit(RECENT, 3600)
    first = enqueue_sync(user_id)
    run_worker(sync_env)
    assert job(first).message.startswith("RATE_LIMITED")
    assert "QUOTA_EXCEEDED" not in account(user_id).last_error
    assert account(user_id).next_sync_at > utcnow() + timedelta(minutes=55)


def test_expired_access_token_is_refreshed_and_kept(sync_env, fake):
    add_plays(fake, 4, T0)
    user_id = connect_user(fake, sync_env)
    before = account(user_id).access_token_enc
    fake.expire_access_tokens()  # Spotify says 401 although our stored expiry is in the future
    first = enqueue_sync(user_id)
    run_worker(sync_env)
    assert job(first).status == "finished", job(first).error
    assert fake.count("/api/token") == 1
    assert len(play_times(user_id)) == 4
    assert account(user_id).access_token_enc != before

    soon = connect_user(fake, sync_env, expires_in=60)  # refreshed before expiry, no 401
    fake.requests.clear()
    enqueue_sync(soon)
    run_worker(sync_env)
    assert fake.requests[0][1] == "/api/token"
    assert account(soon).expires_at > utcnow() + timedelta(minutes=50)


def test_revoked_token_marks_the_account_and_stops_scheduling(sync_env, fake):
    user_id = connect_user(fake, sync_env)
    fake.revoke()
    first = enqueue_sync(user_id)
    run_worker(sync_env)
    assert job(first).result["status"] == "revoked"
    revoked = account(user_id)
    assert revoked.status == "revoked"
    assert revoked.access_token_enc is None and revoked.refresh_token_enc is None
    assert "Connect Spotify again" in revoked.last_error
    assert schedule_syncs(jitter_seconds=0) == {"enqueued": 0}


def test_worker_killed_midway_then_rerun_loses_nothing_and_duplicates_nothing(sync_env, fake):
    user_id = connect_user(fake, sync_env)
    with session_scope() as session:
        session.get(SpotifyAccount, user_id).recent_cursor_ms = T0 - 1
    stamps = add_plays(fake, 80, T0)  # two pages after the cursor
    released = fake.hang(RECENT, skip=1)  # the second page never answers
    enqueue_sync(user_id)
    worker = subprocess.Popen(
        _worker_cmd(sync_env),
        env=_env(sync_env),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while fake.count(RECENT) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert fake.count(RECENT) == 2
    finally:
        # The work horse runs in its own process group: kill it and the worker outright.
        for process in [*psutil.Process(worker.pid).children(recursive=True)]:
            process.send_signal(signal.SIGKILL)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        released.set()
    assert len(play_times(user_id)) == 50  # the first page was committed with its cursor
    assert account(user_id).recent_cursor_ms == stamps[49]
    assert account(user_id).sync_started_at is not None  # the dead sync's lease

    blocked = enqueue_sync(user_id)
    run_worker(sync_env)  # the lease is still live: never two syncs of one user at once
    assert "skipped" in job(blocked).result
    time.sleep(1.5)
    rerun = enqueue_sync(user_id)
    run_worker(sync_env, spotify_sync_lease_seconds=1)
    assert job(rerun).result["added"] == 30
    times = play_times(user_id)
    assert len(times) == len(set(times)) == 80


def test_tick_enqueues_due_users_once_and_one_failure_does_not_block_others(sync_env, fake):
    add_plays(fake, 6, T0)
    users = [connect_user(fake, sync_env) for _ in range(2)]
    assert schedule_syncs(jitter_seconds=0) == {"enqueued": 2}
    assert schedule_syncs(jitter_seconds=0) == {"enqueued": 0}  # already queued
    fake.fail(RECENT, 500, body={"error": {"status": 500, "message": "Server error"}})
    run_worker(sync_env)
    outcomes = sorted((account(u).consecutive_failures, len(play_times(u))) for u in users)
    assert outcomes == [(0, 6), (1, 0)]
    failed = next(u for u in users if account(u).consecutive_failures)
    assert "server error" in account(failed).last_error
    wait = account(failed).next_sync_at - utcnow()
    assert timedelta(minutes=14) < wait <= timedelta(minutes=15)
    with session_scope() as session:
        statuses = session.scalars(
            select(JobRun.status).where(JobRun.func == Job.SPOTIFY_SYNC)
        ).all()
        assert sorted(statuses) == ["failed", "finished"]
        assert session.scalar(select(func.count()).select_from(Play)) == 6


def test_back_off_doubles_per_failure_up_to_the_cap(sync_env, fake):
    user_id = connect_user(fake, sync_env)
    waits = []
    for _ in range(7):
        fake.fail(RECENT, 503)
        enqueue_sync(user_id)
        run_worker(sync_env)
        waits.append(round((account(user_id).next_sync_at - utcnow()).total_seconds() / 60))
    assert waits == [15, 30, 60, 120, 240, 360, 360]


def test_disconnect_during_a_sync_never_writes_tokens_back(sync_env, fake):
    user_id = connect_user(fake, sync_env, expires_in=60)  # the sync starts with a refresh
    released = fake.hang("/api/token")
    outcome = {}
    sync = threading.Thread(target=lambda: outcome.update(run_sync(sync_env, user_id)))
    sync.start()
    deadline = time.monotonic() + 20
    while fake.count("/api/token") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    with session_scope() as session:
        assert spotify_accounts.disconnect(session, user_id)
    released.set()
    sync.join(30)
    assert outcome["status"] == "disconnected"
    gone = account(user_id)
    assert gone.status == "disconnected"
    assert gone.access_token_enc is None and gone.refresh_token_enc is None
