"""Import page callbacks: follow the import job, list past imports, delete listening data."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.cover_status import cover_status
from components.genre_status import genre_status
from components.import_history import job_failed, job_interrupted, past_imports, report_card
from components.uploads import job_progress
from data.db import session_scope
from data.job_vocabulary import ACTIVE, Job, JobStatus
from data.queries.genre_lookups import genre_coverage
from data.queries.imports import import_job, list_imports
from data.queries.jobs import latest_job
from data.queries.listening.filters import dashboard_href, today_in, valid_tz
from data.queries.listening.frame import forget_user
from data.queries.summary import last_play_day, play_count
from data.services.imports import delete_listening_data
from workers.imports import retry_import, upload_kept
from workers.queue import enqueue

# The job id goes into the URL, so a reload keeps showing the import.
clientside_callback(
    ClientsideFunction("rewrapped", "importJob"),
    Output(ids.IMPORT_URLSTATE, "data"),
    Input(ids.IMPORT_JOB, "data"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.IMPORT_STATUS, "children"),
    Output(ids.IMPORT_POLL, "disabled"),
    Output(ids.IMPORT_UPLOAD_MESSAGE, "children"),
    Input(ids.IMPORT_POLL, "n_intervals"),
    Input(ids.IMPORT_JOB, "data"),
)
def follow_job(_n: int | None, job_id: str | None):
    """Progress while the job runs; the report (or the rejection) when it is done, and the
    upload's "importing…" line cleared so it does not contradict the report."""
    if not job_id:
        return None, True, no_update
    me = account()
    tz = valid_tz(me.timezone)
    with session_scope() as session:
        status = import_job(session, me.id, job_id)
        last = last_play_day(session, me.id, tz)
    if status is None:
        alert = dbc.Alert("This import is not yours or no longer exists.", color="warning")
        return alert, True, None
    if status["status"] in ACTIVE:
        return job_progress(status, "Importing…", ids.IMPORT_JOB_PROGRESS), False, no_update
    result = status.get("result") or {}
    if status["status"] == JobStatus.INTERRUPTED:
        return job_interrupted(upload_kept(status["args"])), True, None
    if status["status"] == JobStatus.FAILED:
        return job_failed(status.get("error") or "The import job failed."), True, None
    if not result.get("ok"):
        return job_failed(result.get("error") or "The files could not be imported."), True, None
    return report_card(result, dashboard_href(last, today_in(tz))), True, None


@callback(
    Output(ids.IMPORT_JOB, "data", allow_duplicate=True),
    Input(ids.IMPORT_RETRY, "n_clicks"),
    State(ids.IMPORT_JOB, "data"),
    prevent_initial_call=True,
)
def retry_interrupted(clicks: int | None, job_id: str | None):
    """Queue an interrupted import again with the files still uploaded; follow the new job."""
    if not clicks or not job_id:
        raise PreventUpdate
    new_job = retry_import(account().id, job_id)
    if new_job is None:
        raise PreventUpdate
    return new_job


@callback(
    Output(ids.IMPORT_PAST, "children"),
    Input(ids.IMPORT_POLL, "disabled"),
    Input(ids.IMPORT_DELETE_STATUS, "children"),
)
def show_past_imports(_polling_stopped: bool, _deleted):
    """Past imports (refreshed when a job finishes or data is deleted); the how-to if none."""
    user_id = account().id
    with session_scope() as session:
        return past_imports(list_imports(session, user_id), play_count(session, user_id))


@callback(
    Output(ids.IMPORT_DELETE_CONFIRM, "displayed"),
    Input(ids.IMPORT_DELETE, "n_clicks"),
    prevent_initial_call=True,
)
def ask_delete(_clicks: int) -> bool:
    return True


@callback(
    Output(ids.IMPORT_DELETE_STATUS, "children"),
    Output(ids.IMPORT_JOB, "data"),
    Input(ids.IMPORT_DELETE_CONFIRM, "submit_n_clicks"),
    State(ids.IMPORT_JOB, "data"),
    prevent_initial_call=True,
)
def delete_data(confirmed: int | None, job_id: str | None):
    if not confirmed:
        raise PreventUpdate
    user_id = account().id
    with session_scope() as session:
        deleted = delete_listening_data(session, user_id)
    forget_user(user_id)  # cached analytics tables hold their plays too
    message = dbc.Alert(f"Deleted {deleted:,} plays.", color="success")
    return message, None if job_id else no_update


@callback(
    Output(ids.IMPORT_GENRES, "children"),
    Output(ids.IMPORT_COVERS, "children"),
    Output(ids.IMPORT_GENRES_POLL, "interval"),
    Input(ids.IMPORT_GENRES_POLL, "n_intervals"),
    Input(ids.IMPORT_GENRES_JOB, "data"),
)
def show_lookups(_n: int | None, _retried: str | None):
    """The lookups after an import (MusicBrainz and Spotify genres, album covers): progress,
    result, or why they are pending; polled fast while one runs."""
    user_id = account().id
    with session_scope() as session:
        job = latest_job(session, user_id, Job.MUSICBRAINZ_GENRES)
        spotify = latest_job(session, user_id, Job.SPOTIFY_GENRES)
        covers = latest_job(session, user_id, Job.ALBUM_COVERS)
        coverage = genre_coverage(session, user_id)
    active = any(j is not None and j["status"] in ACTIVE for j in (job, spotify, covers))
    return genre_status(job, coverage, spotify), cover_status(covers), 2000 if active else 30_000


@callback(
    Output(ids.IMPORT_GENRES_JOB, "data"),
    Input(ids.IMPORT_GENRES_RETRY, "n_clicks"),
    prevent_initial_call=True,
)
def retry_genres(clicks: int | None) -> str:
    if not clicks:
        raise PreventUpdate
    user_id = account().id
    return enqueue(
        Job.MUSICBRAINZ_GENRES, user_id=user_id, message="Genres again", listener_id=user_id
    )
