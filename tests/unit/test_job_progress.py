"""Live job progress on the embedded default: per-file import progress while SQLite is locked."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import delete, func, select

from callbacks import import_history as page
from callbacks.server.sessions import LoginUser
from data import job_progress
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import JobRun, Play
from data.queries import admin as admin_queries
from data.queries import spotify as spotify_queries
from data.queries.accounts import get_account
from data.queries.imports import import_job
from data.queries.jobs import job_status
from data.services.accounts import register
from tests import import_samples as s
from workers import queue

FILES = {
    "Streaming_History_Audio_2019.json": ("2019-03-01T10:00:00Z", "Band 2019"),
    "Streaming_History_Audio_2020.json": ("2020-03-01T10:00:00Z", "Band 2020"),
    "Streaming_History_Audio_2021.json": ("2021-03-01T10:00:00Z", "Band 2021"),
}


@pytest.fixture
def user_id(dash_app) -> int:
    with session_scope() as session:
        email = f"progress-{uuid.uuid4().hex[:8]}@example.org"
        return register(session, email, "progress-test-pw").id


def _export(folder: Path) -> list[Path]:
    """Three yearly history files with two plays each and no artist in common."""
    return [
        s.write_json(
            folder / name,
            [
                s.audio_row(ts, f"Song {n}", artist, 180_000, uri=f"spotify:track:{artist}{n}")
                for n in (1, 2)
            ],
        )
        for name, (ts, artist) in FILES.items()
    ]


def _wait(job_id: str, timeout: float = 60) -> JobRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as session:
            run = session.get(JobRun, job_id)
            if run.status in ("finished", "failed"):
                return run
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_import_on_sqlite_shows_per_file_progress_while_its_transaction_is_open(
    dash_app, user_id, tmp_path, monkeypatch
):
    """What the Import page shows at each file, seen from inside the running import."""
    seen: list[dict] = []
    record = job_progress.record
    with session_scope() as session:
        account = get_account(session, user_id)

    def record_then_look(job_id: str, fraction: float, message: str | None = None) -> None:
        # Runs on the job's thread, inside the import transaction: every file is observed
        # at the moment it is reported, so nothing here depends on timing.
        record(job_id, fraction, message)
        if not (message or "").startswith("Imported "):
            return
        with session_scope() as session:
            status = import_job(session, user_id, job_id)
            plays = session.scalar(select(func.count()).where(Play.user_id == user_id))
        with dash_app.server.test_request_context():
            login_user(LoginUser(account))
            shown, polling_off, _message = page.follow_job(1, job_id)
        seen.append(
            {
                **status,
                "committed_plays": plays,
                "page": json.dumps(shown.to_plotly_json(), default=str),
                "polling_off": polling_off,
            }
        )

    monkeypatch.setattr(job_progress, "record", record_then_look)
    job_id = queue.enqueue(
        Job.IMPORT_HISTORY,
        user_id=user_id,
        account_id=user_id,
        paths=[str(p) for p in _export(tmp_path)],
        max_bytes=10 * 1024 * 1024,
    )
    run = _wait(job_id)

    assert run.status == "finished", run.error
    assert [v["message"] for v in seen] == [f"Imported {name}" for name in FILES]
    assert all(v["status"] == "started" and not v["polling_off"] for v in seen)
    # The import has not committed yet (SQLite's write lock is held), yet progress is visible.
    assert [v["committed_plays"] for v in seen] == [0, 0, 0]
    fractions = [v["progress"] for v in seen]
    assert 0.02 < fractions[0] < fractions[1] < fractions[2] <= 0.98
    first = seen[0]["page"]
    assert "Imported Streaming_History_Audio_2019.json" in first
    assert f"{round(fractions[0] * 100)} %" in first
    # The row keeps the last message, and the live entry is gone once the row is final.
    assert (run.progress, run.message) == (1.0, "6 plays added")
    assert job_progress.read(job_id) is None


def _run(user_id: int, func_path: str, status: str, progress: float, message: str) -> str:
    job_id = str(uuid.uuid4())
    with session_scope() as session:
        session.add(
            JobRun(
                id=job_id,
                func=func_path,
                user_id=user_id,
                args={},
                status=status,
                progress=progress,
                message=message,
            )
        )
    return job_id


def test_readers_overlay_live_progress_on_running_jobs_only(dash_app, user_id):
    sync = "workers.spotify_sync.sync_user"
    running = _run(user_id, Job.IMPORT_HISTORY, "started", 0.0, "Import queued")
    done = _run(user_id, Job.IMPORT_HISTORY, "finished", 1.0, "2 plays added")
    syncing = _run(user_id, sync, "started", 0.05, "Sync now")
    for job_id in (running, done, syncing):
        job_progress.record(job_id, 0.5, "Imported Streaming_History_Audio_2019.json")
    job_progress.record(running, 1.7)  # clamped; no message keeps the last one

    try:
        with session_scope() as session:
            live = import_job(session, user_id, running)
            final = import_job(session, user_id, done)
            admin = job_status(session, running, Job.IMPORT_HISTORY)
            jobs, _total = admin_queries.job_runs_page(session, status="started", per_page=500)
            profile = spotify_queries.sync_job(session, user_id, sync, None)
    finally:
        with session_scope() as session:  # no made-up running jobs left for other tests
            session.execute(delete(JobRun).where(JobRun.id.in_((running, done, syncing))))

    expected = (1.0, "Imported Streaming_History_Audio_2019.json")
    assert (live["progress"], live["message"]) == expected
    assert (admin["progress"], admin["message"]) == expected
    assert (final["progress"], final["message"]) == (1.0, "2 plays added")
    row = jobs.set_index("id").loc[running]
    assert (row["progress"], row["message"]) == expected
    assert (profile["id"], profile["progress"]) == (syncing, 0.5)
