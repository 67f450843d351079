"""Admin page on the scaled topology: an events CSV uploaded through the route is ingested by
a real `rq worker --burst` into PostgreSQL; Run now fetches a loopback feed on a worker and
the source lock skips a concurrent trigger; the RQ workers' heartbeats show (stale when a
worker stops beating)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from dash._callback_context import context_value
from dash._utils import AttributeDict
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder
from redis import Redis
from rq import Worker
from sqlalchemy import select

from callbacks import admin as page
from callbacks.server.sessions import LoginUser
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import FeedRun
from data.queries.accounts import get_account
from data.queries.jobs import job_status
from data.services.accounts import register
from tests.conftest import run_rq_burst, worker_env
from tests.dash_calls import post_callback
from tests.integration.fake_feeds import FakeFeeds
from workers.feeds import SourceLock
from workers.health import WORKER_STALE_SECONDS, rq_health

PASSWORD = "admin-scaled-pw"


def _text(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def _token(web) -> str:
    status, body = post_callback(
        web,
        ["_pages_content.children", "_pages_store.data"],
        {"_pages_location.pathname": "/admin", "_pages_location.search": ""},
    )
    assert status == 200, body
    raw = json.dumps(body)
    start = raw.index('"data-csrf": "') + len('"data-csrf": "')
    return raw[start : raw.index('"', start)]


def test_csv_upload_runs_on_an_rq_worker_into_postgresql(scaled, dash_app, login):
    email = f"admin-{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as session:
        user_id = register(session, email, PASSWORD, roles=("admin",)).id
    web = login(email, PASSWORD)
    day = (date.today() + timedelta(days=10)).isoformat()
    body = (
        "source_id,title,date,time,timezone,venue,city,country,lat,lng,artists\n"
        f"pg-1,Scaled Night,{day},20:00,Europe/Berlin,Club PG,Berlin,DE,52.5,13.4,DJ PG\n"
        f"pg-2,Bad Date,{day[:4]}-13-45,,,Club PG,Berlin,DE,,,\n"
    ).encode()
    response = web.post(
        "/admin/upload",
        data={"file": (io.BytesIO(body), "events.csv")},
        headers={"X-CSRFToken": _token(web)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["job_id"]
    with session_scope() as session:
        assert job_status(session, job_id, Job.INGEST_UPLOAD)["status"] == "queued"
    run_rq_burst(scaled, "feeds")
    with session_scope() as session:
        assert job_status(session, job_id, Job.INGEST_UPLOAD)["status"] == "finished"
        account = get_account(session, user_id)
    app_settings = dash_app.server.config["SETTINGS"]
    dash_app.server.config["SETTINGS"] = scaled  # the web process of the scaled topology
    try:
        with dash_app.server.test_request_context():
            login_user(LoginUser(account))
            report, polling_off = page.follow_upload(1, job_id)
            cards, figure = page.show_feeds(1, None, True, "light")
            panel, _ = page.show_heartbeats(1, 1)
    finally:
        dash_app.server.config["SETTINGS"] = app_settings
    assert polling_off and "(csv): finished" in _text(report) and "pg-2" in _text(report)
    assert figure["data"][0]["name"] == "csv" and figure["data"][0]["y"] == [2]
    assert "ticketmaster" in _text(cards)
    assert "No RQ worker is running" in _text(panel)  # the burst worker has exited


def test_rq_worker_heartbeats_and_staleness(scaled):
    connection = Redis.from_url(scaled.redis_url)
    worker = Worker(["feeds", "default"], connection=connection, name=f"w-{uuid.uuid4().hex[:6]}")
    worker.register_birth()
    worker.heartbeat()
    try:
        health = rq_health(scaled)
        mine = next(w for w in health["workers"] if w["name"] == worker.name)
        assert mine["queues"] == ["feeds", "default"] and not mine["stale"]
        later = datetime.now(UTC) + timedelta(seconds=WORKER_STALE_SECONDS + 5)
        assert next(w for w in rq_health(scaled, later)["workers"] if w["name"] == worker.name)[
            "stale"
        ]
        assert set(health["queues"]) == {"sync", "feeds", "mail", "default"}
    finally:
        worker.register_death()
        connection.close()


def _fetch_env(settings, ics_url: str) -> dict[str, str]:
    return {**worker_env(settings), "FEED_ICAL_URLS": ics_url, "RUN_SCHEDULER": "false"}


def _burst(settings, env: dict[str, str]) -> None:
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
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _as_admin(dash_app, settings, call):
    """Run ``call`` as a fresh admin in a request of the web process configured by ``settings``."""
    with session_scope() as session:
        account = register(
            session, f"adm-{uuid.uuid4().hex[:6]}@example.org", PASSWORD, roles=("admin",)
        )
    saved = dash_app.server.config["SETTINGS"]
    dash_app.server.config["SETTINGS"] = settings
    try:
        with dash_app.server.test_request_context():
            login_user(LoginUser(account))
            return call()
    finally:
        dash_app.server.config["SETTINGS"] = saved


def _click(source: str):
    prop = json.dumps({"index": source, "type": "admin-run-now"}, separators=(",", ":"))
    token = context_value.set(
        AttributeDict(triggered_inputs=[{"prop_id": prop + ".n_clicks", "value": 1}])
    )
    try:
        return page.run_now([1])
    finally:
        context_value.reset(token)


def test_run_now_on_rq_fetches_the_feed_and_the_lock_skips_a_concurrent_trigger(scaled, dash_app):
    fake = FakeFeeds().start()
    try:
        start = (date.today() + timedelta(days=20)).strftime("%Y%m%d")
        fake.files["/club.ics"] = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
            "BEGIN:VEVENT\r\nUID:run-now-1@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
            f"DTSTART;TZID=Europe/Berlin:{start}T210000\r\nSUMMARY:Run Now Show\r\n"
            "LOCATION:Run Now Club\\, Berlin\r\nGEO:52.5;13.4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()
        ics_url = f"{fake.url}/club.ics"
        web_settings = replace(scaled, feed_ical_urls=(ics_url,))

        message = _as_admin(dash_app, web_settings, lambda: _click("ical"))
        assert "ical: run queued" in _text(message)
        cards, _ = _as_admin(
            dash_app, web_settings, lambda: page.show_feeds(1, None, True, "light")
        )
        assert "Running…" in _text(cards)  # queued: the button is disabled meanwhile
        _burst(scaled, _fetch_env(scaled, ics_url))
        with session_scope() as session:
            run = session.scalars(select(FeedRun).where(FeedRun.source == "ical")).one()
            assert (run.status, run.fetched, run.new, run.requests) == ("finished", 1, 1, 1)

        lock = SourceLock(scaled, "ical")  # another worker's run holds the source lock
        assert lock.acquire()
        try:
            _as_admin(dash_app, web_settings, lambda: _click("ical"))
            second = _as_admin(dash_app, web_settings, lambda: _click("ical"))
            assert "already queued or in progress" in _text(second)
            _burst(scaled, _fetch_env(scaled, ics_url))
        finally:
            lock.release()
        cards, figure = _as_admin(
            dash_app, web_settings, lambda: page.show_feeds(1, None, True, "dark")
        )
        shown = _text(cards)
        assert "skipped" in shown and "another run holds the lock" in shown
        with session_scope() as session:
            statuses = session.scalars(
                select(FeedRun.status).where(FeedRun.source == "ical").order_by(FeedRun.id)
            ).all()
        assert statuses == ["finished", "skipped", "skipped"]
        assert "Run now" in shown and "every 360 min" in shown
        assert figure["data"][0]["name"] == "ical"
    finally:
        fake.stop()
