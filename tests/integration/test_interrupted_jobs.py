"""An interrupted job never hangs: kill -9 the process running an import, on the embedded
thread pool (SQLite) and on a real RQ worker (PostgreSQL + Redis). Within a lease the sweep
marks the job interrupted, nothing of the import is saved, and the Import page offers
"Try again" with the kept upload, which then imports it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import pytest
from flask_login import login_user
from sqlalchemy import func, select

from callbacks import import_history as page
from callbacks.server.sessions import LoginUser
from data import frame_cache, job_progress
from data.db import session_scope
from data.job_vocabulary import Job, JobStatus
from data.models import Play
from data.queries.accounts import get_account
from data.queries.imports import import_job
from data.services.accounts import register
from tests import import_samples as s
from tests.conftest import make_settings, swapped_database, worker_env
from tests.integration.test_job_progress_scaled import _export, _hold_second_file
from workers.queue import enqueue
from workers.sweep import interrupt_dead

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 200 * 1024 * 1024
LEASE = 2
PLAYS_PER_FILE = 40_000
# The embedded host: starts like `python app.py` does (Settings once, then the bootstrap) and
# runs one job on its in-process thread pool until it is killed.
HOST = """
import json, sys, time
from data.db import init_database
from settings import Settings
from workers import bootstrap, queue
settings = Settings.from_env()
init_database(settings)
bootstrap.start(settings)
job = json.loads(sys.argv[1])
print(queue.enqueue(job.pop("func_path"), **job), flush=True)
time.sleep(600)
"""


def _stamp(year: int, n: int) -> str:
    """A distinct end time per play (plays are keyed by it): every 5 minutes from New Year."""
    return (datetime(year, 1, 1, tzinfo=UTC) + timedelta(minutes=5 * n)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def _user() -> int:
    with session_scope() as session:
        return register(session, f"kill-{uuid.uuid4().hex[:8]}@example.org", "kill-test-pw").id


def _env(settings) -> dict[str, str]:
    return {
        **worker_env(settings),
        "DATABASE_URL": settings.database_url,
        "JOB_LEASE_SECONDS": str(LEASE),
        "RUN_SCHEDULER": "false",
        "LOAD_DEMO": "false",
    }


def _wait(check, timeout: float = 120, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _status(user_id: int, job_id: str) -> dict:
    with session_scope() as session:
        return import_job(session, user_id, job_id)


def _plays(user_id: int) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).where(Play.user_id == user_id))


def _kill(process: subprocess.Popen) -> None:
    """kill -9 the process and its children (RQ's work horse runs in a session of its own)."""
    for child in psutil.Process(process.pid).children(recursive=True):
        child.kill()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _sweep_until_interrupted(settings, job_id: str) -> float:
    """Sweep as the scheduler does until the job is marked; returns the seconds it took."""
    start = time.monotonic()
    _wait(lambda: job_id in interrupt_dead(settings)["interrupted_jobs"], 60, "the sweep")
    return time.monotonic() - start


def _page(user_id: int, job_id: str, dash_app) -> str:
    with dash_app.server.test_request_context():
        with session_scope() as session:
            login_user(LoginUser(get_account(session, user_id)))
        children, polling_off, _upload_note = page.follow_job(1, job_id)
        assert polling_off is True
        return json.dumps(children.to_plotly_json(), default=str)


@pytest.fixture
def embedded(dash_app, tmp_path, monkeypatch):
    """A private embedded instance (SQLite file, diskcache) shared with a host subprocess."""
    settings = make_settings(tmp_path / "instance", job_lease_seconds=LEASE)
    monkeypatch.setattr(frame_cache, "_CACHE", None)
    frame_cache.init_frame_cache(settings)
    with swapped_database(settings):
        yield settings


def test_killed_embedded_import_is_interrupted_and_try_again_imports_the_kept_upload(
    embedded, dash_app
):
    user_id = _user()
    folder = Path(embedded.instance_dir) / "uploads" / str(user_id) / uuid.uuid4().hex
    names = [f"Streaming_History_Audio_{year}.json" for year in (2019, 2020, 2021)]
    paths = [
        s.write_json(
            folder / name,
            [
                s.audio_row(_stamp(2019 + i, n), f"Song {n}", f"Band {n % 500}", 200_000)
                for n in range(PLAYS_PER_FILE)
            ],
        )
        for i, name in enumerate(names)
    ]
    job = {
        "func_path": Job.IMPORT_HISTORY,
        "user_id": user_id,
        "account_id": user_id,
        "paths": [str(p) for p in paths],
        "max_bytes": MAX_BYTES,
        "cleanup_dir": str(folder),
    }
    host = subprocess.Popen(
        [sys.executable, "-c", HOST, json.dumps(job)],
        env=_env(embedded),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        job_id = host.stdout.readline().strip()
        # Killed inside the import, after its first file, before the commit.
        _wait(
            lambda: (_status(user_id, job_id)["message"] or "").startswith("Imported"),
            what="the first file imported",
        )
        assert job_progress.leased([job_id]) == {job_id}  # alive: the host renews its lease
    finally:
        _kill(host)

    assert _sweep_until_interrupted(embedded, job_id) < 4 * LEASE
    status = _status(user_id, job_id)
    assert status["status"] == JobStatus.INTERRUPTED
    assert _plays(user_id) == 0  # one transaction: nothing half-saved
    assert all(p.is_file() for p in paths)  # kept for "Try again"
    text = _page(user_id, job_id, dash_app)
    assert "Import interrupted; nothing was saved" in text and "Try again" in text

    with dash_app.server.test_request_context():
        with session_scope() as session:
            login_user(LoginUser(get_account(session, user_id)))
        again = page.retry_interrupted(1, job_id)
    assert again != job_id
    done = _wait(
        lambda: (st := _status(user_id, again))["status"] == JobStatus.FINISHED and st,
        300,
        "the retried import",
    )
    assert done["result"]["plays_added"] == 3 * PLAYS_PER_FILE
    assert _plays(user_id) == 3 * PLAYS_PER_FILE
    assert not folder.exists()  # the private export is deleted after the import


def test_killed_rq_worker_import_is_interrupted(scaled, tmp_path, monkeypatch):
    monkeypatch.setattr(frame_cache, "_CACHE", None)
    frame_cache.init_frame_cache(scaled)
    settings = make_settings(
        Path(scaled.instance_dir),
        database_url=scaled.database_url,
        redis_url=scaled.redis_url,
        job_lease_seconds=LEASE,
    )
    user_id = _user()
    paths = _export(tmp_path)
    blocker = _hold_second_file(user_id, paths[1])  # the worker waits inside its import
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("rq")),
            "worker",
            "-w",
            "workers.bootstrap.Worker",
            "--url",
            scaled.redis_url,
            "default",
        ],
        env=_env(settings),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        job_id = enqueue(
            Job.IMPORT_HISTORY,
            user_id=user_id,
            account_id=user_id,
            paths=[str(p) for p in paths],
            max_bytes=MAX_BYTES,
        )
        _wait(
            lambda: (_status(user_id, job_id)["message"] or "").startswith("Imported"),
            what="the worker inside the import",
        )
        time.sleep(LEASE + 1)
        # Older than a lease but alive: the sweep leaves it alone.
        assert interrupt_dead(settings)["interrupted_jobs"] == []
        assert _status(user_id, job_id)["status"] == JobStatus.STARTED
    finally:
        _kill(worker)
        blocker.rollback()
        blocker.close()

    assert _sweep_until_interrupted(settings, job_id) < 4 * LEASE
    assert _status(user_id, job_id)["status"] == JobStatus.INTERRUPTED
    assert _plays(user_id) == 0
