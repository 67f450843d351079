"""Admin's "Download CSV" under each table: every row its filters match, up to a cap."""

from __future__ import annotations

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.admin import UNKNOWN_BEAT_SECONDS, _admin, _expected_beats
from components import ids
from data.csv_export import safe_csv
from data.db import session_scope
from data.models import utcnow
from data.queries import admin as q
from data.queries.mail import mail_page
from data.queries.role_requests import pending_requests
from data.queries.spotify import sync_health

EXPORT_CAP = 5_000  # rows per file: the newest first


@callback(
    Output(ids.ADMIN_DOWNLOAD, "data"),
    Input(ids.admin_export(ALL), "n_clicks"),
    State(ids.ADMIN_RUNS_SOURCE, "value"),
    State(ids.ADMIN_RUNS_STATUS, "value"),
    State(ids.ADMIN_JOBS_STATUS, "value"),
    prevent_initial_call=True,
)
def download_table(_clicks, source, status, jobs_status):
    """The clicked table as CSV, with the filters it is shown with."""
    if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    _admin()
    table = ctx.triggered_id["index"]
    with session_scope() as session:
        frame = _frame(session, table, source, status, jobs_status)
    day = utcnow().date().isoformat()
    return {"content": safe_csv(frame), "filename": f"admin-{table}-{day}.csv", "type": "text/csv"}


def _frame(session, table: str, source, status, jobs_status) -> pd.DataFrame:
    if table == "runs":
        return q.feed_runs_page(session, source=source, status=status, page=1, per_page=EXPORT_CAP)[
            0
        ]
    if table == "jobs":
        return q.job_runs_page(session, status=jobs_status, page=1, per_page=EXPORT_CAP)[0]
    if table == "mail":
        return pd.DataFrame(mail_page(session, 1, EXPORT_CAP)[0])
    if table == "sync":
        return sync_health(session).head(EXPORT_CAP)
    if table == "beats":
        beats = q.heartbeat_health(
            session, utcnow(), _expected_beats(), default_seconds=UNKNOWN_BEAT_SECONDS
        )
        return beats.head(EXPORT_CAP)
    if table == "roles":
        frame = pending_requests(session, limit=EXPORT_CAP)[0].drop(columns="id")
        return frame.rename(columns={"created_at": "asked (UTC)"})
    raise PreventUpdate
