"""The upload drop zone shared by the Import page and the admin events upload."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data.job_vocabulary import JobStatus


def dropzone(
    zone_id: str,
    url: str,
    csrf_token: str,
    *,
    children: list,
    progress_id: str,
    message_id: str,
    job_id: str,
    accept: str,
    multiple: bool,
    verb: str,
    field: str = "files",
) -> list:
    """A click/drop area (driven by assets/dropzone.js), its progress bar and its message."""
    zone = html.Div(
        children,
        id=zone_id,
        className="rw-dropzone border border-2 rounded-3 p-4 text-center",
        role="button",
        tabIndex="0",
        **{
            "data-url": url,
            "data-csrf": csrf_token,
            "data-field": field,
            "data-accept": accept,
            "data-multiple": "true" if multiple else "false",
            "data-progress": progress_id,
            "data-message": message_id,
            "data-job": job_id,
            "data-verb": verb,
        },
    )
    progress = dbc.Progress(
        id=progress_id, value=0, label="", className="mt-3", style={"height": "1.25rem"}
    )
    message = html.Div(id=message_id, className="form-text mt-2", role="status")
    return [zone, progress, message]


def job_progress(status: dict, working: str, progress_id: str | None = None) -> html.Div:
    """A queued or running job (a job_runs row as a dict): its message and progress bar."""
    fraction = float(status.get("progress") or 0.0)
    queued = status["status"] == JobStatus.QUEUED
    bar = {"id": progress_id} if progress_id else {}
    return html.Div(
        [
            html.Div(
                "Waiting for a worker…" if queued else (status.get("message") or working),
                className="mb-2",
            ),
            dbc.Progress(
                value=max(5, round(fraction * 100)),
                striped=True,
                animated=True,
                label=f"{round(fraction * 100)} %",
                **bar,
            ),
        ]
    )
