"""Import page callbacks: follow the import job, list past imports, delete listening data."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.import_history import job_failed, job_interrupted, past_imports, report_card
from components.uploads import job_progress
from data.db import session_scope
from data.job_vocabulary import ACTIVE, JobStatus
from data.queries.imports import import_job, list_imports
from data.queries.listening.frame import forget_user
from data.services.imports import delete_listening_data
from workers.imports import retry_import, upload_kept

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
    Input(ids.IMPORT_POLL, "n_intervals"),
    Input(ids.IMPORT_JOB, "data"),
)
def follow_job(_n: int | None, job_id: str | None):
    """Progress while the job runs; the report (or the rejection) when it is done."""
    if not job_id:
        return None, True
    with session_scope() as session:
        status = import_job(session, account().id, job_id)
    if status is None:
        return dbc.Alert("This import is not yours or no longer exists.", color="warning"), True
    if status["status"] in ACTIVE:
        return job_progress(status, "Importing…", ids.IMPORT_JOB_PROGRESS), False
    result = status.get("result") or {}
    if status["status"] == JobStatus.INTERRUPTED:
        return job_interrupted(upload_kept(status["args"])), True
    if status["status"] == JobStatus.FAILED:
        return job_failed(status.get("error") or "The import job failed."), True
    if not result.get("ok"):
        return job_failed(result.get("error") or "The files could not be imported."), True
    return report_card(result), True


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
    with session_scope() as session:
        return past_imports(list_imports(session, account().id))


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
