"""Admin page: the upload route, the ingest job, Run now with the source lock, and the role
checks every admin callback makes itself (a forged POST by a listener gets nothing)."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import func, select

from callbacks import admin as page
from callbacks.server.sessions import LoginUser
from components import ids
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import Event, EventSource, JobRun
from data.queries.accounts import find_user_id, get_account
from settings import Settings
from tests.dash_calls import post_callback
from tests.job_helpers import wait_for_job

ADMIN = "admin@demo.rewrapped"
LISTENER = "listener@demo.rewrapped"
HEADER = (
    "source_id,title,date,time,timezone,venue,city,country,lat,lng,artists,genres,"
    "price_min,currency\n"
)


def text(component) -> str:
    """Every prop of a component tree as JSON (to look for what the user would read)."""
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def words(component) -> str:
    """The text a user would read, one string child per line, in page order."""
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str | int | float):
            out.append(str(node))
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)
        elif hasattr(node, "children"):
            walk(node.children)

    walk(component)
    return "\n".join(out)


def account_of(email: str):
    with session_scope() as session:
        return get_account(session, find_user_id(session, email))


def csrf_from_admin_page(web) -> str:
    status, body = post_callback(
        web,
        ["_pages_content.children", "_pages_store.data"],
        {"_pages_location.pathname": "/admin", "_pages_location.search": ""},
    )
    assert status == 200, body
    raw = json.dumps(body)
    marker = '"data-csrf": "'
    start = raw.index(marker) + len(marker)
    return raw[start : raw.index('"', start)]


def upload(web, name: str, body: bytes, token: str | None):
    import io

    headers = {"X-CSRFToken": token} if token else {}
    return web.post(
        "/admin/upload",
        data={"file": (io.BytesIO(body), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def csv_rows(tag: str) -> bytes:
    day = (date.today() + timedelta(days=30)).isoformat()
    return (
        HEADER + f"{tag}-1,Admin Upload Night {tag},{day},20:00,Europe/Berlin,Club {tag},Berlin,DE,"
        f"52.5,13.4,Artist {tag}|Support {tag},techno,12.5,EUR\n"
        + f"{tag}-2,Second Show {tag},{day},21:30,Europe/Berlin,Hall {tag},Berlin,DE,"
        f"52.51,13.41,Band {tag},rock,,\n"
        + f"{tag}-3,Broken Row {tag},,,,Club {tag},Berlin,DE,,,,,,\n"
    ).encode()


def event_count() -> int:
    with session_scope() as session:
        return session.scalar(select(func.count(Event.id)))


@pytest.fixture
def as_admin(dash_app):
    with dash_app.server.test_request_context():
        login_user(LoginUser(account_of(ADMIN)))
        yield


def test_csv_upload_lands_events_and_reports_failures(dash_app, login, client):
    web = login(ADMIN)
    tag = f"adm{uuid.uuid4().hex[:8]}"
    response = upload(web, "events.csv", csv_rows(tag), csrf_from_admin_page(web))
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["job_id"]
    assert wait_for_job(job_id, Job.INGEST_UPLOAD)["status"] == "finished"
    with session_scope() as session:
        landed = session.scalars(
            select(EventSource.source_id).where(EventSource.source == "csv")
        ).all()
        queue = session.get(JobRun, job_id).queue
    assert {f"{tag}-1", f"{tag}-2"} <= set(landed) and f"{tag}-3" not in landed
    assert queue == "feeds"
    with dash_app.server.test_request_context():
        login_user(LoginUser(account_of(ADMIN)))
        report, polling_off = page.follow_upload(1, job_id)
        with triggered(f"{ids.ADMIN_REFRESH}.n_intervals"):
            runs, _, _ = page.show_runs("csv", None, 1, None, True)
    assert polling_off is True
    shown = text(report)
    assert "(csv): finished" in shown
    assert "3\nfetched\n2\nnew\n0\nupdated" in words(report)
    assert "missing date" in shown and f"{tag}-3" in shown  # the failed row and why
    assert "Admin Upload" not in text(runs) and "missing date" in text(runs)


def test_bad_files_get_a_clear_message_and_change_nothing(dash_app, login):
    web = login(ADMIN)
    token = csrf_from_admin_page(web)
    before = event_count()
    response = upload(web, "events.csv", b"name,when\nfoo,bar\n", token)
    job_id = response.get_json()["job_id"]
    assert wait_for_job(job_id, Job.INGEST_UPLOAD)["status"] == "finished"
    calendar = upload(web, "feed.ics", b"BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", token)
    assert wait_for_job(calendar.get_json()["job_id"], Job.INGEST_UPLOAD)["status"] == "finished"
    with dash_app.server.test_request_context():
        login_user(LoginUser(account_of(ADMIN)))
        message, _ = page.follow_upload(1, job_id)
        ics_message, _ = page.follow_upload(1, calendar.get_json()["job_id"])
    assert "File rejected; no events were changed" in text(message)
    assert "missing columns: source_id, title, date, venue" in text(message)
    assert "no events were changed" in text(ics_message) and "iCalendar" in text(ics_message)
    assert event_count() == before

    wrong_type = upload(web, "notes.txt", b"hello", token)
    assert wrong_type.status_code == 400 and ".csv or .ics" in wrong_type.get_json()["error"]
    assert upload(web, "empty.csv", b"", token).status_code == 400
    assert upload(web, "events.csv", csv_rows("nocsrf"), None).status_code == 400
    assert event_count() == before


def test_upload_over_the_size_limit_is_refused(dash_app, login):
    web = login(ADMIN)
    token = csrf_from_admin_page(web)
    settings = dash_app.server.config["SETTINGS"]
    dash_app.server.config["SETTINGS"] = replace(settings, max_upload_mb=1)
    try:
        response = upload(web, "big.csv", HEADER.encode() + b"x" * (1024 * 1024 + 10), token)
    finally:
        dash_app.server.config["SETTINGS"] = settings
    assert response.status_code == 413 and "1 MB" in response.get_json()["error"]


def test_event_files_get_the_feed_size_cap(dash_app, login):
    web = login(ADMIN)
    token = csrf_from_admin_page(web)
    settings = dash_app.server.config["SETTINGS"]
    dash_app.server.config["SETTINGS"] = replace(settings, feed_max_response_mb=1)
    try:
        response = upload(web, "big.csv", HEADER.encode() + b"x" * (1024 * 1024 + 10), token)
    finally:
        dash_app.server.config["SETTINGS"] = settings
    assert response.status_code == 413 and "1 MB" in response.get_json()["error"]


def test_non_admins_cannot_upload(dash_app, login, client):
    assert upload(client, "events.csv", csv_rows("anon"), None).status_code == 401
    web = login(LISTENER)
    token = _listener_token(web)
    before = event_count()
    response = upload(web, "events.csv", csv_rows("listener"), token)
    assert response.status_code == 403
    assert "admin" in response.get_json()["error"]
    assert event_count() == before


def _listener_token(web) -> str:
    """A valid CSRF token of the listener's own session (from the Import page layout)."""
    status, body = post_callback(
        web,
        ["_pages_content.children", "_pages_store.data"],
        {"_pages_location.pathname": "/import", "_pages_location.search": ""},
    )
    assert status == 200
    raw = json.dumps(body)
    marker = '"data-csrf": "'
    start = raw.index(marker) + len(marker)
    return raw[start : raw.index('"', start)]


def test_forged_callbacks_from_a_listener_get_nothing(dash_app, login):
    web = login(LISTENER)
    # The page itself renders only the "for admins" notice, none of the admin layout ...
    status, body = post_callback(
        web,
        ["_pages_content.children", "_pages_store.data"],
        {"_pages_location.pathname": "/admin", "_pages_location.search": ""},
    )
    assert status == 200
    assert "This page is for admins" in json.dumps(body)
    assert ids.ADMIN_JOBS_TABLE not in json.dumps(body)
    # ... and a hand-made POST to an admin callback gets no data either.
    jobs_call = (
        [
            f"{ids.ADMIN_JOBS_TABLE}.children",
            f"{ids.ADMIN_JOBS_PAGE}.max_value",
            f"{ids.ADMIN_JOBS_PAGE}.active_page",
        ],
        {
            f"{ids.ADMIN_JOBS_STATUS}.value": None,
            f"{ids.ADMIN_JOBS_PAGE}.active_page": 1,
            f"{ids.ADMIN_REFRESH}.n_intervals": 1,
            f"{ids.ADMIN_RUN_MESSAGE}.children": None,
            f"{ids.ADMIN_UPLOAD_JOB}.data": None,
            f"{ids.ADMIN_UPLOAD_POLL}.disabled": True,
        },
    )
    status, body = post_callback(web, *jobs_call)
    assert status == 204 and body is None
    # The very same request from an admin gets the job queue (so the refusal is the role check).
    status, body = post_callback(login(ADMIN), *jobs_call)
    assert status == 200 and ids.ADMIN_JOBS_TABLE in body["response"]
    web = login(LISTENER)
    with session_scope() as session:
        jobs_before = session.scalar(select(func.count(JobRun.id)))
    with dash_app.server.test_request_context():
        login_user(LoginUser(account_of(LISTENER)))
        calls = [
            lambda: page.show_feeds(1, None, True, "light"),
            lambda: page.show_runs(None, None, 1, 1, True),
            lambda: page.show_jobs(None, 1, 1, None, None, True),
            lambda: page.show_sync(1, 1),
            lambda: page.show_heartbeats(1, 1),
            lambda: page.follow_upload(1, "any-job"),
            lambda: page.run_now([1]),
        ]
        for call in calls:
            with pytest.raises(PreventUpdate):
                call()
    with session_scope() as session:
        assert session.scalar(select(func.count(JobRun.id))) == jobs_before


@pytest.fixture
def ical_configured(dash_app, app_settings, monkeypatch):
    """iCal switched on for the app (so Run now is offered) and for the job, which reads the
    environment like an RQ worker; the URL list is empty, so a run fetches nothing."""
    for name, value in {
        "ENV": "test",
        "INSTANCE_DIR": str(app_settings.instance_dir),
        "DATABASE_URL": app_settings.database_url,
        "SECRET_KEY": app_settings.secret_key,
        "TOKEN_ENCRYPTION_KEY": app_settings.token_encryption_key,
    }.items():
        monkeypatch.setenv(name, value)
    settings = dash_app.server.config["SETTINGS"]
    dash_app.server.config["SETTINGS"] = replace(settings, feed_ical_urls=("http://127.0.0.1:9/x",))
    yield
    dash_app.server.config["SETTINGS"] = settings


@contextmanager
def triggered(prop_id: str):
    """The callback context Dash sets while a callback runs (``ctx.triggered_id``)."""
    token = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": 1}]))
    try:
        yield
    finally:
        context_value.reset(token)


def run_now_prop(source: str) -> str:
    return (
        json.dumps(ids.admin_run_now(source), sort_keys=True, separators=(",", ":")) + ".n_clicks"
    )


def test_run_now_queues_the_feed_job_and_the_lock_skips_a_second_trigger(
    dash_app, as_admin, ical_configured
):
    from workers.feeds import SourceLock

    with triggered(run_now_prop("ical")):
        message = page.run_now([None, 1])
    assert "ical: run queued" in text(message)
    with session_scope() as session:
        job = session.scalars(
            select(JobRun)
            .where(JobRun.func == "workers.feeds.poll")
            .order_by(JobRun.enqueued_at.desc())
        ).first()
    assert (job.queue, job.args) == ("feeds", {"source": "ical"})
    assert wait_for_job(job.id, "workers.feeds.poll")["status"] == "finished"

    lock = SourceLock(Settings.from_env(), "ical")  # a run in progress holds the source lock
    assert lock.acquire()
    try:
        with triggered(run_now_prop("ical")):
            second = page.run_now([1])
        job_id = text(second).split("(job ")[1][:8]
        with session_scope() as session:
            full_id = session.scalar(select(JobRun.id).where(JobRun.id.startswith(job_id)))
        assert wait_for_job(full_id, "workers.feeds.poll")["status"] == "finished"
    finally:
        lock.release()
    with triggered(f"{ids.ADMIN_RUNS_STATUS}.value"):
        runs, _pages, active = page.show_runs("ical", "skipped", 3, 1, True)
    assert active == 1 and "another run holds the lock" in text(runs)
    cards, figure = page.show_feeds(1, None, True, "dark")
    assert "every 360 min" in text(cards) and "skipped" in text(cards)
    assert "0 requests · 0 throttled (429) · 0 ms latency" in words(cards)
    assert figure["layout"]["font"]["color"] == "#dee2e6"
    assert "Events fetched per day" in figure["layout"]["title"]["text"]


def test_run_now_refuses_an_unconfigured_source(dash_app, as_admin):
    with session_scope() as session:
        before = session.scalar(select(func.count(JobRun.id)))
    with triggered(run_now_prop("ticketmaster")):
        message = page.run_now([1])
    assert "not configured" in text(message)
    with session_scope() as session:
        assert session.scalar(select(func.count(JobRun.id))) == before
    cards, _ = page.show_feeds(1, None, True, "light")
    # A source with runs shows a "not configured" badge; one without is in the "Not
    # configured:" line. Which one depends on the runs earlier tests left behind.
    assert "not configured" in text(cards).lower()


def test_jobs_sync_and_heartbeats_for_the_admin(dash_app, as_admin):
    from data.services.heartbeats import beat

    with session_scope() as session:
        beat(session, "job:rollups", "12 rows")
        session.add(
            JobRun(
                id=str(uuid.uuid4()),
                func="workers.rollups.recompute_interaction_rollups",
                queue="default",
                status="failed",
                error="RuntimeError: disk full\nTraceback line",
            )
        )
    with triggered(f"{ids.ADMIN_JOBS_STATUS}.value"):
        table, _pages, active = page.show_jobs("failed", 4, 1, None, None, True)
    assert active == 1 and "RuntimeError: disk full" in text(table)
    assert "rollups.recompute_interaction_rollups" in text(table)
    beats = text(page.show_heartbeats(1, 1)[0])
    assert "job:rollups" in beats and "12 rows" in beats
    assert "in-process pool of" in beats  # no worker processes on the embedded default
    # the test app was installed moments ago: jobs that never ran are due, not stale
    assert "first run due" in beats and "Stale: job:spotify-sync" not in beats
    sync, sync_pages = page.show_sync(1, 1)
    assert sync_pages >= 1
    assert "No Spotify accounts" in text(sync) or "last success" in text(sync)


def test_ics_upload_lands_its_events(dash_app, login):
    web = login(ADMIN)
    uid = f"adm-{uuid.uuid4().hex[:8]}@example.org"
    start = (date.today() + timedelta(days=12)).strftime("%Y%m%d")
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Re-Wrapped test//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Europe/Berlin:{start}T200000\r\n"
        "SUMMARY:Calendar Upload Show\r\nLOCATION:Calendar Club\\, Berlin\r\n"
        "GEO:52.52;13.405\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    response = upload(web, "club.ics", calendar, csrf_from_admin_page(web))
    assert response.status_code == 202
    job_id = response.get_json()["job_id"]
    assert wait_for_job(job_id, Job.INGEST_UPLOAD)["status"] == "finished"
    with session_scope() as session:
        stored = session.scalar(
            select(Event.title)
            .join(EventSource, EventSource.event_id == Event.id)
            .where(EventSource.source == "ical", EventSource.source_id == uid)
        )
    assert stored == "Calendar Upload Show"
    with dash_app.server.test_request_context():
        login_user(LoginUser(account_of(ADMIN)))
        report, _ = page.follow_upload(1, job_id)
    assert "(ical): finished" in words(report) and "1\nfetched\n1\nnew" in words(report)


def test_layout_reads_every_filter_from_the_url(dash_app):
    import dash

    module = next(p for p in dash.page_registry.values() if p["path"] == "/admin")
    assert module["roles"] == ("admin",) and module["nav"] is True
    with dash_app.server.test_request_context():
        tree = module["layout"](
            source="csv", status="failed", page="2", jobs_status="failed", jobs="3", job="j-1"
        )
    found = {}

    def walk(node) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                walk(item)
            return
        if getattr(node, "id", None) is not None:
            found[str(node.id)] = node
        if hasattr(node, "children"):
            walk(node.children)

    walk(tree)
    assert found[ids.ADMIN_RUNS_SOURCE].value == "csv"
    assert found[ids.ADMIN_RUNS_STATUS].value == "failed"
    assert found[ids.ADMIN_RUNS_PAGE].active_page == 2
    assert found[ids.ADMIN_JOBS_STATUS].value == "failed"
    assert found[ids.ADMIN_JOBS_PAGE].active_page == 3
    assert found[ids.ADMIN_UPLOAD_JOB].data == "j-1"
    assert found[ids.ADMIN_UPLOAD_POLL].disabled is False
    assert "source_id (required)" in words(found[ids.ADMIN_DROP])
    with dash_app.server.test_request_context():
        plain = module["layout"](page="x", jobs="-1")
    walk(plain)
    assert found[ids.ADMIN_RUNS_PAGE].active_page == 1 and found[ids.ADMIN_UPLOAD_JOB].data is None
