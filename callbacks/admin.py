"""Admin page callbacks. Every one checks the admin role itself: the guard only gates the page
router, so a forged callback POST by a non-admin must get nothing (PreventUpdate)."""

from __future__ import annotations

import math
from datetime import timedelta

from dash import ALL, ClientsideFunction, Input, Output, callback, clientside_callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.context import account, settings
from components import admin_feeds as feeds
from components import admin_health, ids
from components import admin_tables as tables
from components.uploads import job_progress
from data.db import session_scope
from data.feeds import SCHEDULED, configured_sources, interval_minutes
from data.job_vocabulary import ACTIVE, Job, JobStatus
from data.models import utcnow
from data.queries import admin as q
from data.queries.accounts import Account
from data.queries.jobs import job_status
from data.queries.spotify import sync_health
from workers.feeds import LOCK_SECONDS
from workers.health import rq_health
from workers.periodic import periodic_jobs
from workers.queue import enqueue
from workers.scheduler import TICK_SECONDS

PER_PAGE = 10
CHART_DAYS = 30
UNKNOWN_BEAT_SECONDS = 24 * 3600


def _admin() -> Account:
    """The logged-in admin; anyone else gets nothing."""
    user = account()
    if not user.has_role("admin"):
        raise PreventUpdate
    return user


def _pages(total: int) -> int:
    return max(1, math.ceil(total / PER_PAGE))


clientside_callback(
    ClientsideFunction("rewrapped", "adminQuery"),
    Output(ids.ADMIN_URLSTATE, "data"),
    Input(ids.ADMIN_RUNS_SOURCE, "value"),
    Input(ids.ADMIN_RUNS_STATUS, "value"),
    Input(ids.ADMIN_RUNS_PAGE, "active_page"),
    Input(ids.ADMIN_JOBS_STATUS, "value"),
    Input(ids.ADMIN_JOBS_PAGE, "active_page"),
    Input(ids.ADMIN_UPLOAD_JOB, "data"),
    Input(ids.ADMIN_SYNC_PAGE, "active_page"),
    Input(ids.ADMIN_BEATS_PAGE, "active_page"),
    Input(ids.ADMIN_MAIL_PAGE, "active_page"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.ADMIN_SOURCES, "children"),
    Output(ids.ADMIN_FETCHED_CHART, "figure"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
    Input(ids.ADMIN_RUN_MESSAGE, "children"),
    Input(ids.ADMIN_UPLOAD_POLL, "disabled"),
    Input(ids.THEME, "data"),
)
def show_feeds(_n, _message, _upload_idle, theme: str | None):
    """Per-source cards (configured, schedule, state, latest runs) and fetched-per-day chart."""
    _admin()
    config = settings()
    configured = set(configured_sources(config))
    schedule = {s: (s in configured, interval_minutes(config, s)) for s in SCHEDULED}
    now = utcnow()
    with session_scope() as session:
        states, runs = q.feed_sources(session, schedule, now=now, lock_seconds=LOCK_SECONDS)
        first = q.window_start(now, CHART_DAYS)
        per_day = q.fetched_per_day(session, first)
    chart = feeds.fetched_figure(per_day, theme, first.date(), now.date())
    return feeds.source_cards(states, runs), chart


@callback(
    Output(ids.ADMIN_RUN_MESSAGE, "children"),
    Input(ids.admin_run_now(ALL), "n_clicks"),
    prevent_initial_call=True,
)
def run_now(clicks: list[int | None]):
    """Queue the source's feed job as the scheduler would; its lock skips a concurrent run."""
    user = _admin()
    if not isinstance(ctx.triggered_id, dict) or not any(clicks or []):
        raise PreventUpdate
    source = ctx.triggered_id["index"]
    if source not in configured_sources(settings()):
        return feeds.run_now_message(source, None, f"{source} is not configured (no key or URL).")
    with session_scope() as session:
        busy = source in q.active_feed_jobs(session) or (
            source in q.running_sources(session, utcnow() - timedelta(seconds=LOCK_SECONDS))
        )
    # The source lock, not this check, decides: a run that holds it makes this one "skipped".
    job_id = enqueue(
        Job.FEED_POLL,
        queue="feeds",
        user_id=user.id,
        message=f"Run now by {user.email}",
        source=source,
    )
    return feeds.run_now_message(source, job_id, busy=busy)


@callback(
    Output(ids.ADMIN_RUNS_TABLE, "children"),
    Output(ids.ADMIN_RUNS_PAGE, "max_value"),
    Output(ids.ADMIN_RUNS_PAGE, "active_page"),
    Input(ids.ADMIN_RUNS_SOURCE, "value"),
    Input(ids.ADMIN_RUNS_STATUS, "value"),
    Input(ids.ADMIN_RUNS_PAGE, "active_page"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
    Input(ids.ADMIN_UPLOAD_POLL, "disabled"),
)
def show_runs(source: str | None, status: str | None, page: int | None, _n, _idle):
    """One page of feed runs; a new filter goes back to page 1."""
    _admin()
    if ctx.triggered_id in (ids.ADMIN_RUNS_SOURCE, ids.ADMIN_RUNS_STATUS):
        page = 1
    page = max(1, page or 1)
    with session_scope() as session:
        runs, total = q.feed_runs_page(
            session, source=source, status=status, page=page, per_page=PER_PAGE
        )
    last = _pages(total)
    return tables.runs_table(runs), last, min(page, last)


@callback(
    Output(ids.ADMIN_UPLOAD_STATUS, "children"),
    Output(ids.ADMIN_UPLOAD_POLL, "disabled"),
    Input(ids.ADMIN_UPLOAD_POLL, "n_intervals"),
    Input(ids.ADMIN_UPLOAD_JOB, "data"),
)
def follow_upload(_n, job_id: str | None):
    """Progress of the uploaded file's ingest job, then its run report or the rejection."""
    _admin()
    if not job_id:
        return None, True
    with session_scope() as session:
        status = job_status(session, job_id, Job.INGEST_UPLOAD)
    if status is None:
        return tables.upload_rejected("This upload job no longer exists."), True
    if status["status"] in ACTIVE:
        return job_progress(status, "Ingesting…"), False
    report = status.get("result") or {}
    if status["status"] == JobStatus.FAILED or not report:
        return tables.upload_rejected(status.get("error") or "The ingest job failed."), True
    if report["status"] == "failed":
        return tables.upload_rejected(report.get("error") or "The file could not be read."), True
    return tables.upload_report(report), True


@callback(
    Output(ids.ADMIN_SYNC_TABLE, "children"),
    Output(ids.ADMIN_SYNC_PAGE, "max_value"),
    Input(ids.ADMIN_SYNC_PAGE, "active_page"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
)
def show_sync(page: int | None, _n):
    """Spotify sync health per connected account, worst first, one page at a time."""
    _admin()
    page = max(1, page or 1)
    with session_scope() as session:
        health = sync_health(session)
    rows = health.iloc[(page - 1) * PER_PAGE : page * PER_PAGE]
    return tables.sync_table(rows), _pages(len(health))


@callback(
    Output(ids.ADMIN_JOBS_TABLE, "children"),
    Output(ids.ADMIN_JOBS_PAGE, "max_value"),
    Output(ids.ADMIN_JOBS_PAGE, "active_page"),
    Input(ids.ADMIN_JOBS_STATUS, "value"),
    Input(ids.ADMIN_JOBS_PAGE, "active_page"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
    Input(ids.ADMIN_RUN_MESSAGE, "children"),
    Input(ids.ADMIN_UPLOAD_JOB, "data"),
    Input(ids.ADMIN_UPLOAD_POLL, "disabled"),
)
def show_jobs(status: str | None, page: int | None, _n, _message, _job, _idle):
    """One page of the job queue (every queue, newest first); failed jobs with their error."""
    _admin()
    page = 1 if ctx.triggered_id == ids.ADMIN_JOBS_STATUS else max(1, page or 1)
    with session_scope() as session:
        jobs, total = q.job_runs_page(session, status=status, page=page, per_page=PER_PAGE)
    last = _pages(total)
    return tables.jobs_table(jobs), last, min(page, last)


@callback(
    Output(ids.ADMIN_HEARTBEATS, "children"),
    Output(ids.ADMIN_BEATS_PAGE, "max_value"),
    Input(ids.ADMIN_BEATS_PAGE, "active_page"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
)
def show_heartbeats(page: int | None, _n):
    """RQ workers' heartbeats, and those of the scheduler and periodic jobs (stale after
    twice their interval)."""
    _admin()
    config = settings()
    with session_scope() as session:
        beats = q.heartbeat_health(
            session, utcnow(), _expected_beats(), default_seconds=UNKNOWN_BEAT_SECONDS
        )
    workers = admin_health.workers_panel(rq_health(config), config.job_threads)
    listed = admin_health.heartbeats_list(beats, max(1, page or 1), PER_PAGE)
    return admin_health.health_panel(workers, listed), _pages(len(beats))


def _expected_beats() -> dict[str, float]:
    """Heartbeat name -> expected seconds between beats, from this deployment's schedule."""
    config = settings()
    expected = {
        (job.name if job.name.startswith("feed:") else f"job:{job.name}"): job.interval_seconds
        for job in periodic_jobs(config)
    }
    if config.embedded and config.run_scheduler:
        expected["scheduler"] = 4 * TICK_SECONDS
    return expected
