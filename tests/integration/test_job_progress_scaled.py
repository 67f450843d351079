"""Scaled topology: progress an `rq worker` process reports is what the web process reads."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

from redis import Redis
from sqlalchemy import select

from data import frame_cache, job_progress
from data.db import get_database, session_scope
from data.importers.sources import Limits
from data.job_vocabulary import Job
from data.models import JobRun, Play
from data.queries.imports import import_job
from data.services.accounts import register
from data.services.imports import import_history
from tests import import_samples as s
from tests.conftest import run_rq_burst
from workers.queue import enqueue

MAX_BYTES = 10 * 1024 * 1024
NAMES = ("Streaming_History_Audio_2019.json", "Streaming_History_Audio_2020.json")


def _user() -> int:
    with session_scope() as session:
        return register(session, f"rq-{uuid.uuid4().hex[:8]}@example.org", "rq-progress-pw").id


def _export(folder: Path) -> list[Path]:
    """Two yearly files with nothing in common, so only the second one can be held up."""
    return [
        s.write_json(
            folder / name,
            [s.audio_row(f"{year}-03-01T10:00:00Z", "Song", f"Band {year}", 180_000)],
        )
        for name, year in zip(NAMES, (2019, 2020), strict=True)
    ]


def _hold_second_file(user_id: int, second: Path):
    """An open transaction holding the natural key of the second file's play for ``user_id``.

    The worker's insert of that play waits for this transaction, so the job stays inside its
    import (after reporting the first file) until the test lets go: no timing involved.
    """
    helper = _user()
    with session_scope() as session:  # creates the track, committed, under another user
        import_history(session, helper, [second], Limits.for_upload_limit(MAX_BYTES))
    with session_scope() as session:
        play = session.scalars(select(Play).where(Play.user_id == helper)).one()
    blocker = get_database().sessionmaker()
    blocker.add(
        Play(
            user_id=user_id,
            ended_at=play.ended_at,
            ms_played=play.ms_played,
            kind=play.kind,
            track_id=play.track_id,
            artist_id=play.artist_id,
            source=play.source,
        )
    )
    blocker.flush()
    return blocker


def _first_file_reported(user_id: int, job_id: str, timeout: float = 120) -> tuple[dict, JobRun]:
    """Poll like the Import page until the first file's progress shows; also the bare row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as session:
            status = import_job(session, user_id, job_id)
            row = session.get(JobRun, job_id)
        if (status["message"] or "").startswith("Imported"):
            return status, row
        time.sleep(0.1)
    raise AssertionError(f"no per-file progress from the worker: {status}")


def test_progress_written_by_an_rq_worker_is_read_by_the_import_query(
    scaled, tmp_path, monkeypatch
):
    # The web process's cache, as create_app opens it with REDIS_URL set.
    monkeypatch.setattr(frame_cache, "_CACHE", None)
    frame_cache.init_frame_cache(scaled)
    user_id = _user()
    paths = _export(tmp_path)
    blocker = _hold_second_file(user_id, paths[1])
    job_id = enqueue(
        Job.IMPORT_HISTORY,
        user_id=user_id,
        account_id=user_id,
        message="Import queued",
        paths=[str(p) for p in paths],
        max_bytes=MAX_BYTES,
    )
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_burst(scaled)), daemon=True)
    worker.start()
    try:
        status, row = _first_file_reported(user_id, job_id)
        in_redis = Redis.from_url(scaled.redis_url).get(job_progress.PREFIX + job_id)
    finally:
        blocker.rollback()
        blocker.close()
        worker.join(timeout=180)

    assert outcome and outcome[0] is None, outcome
    assert status["status"] == "started"
    assert status["message"] == f"Imported {NAMES[0]}"
    assert 0.02 < status["progress"] < 1.0
    # The worker wrote that to Redis only; the job row still said what it said at the start.
    assert in_redis is not None
    assert (row.status, row.message, row.progress or 0.0) == ("started", "Import queued", 0.0)
    with session_scope() as session:
        final = import_job(session, user_id, job_id)
    assert (final["status"], final["progress"]) == ("finished", 1.0)
    assert final["message"] == "2 plays added"  # both files: the held play was let go
    assert job_progress.read(job_id) is None


def _burst(settings) -> Exception | None:
    try:
        run_rq_burst(settings, "default", timeout=170)
    except Exception as exc:  # reported by the test thread, which can assert on it
        return exc
    return None
