"""Feed jobs run by a real `rq worker --burst` on Redis + PostgreSQL against loopback fakes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data.db import session_scope
from data.models import Event, EventSource, FeedRun, JobRun
from tests import feeds_payloads as fp
from tests.conftest import worker_env
from tests.integration.fake_feeds import FakeFeeds
from workers import queue
from workers.feeds import SourceLock

VENUE = fp.Venue(
    "Huxleys Neue Welt", 52.48608, 13.42103, "Berlin", "DE", "Germany", "Europe/Berlin"
)
WINDOW = {"start": "2027-01-01T00:00:00", "end": "2027-03-01T00:00:00"}


@pytest.fixture
def fake():
    server = FakeFeeds().start()
    yield server
    server.stop()


def _env(settings, fake: FakeFeeds) -> dict[str, str]:
    return {
        **worker_env(settings),
        "TICKETMASTER_API_KEY": "tm-key",
        "SONGKICK_API_KEY": "sk-key",
        "FEED_BASE_URLS": f"ticketmaster={fake.url},songkick={fake.url}",
        "FEED_BACKOFF_MS": "50",
        "LOAD_DEMO": "false",
        "RUN_SCHEDULER": "false",
    }


def _burst(settings, fake: FakeFeeds) -> str:
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
            "feeds",
        ],
        env=_env(settings, fake),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def _shows(n: int) -> list[fp.Show]:
    return [
        fp.Show(
            str(i),
            [(f"Band {i}", None, None)],
            VENUE,
            date(2027, 1, 5) + timedelta(days=i // 4),
            time(17 + i % 4, 30),
        )
        for i in range(n)
    ]


def _runs(source: str) -> list[FeedRun]:
    with session_scope() as s:
        return list(s.scalars(select(FeedRun).where(FeedRun.source == source).order_by(FeedRun.id)))


def test_feeds_ingest_merge_and_reingest_through_rq(scaled, fake):
    shows = _shows(160)
    fake.ticketmaster_events = [fp.ticketmaster(s, f"TM{i}") for i, s in enumerate(shows)]
    fake.songkick_events = [fp.songkick(s, 500 + i) for i, s in enumerate(shows)]
    tm_job = queue.enqueue(
        "workers.feeds.run_feed", queue="feeds", source="ticketmaster", params=WINDOW
    )
    _burst(scaled, fake)
    sk_job = queue.enqueue(
        "workers.feeds.run_feed", queue="feeds", source="songkick", params={"location": "x"}
    )
    _burst(scaled, fake)
    with session_scope() as s:
        assert s.get(JobRun, tm_job).status == "finished", s.get(JobRun, tm_job).error
        assert s.get(JobRun, sk_job).result["duplicates"] == 160
        assert s.scalar(select(func.count()).select_from(Event)) == 160
        assert s.scalar(select(func.count()).select_from(EventSource)) == 320
    (tm,) = _runs("ticketmaster")
    assert (tm.status, tm.fetched, tm.new, tm.failed, tm.requests) == ("finished", 160, 160, 0, 1)
    queue.enqueue("workers.feeds.run_feed", queue="feeds", source="ticketmaster", params=WINDOW)
    _burst(scaled, fake)
    again = _runs("ticketmaster")[-1]
    assert (again.status, again.new, again.updated, again.fetched) == ("finished", 0, 0, 160)
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 160
        assert set(s.scalars(select(Event.updated_run_id))) == {tm.id}


def test_second_trigger_while_a_run_holds_the_lock_is_skipped(scaled, fake):
    lock = SourceLock(scaled, "ticketmaster")
    assert lock.acquire()
    try:
        job = queue.enqueue(
            "workers.feeds.run_feed", queue="feeds", source="ticketmaster", params=WINDOW
        )
        output = _burst(scaled, fake)
    finally:
        lock.release()
    assert "a run is already in progress" in output
    (run,) = _runs("ticketmaster")
    assert run.status == "skipped" and fake.count("/discovery") == 0
    with session_scope() as s:
        assert s.get(JobRun, job).result["status"] == "skipped"


def test_long_retry_after_reschedules_the_job(scaled, fake):
    fake.inject(
        "/discovery",
        429,
        b'{"fault": {"faultstring": "Spike arrest violation"}}',
        {"Retry-After": "900"},
    )
    job = queue.enqueue(
        "workers.feeds.run_feed", queue="feeds", source="ticketmaster", params=WINDOW
    )
    _burst(scaled, fake)
    (run,) = _runs("ticketmaster")
    assert run.status == "throttled" and run.throttled == 1
    with session_scope() as s:
        assert s.get(JobRun, job).status == "rescheduled"
        later = s.scalars(
            select(JobRun).where(JobRun.id != job, JobRun.func == "workers.feeds.run_feed")
        ).all()
        assert len(later) == 1 and later[0].status == "queued"


def test_failed_run_is_retried_with_backoff(scaled, fake):
    for _ in range(4):
        fake.inject("/discovery", 500, b"upstream timeout")
    job = queue.enqueue(
        "workers.feeds.run_feed", queue="feeds", source="ticketmaster", params=WINDOW
    )
    _burst(scaled, fake)
    (run,) = _runs("ticketmaster")
    assert run.status == "failed" and "HTTP 500" in run.error and run.requests == 4
    with session_scope() as s:
        assert s.get(JobRun, job).status == "rescheduled"
        assert "retry 1" in s.get(JobRun, job).message
