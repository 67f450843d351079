"""The in-process backend runs the same job functions and records them in job_runs."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from sqlalchemy import select

from data.db import session_scope
from data.models import Event, EventInteraction, EventInteractionDaily, JobRun
from data.services.rollups import recompute_daily
from workers import queue
from workers.periodic import periodic_jobs
from workers.scheduler import EmbeddedScheduler


def _wait(job_id: str, timeout: float = 20) -> JobRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as session:
            run = session.get(JobRun, job_id)
            if run.status in ("finished", "failed", "rescheduled"):
                return run
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_enqueued_job_runs_in_process_and_finishes(dash_app):
    job_id = queue.enqueue("workers.rollups.recompute_interaction_rollups", days=3)
    run = _wait(job_id)
    assert run.status == "finished" and run.progress == 1.0
    assert run.result["since"] == (date.today() - timedelta(days=2)).isoformat()
    assert run.started_at <= run.finished_at


def test_failing_job_records_the_error(dash_app):
    job_id = queue.enqueue("workers.rollups.recompute_interaction_rollups", until="not-a-date")
    run = _wait(job_id)
    assert run.status == "failed"
    assert "ValueError" in run.error


def test_only_workers_functions_can_be_enqueued(dash_app):
    job_id = queue.enqueue("os.system", command="true")
    assert _wait(job_id).status == "failed"


def test_rollup_counts_per_event_day_and_kind(dash_app):
    day = date(2020, 1, 15)
    with session_scope() as session:
        event = Event(title="Rollup test", local_date=day, timezone="UTC")
        session.add(event)
        session.flush()
        noon = datetime(2020, 1, 15, 12)
        session.add_all(
            [
                EventInteraction(
                    event_id=event.id, user_id=1, kind="view", occurred_at=noon, match_score=0.9
                ),
                EventInteraction(
                    event_id=event.id, user_id=1, kind="view", occurred_at=noon, match_score=0.1
                ),
                EventInteraction(event_id=event.id, user_id=2, kind="view", occurred_at=noon),
                EventInteraction(event_id=event.id, user_id=2, kind="save", occurred_at=noon),
                EventInteraction(
                    event_id=event.id, user_id=2, kind="save", occurred_at=noon + timedelta(days=1)
                ),
            ]
        )
        session.flush()
        recompute_daily(session, day, day + timedelta(days=1))
        recompute_daily(session, day, day + timedelta(days=1))  # idempotent
        rows = session.execute(
            select(
                EventInteractionDaily.day,
                EventInteractionDaily.kind,
                EventInteractionDaily.count,
                EventInteractionDaily.unique_users,
                EventInteractionDaily.matched_count,
            )
            .where(EventInteractionDaily.event_id == event.id)
            .order_by(EventInteractionDaily.day, EventInteractionDaily.kind)
        ).all()
    assert [tuple(r) for r in rows] == [
        (day, "save", 1, 1, 0),
        (day, "view", 3, 2, 1),
        (day + timedelta(days=1), "save", 1, 1, 0),
    ]


def test_embedded_scheduler_enqueues_due_jobs_once_per_interval(dash_app):
    settings = dash_app.server.config["SETTINGS"]
    scheduler = EmbeddedScheduler(settings)
    jobs = periodic_jobs(settings)
    first = scheduler.tick(1000.0)
    assert len(first) == len(jobs)
    assert scheduler.tick(1001.0) == []
    # Every interval is at most an hour, so an hour later each job is due exactly once more.
    assert max(j.interval_seconds for j in jobs) <= 3600
    assert len(scheduler.tick(1000.0 + 3600)) == len(jobs)
    _wait(first[0])
