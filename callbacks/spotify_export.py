"""Profile's Spotify sync runs as CSV: every run of the logged-in listener, not the last five."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.spotify import OUTCOMES
from data.csv_export import safe_csv
from data.db import session_scope
from data.job_vocabulary import Job
from data.queries.spotify import recent_runs

COLUMNS = {
    "enqueued_at": "run (UTC)",
    "finished_at": "finished (UTC)",
    "status": "outcome",
    "added": "plays added",
    "message": "message",
}


@callback(
    Output(ids.SPOTIFY_RUNS_DOWNLOAD, "data"),
    Input(ids.SPOTIFY_RUNS_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def export_sync_runs(clicks: int | None):
    """The listener's own finished, failed and rescheduled syncs, newest first (to the minute)."""
    if not clicks:
        raise PreventUpdate
    with session_scope() as session:
        runs = recent_runs(session, account().id, Job.SPOTIFY_SYNC, limit=None)
    frame = runs[list(COLUMNS)].rename(columns=COLUMNS)
    frame["outcome"] = frame["outcome"].map(lambda s: OUTCOMES.get(s, s))
    frame["plays added"] = frame["plays added"].astype("Int64")
    for column in ("run (UTC)", "finished (UTC)"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d %H:%M")
    filename = "rewrapped-spotify-syncs.csv"
    return {"content": safe_csv(frame), "filename": filename, "type": "text/csv"}
