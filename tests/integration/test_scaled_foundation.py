"""The scaled topology: the migration on PostgreSQL, jobs through RQ run by a real worker."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from data import migrate
from data.db import get_database, make_engine, session_scope
from data.models import Artist, JobRun, Play, Track, User
from tests.conftest import run_rq_burst
from tests.migration_checks import plays_survive_the_natural_key_migration
from workers import context, queue
from workers.backends import RQBackend


def test_migration_applies_on_postgresql_and_matches_models(postgres_url):
    engine = make_engine(postgres_url)
    migrate.upgrade(engine, postgres_url)
    assert not migrate.pending(engine, postgres_url)
    assert migrate.drift(engine) == []
    engine.dispose()


def test_play_natural_key_holds_on_postgresql(scaled):
    with session_scope() as session:
        user = User(email="pg@example.org", password_hash="x", display_name="PG")
        artist = Artist(name="Bicep", name_key="bicep")
        session.add_all([user, artist])
        session.flush()
        track = Track(name="Glue", artist_id=artist.id, track_key="music|bicep|glue")
        session.add(track)
        session.flush()
        ids = (user.id, track.id, artist.id)
    play = {"ended_at": datetime(2025, 1, 1, 0, 0, 1), "ms_played": 1000}
    with session_scope() as session:
        session.add(Play(user_id=ids[0], track_id=ids[1], artist_id=ids[2], **play))
    duplicate = Play(user_id=ids[0], track_id=ids[1], artist_id=ids[2], **play)
    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(duplicate)


def test_job_enqueued_through_the_helper_is_run_by_rq_worker(scaled):
    assert isinstance(context.backend(), RQBackend)
    job_id = queue.enqueue("workers.rollups.recompute_interaction_rollups", days=2)
    with session_scope() as session:
        assert session.get(JobRun, job_id).status == "queued"
    output = run_rq_burst(scaled, "default")
    assert job_id in output
    with session_scope() as session:
        run = session.get(JobRun, job_id)
        assert run.status == "finished", run.error
        assert run.progress == 1.0 and run.result["until"]


def test_failed_rq_job_records_its_error(scaled):
    job_id = queue.enqueue("workers.rollups.recompute_interaction_rollups", until="garbage")
    run_rq_burst(scaled, "default")
    with session_scope() as session:
        run = session.get(JobRun, job_id)
        assert run.status == "failed" and "ValueError" in run.error


def test_periodic_entry_point_records_a_job_run(scaled, monkeypatch):
    from tests.conftest import worker_env
    from workers.periodic import run_periodic

    for key, value in worker_env(scaled).items():
        if key in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "TOKEN_ENCRYPTION_KEY"):
            monkeypatch.setenv(key, value)
    run_periodic("rollups")
    with session_scope() as session:
        funcs = session.scalars(select(JobRun.func).where(JobRun.status == "finished")).all()
    assert "workers.rollups.recompute_interaction_rollups" in funcs
    assert get_database().url == scaled.database_url


def test_rq_cron_enqueues_periodic_jobs_that_a_worker_runs(scaled):
    import subprocess
    import sys
    import time
    from pathlib import Path

    from redis import Redis
    from rq import Queue

    from tests.conftest import worker_env

    rq = Path(sys.executable).with_name("rq")
    cron = subprocess.Popen(
        [str(rq), "cron", "workers.cron", "--url", scaled.redis_url],
        env=worker_env(scaled),
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    queue = Queue("default", connection=Redis.from_url(scaled.redis_url))
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and queue.count == 0:
            time.sleep(0.2)
    finally:
        cron.terminate()
        output = cron.communicate(timeout=20)[0]
    assert queue.count > 0, output[-2000:]
    run_rq_burst(scaled, "default")
    with session_scope() as session:
        runs = session.execute(select(JobRun.func, JobRun.status)).all()
    assert ("workers.rollups.recompute_interaction_rollups", "finished") in [tuple(r) for r in runs]


def test_plays_survive_the_natural_key_migration_on_postgresql(postgres_url):
    plays_survive_the_natural_key_migration(postgres_url)
