"""The job vocabulary, the sweep's parts (orphaned feed runs, stale uploads) and the private
instance folder."""

from __future__ import annotations

import os
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from data import frame_cache
from data.db import session_scope
from data.feeds import PROVIDERS, build_client
from data.job_vocabulary import ACTIVE, TERMINAL, Job, JobStatus
from data.models import FeedRun, JobRun, utcnow
from data.services.interrupted import interrupt_abandoned_jobs, interrupt_orphaned_feed_runs
from tests.conftest import make_settings, swapped_database
from workers import bootstrap, context, feeds, runner
from workers.sweep import remove_stale_uploads


def test_every_status_is_active_or_terminal_and_a_rescheduled_row_is_over():
    assert set(JobStatus) == ACTIVE | TERMINAL and not ACTIVE & TERMINAL
    # The row of a rescheduled run never changes again (its retry is a new row): pages that
    # polled it as active polled forever.
    assert JobStatus.RESCHEDULED in TERMINAL and JobStatus.INTERRUPTED in TERMINAL


@pytest.mark.parametrize("path", list(Job))
def test_every_job_name_is_a_job_function(path):
    assert callable(runner.resolve(path))


def test_clients_take_credentials_and_rates_from_the_provider_description(tmp_path):
    settings = make_settings(tmp_path, ticketmaster_api_key="tm-key", eventbrite_token="eb")
    client = build_client(settings, "ticketmaster")
    assert client.params == {"apikey": "tm-key"}
    assert client.min_interval == PROVIDERS["ticketmaster"].min_interval == 0.2
    assert build_client(settings, "eventbrite").session.headers["Authorization"] == "Bearer eb"
    assert feeds._city_query("ical", {"lat": 1.0, "lng": 2.0}, 10) == {}


def test_dead_jobs_are_interrupted_live_and_young_ones_are_not(db_session):
    old = utcnow() - timedelta(minutes=10)
    for job_id, started in (("dead", old), ("alive", old), ("young", utcnow())):
        db_session.add(JobRun(id=job_id, func=Job.ROLLUPS, status="started", started_at=started))
    db_session.add(JobRun(id="queued", func=Job.ROLLUPS, status="queued"))
    db_session.flush()

    dead = interrupt_abandoned_jobs(
        db_session, utcnow() - timedelta(minutes=1), lambda ids: {"alive"} & set(ids)
    )

    assert [r.id for r in dead] == ["dead"]
    statuses = dict(db_session.execute(select(JobRun.id, JobRun.status)).all())
    assert statuses == {
        "dead": "interrupted",
        "alive": "started",
        "young": "started",
        "queued": "queued",
    }


def test_running_feed_runs_are_interrupted_only_when_no_feed_job_is_alive(db_session):
    db_session.add(FeedRun(source="ical", status="running", started_at=utcnow() - timedelta(1)))
    db_session.add(JobRun(id="j", func=Job.FEED_POLL, args={"source": "ical"}, status="started"))
    db_session.flush()
    cutoff = utcnow()
    assert interrupt_orphaned_feed_runs(db_session, cutoff) == []  # maybe that job's run

    db_session.get(JobRun, "j").status = "interrupted"
    assert interrupt_orphaned_feed_runs(db_session, cutoff) == ["ical"]
    run = db_session.scalars(select(FeedRun)).one()
    assert run.status == "interrupted" and run.finished_at is not None


def test_a_dead_runs_lock_is_broken(tmp_path):
    settings = make_settings(tmp_path)
    held = feeds.SourceLock(settings, "ical")
    assert held.acquire()
    assert not feeds.SourceLock(settings, "ical").acquire()
    feeds.break_lock(settings, "ical")
    again = feeds.SourceLock(settings, "ical")
    assert again.acquire()
    again.release()
    held.release()


def test_stale_uploads_go_unless_a_job_needs_them(dash_app, tmp_path):
    settings = make_settings(tmp_path, upload_keep_hours=1)
    root = tmp_path / "uploads"
    stale, needed, fresh = root / "7" / "stale", root / "7" / "needed", root / "admin" / "fresh"
    for folder in (stale, needed, fresh):
        (folder / "000").mkdir(parents=True)
        (folder / "000" / "export.json").write_text("[]")
    two_hours_ago = time.time() - 7200
    for folder in (stale, needed):
        os.utime(folder, (two_hours_ago, two_hours_ago))
    with swapped_database(settings):
        with session_scope() as session:
            session.add(
                JobRun(
                    id="q",
                    func=Job.IMPORT_HISTORY,
                    status="queued",
                    args={"cleanup_dir": str(needed)},
                )
            )
        assert remove_stale_uploads(settings) == 1
    assert not stale.exists() and needed.exists() and fresh.exists()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_files_are_private(dash_app, tmp_path, monkeypatch):
    # This process's own start is kept: the test starts a second instance, then puts it back.
    monkeypatch.setattr(context, "PROCESS", context.Process(context.settings(), context.backend()))
    monkeypatch.setattr(frame_cache, "_CACHE", frame_cache.get_frame_cache())
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    (instance / "old.log").write_text("from an earlier version")
    os.chmod(instance / "old.log", 0o644)
    settings = make_settings(instance, secret_key="", token_encryption_key="")  # generated here

    bootstrap.start(settings)
    with swapped_database(settings):  # creates the SQLite file
        pass
    (instance / "uploads" / "1").mkdir(parents=True)
    (instance / "uploads" / "1" / "export.json").write_text("[]")

    assert _mode(instance) == 0o700
    files = [p for p in instance.rglob("*") if p.is_file()]
    folders = [p for p in instance.rglob("*") if p.is_dir()]
    assert {"secret_key", "token_key", "rewrapped.db", "old.log"} <= {p.name for p in files}
    assert {p.name: _mode(p) for p in files} == dict.fromkeys((p.name for p in files), 0o600)
    assert {_mode(p) for p in folders} == {0o700}


def test_the_job_queue_names_the_source_of_a_feed_job(db_session):
    from data.queries.admin import job_runs_page

    db_session.add(JobRun(id="f", func=Job.FEED_POLL, args={"source": "ical"}, status="queued"))
    db_session.add(JobRun(id="r", func=Job.ROLLUPS, args={"days": 2}, status="queued"))
    db_session.flush()
    jobs, total = job_runs_page(db_session)
    assert total == 2
    assert set(jobs["func"]) == {"workers.feeds.poll(ical)", Job.ROLLUPS}
