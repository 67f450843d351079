"""Admin page layout: feeds, runs (filters from the URL), upload, Spotify sync, job queue,
workers and heartbeats; the sections are filled by callbacks/admin.py.

Pure factories: plain dicts and DataFrames in, components and figure specs out.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.admin_mail import mail_section
from components.role_requests import admin_section
from components.uploads import dropzone
from components.views import save_view_button
from data.feeds.providers import CSV_COLUMNS, PROVIDERS, REQUIRED_COLUMNS
from data.job_vocabulary import RUN_STATUSES, JobStatus


def admin_layout(
    *,
    csrf_token: str,
    source: str | None,
    status: str | None,
    page: int,
    jobs_status: str | None,
    jobs_page: int,
    job_id: str | None,
    max_upload_mb: int,
    pages: dict[str, int] | None = None,
) -> html.Div:
    """The page; every filter and page number comes from the URL.

    ``pages`` holds the other pagers' pages from the URL: "sync", "beats" and "mail".
    """
    pages = pages or {}
    return html.Div(
        [
            save_view_button("admin"),
            html.H1("Admin · system health", className="h3 mb-3"),
            dcc.Interval(id=ids.ADMIN_REFRESH, interval=10_000),
            dcc.Store(id=ids.ADMIN_URLSTATE),
            dcc.Download(id=ids.ADMIN_DOWNLOAD),
            admin_section(),
            html.Section(_feeds_section(), className="mb-4"),
            html.Section(
                _runs_section([*PROVIDERS, "promoter"], source, status, page), className="mb-4"
            ),
            html.Section(
                _upload_section(csrf_token, job_id, max_upload_mb),
                className="mb-4",
            ),
            html.Section(_sync_section(pages.get("sync", 1)), className="mb-4"),
            html.Section(_jobs_section(jobs_status, jobs_page), className="mb-4"),
            html.Section(mail_section(pages.get("mail", 1)), className="mb-4"),
            html.Section(
                [
                    html.H2("Workers and heartbeats", className="h5"),
                    html.Div(id=ids.ADMIN_HEARTBEATS),
                    _pager(ids.ADMIN_BEATS_PAGE, pages.get("beats", 1)),
                ],
                className="mb-4",
            ),
        ],
        className="container py-3 admin-page",
        style={"maxWidth": "1200px"},
    )


def _pager(pid: str, page: int) -> html.Div:
    """The table's pager and its "Download CSV" (every row the table's filters match)."""
    pager = dbc.Pagination(
        id=pid,
        max_value=max(1, page),
        active_page=page,
        fully_expanded=False,
        first_last=True,
        size="sm",
        className="mt-2 flex-wrap",
    )
    table = PAGER_TABLES[pid]
    export = dbc.Button(
        "Download CSV",
        id=ids.admin_export(table),
        size="sm",
        color="secondary",
        outline=True,
        className="mt-2",
    )
    return html.Div([pager, export], className="d-flex flex-wrap gap-2 align-items-start")


PAGER_TABLES = {
    ids.ADMIN_RUNS_PAGE: "runs",
    ids.ADMIN_SYNC_PAGE: "sync",
    ids.ADMIN_JOBS_PAGE: "jobs",
    ids.ADMIN_BEATS_PAGE: "beats",
}


def _feeds_section() -> list:
    return [
        html.H2("Event feeds", className="h5"),
        html.Div(id=ids.ADMIN_RUN_MESSAGE, role="status"),
        html.Div(id=ids.ADMIN_SOURCES),
        dcc.Graph(
            id=ids.ADMIN_FETCHED_CHART,
            config={"displayModeBar": False, "responsive": True},
            style={"height": "320px"},
        ),
    ]


def _dropdown(cid: str, options: list[str], value: str | None, placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=cid,
        options=[{"label": o, "value": o} for o in options],
        value=value,
        placeholder=placeholder,
        clearable=True,
        className="mb-2",
    )


def _runs_section(sources: list[str], source: str | None, status: str | None, page: int) -> list:
    return [
        html.H2("Feed runs", className="h5"),
        dbc.Row(
            [
                dbc.Col(_dropdown(ids.ADMIN_RUNS_SOURCE, sources, source, "All sources"), md=4),
                dbc.Col(
                    _dropdown(ids.ADMIN_RUNS_STATUS, list(RUN_STATUSES), status, "All statuses"),
                    md=4,
                ),
            ]
        ),
        html.Div(id=ids.ADMIN_RUNS_TABLE),
        _pager(ids.ADMIN_RUNS_PAGE, page),
    ]


def _upload_section(
    csrf_token: str,
    job_id: str | None,
    max_upload_mb: int,
) -> list:
    columns = ", ".join(f"{c} (required)" if c in REQUIRED_COLUMNS else c for c in CSV_COLUMNS)
    return [
        html.H2("Upload events", className="h5"),
        dcc.Store(id=ids.ADMIN_UPLOAD_JOB, data=job_id),
        dcc.Interval(id=ids.ADMIN_UPLOAD_POLL, interval=1000, disabled=not job_id),
        *dropzone(
            ids.ADMIN_DROP,
            "/admin/upload",
            csrf_token,
            children=[
                html.Div("Drop an events .csv or .ics file here", className="fw-bold"),
                html.Div(
                    f"or click to choose one (up to {max_upload_mb} MB). CSV header: {columns}; "
                    "artists and genres |-separated, dates YYYY-MM-DD.",
                    className="text-body-secondary small text-break",
                ),
            ],
            progress_id=ids.ADMIN_UPLOAD_PROGRESS,
            message_id=ids.ADMIN_UPLOAD_MESSAGE,
            job_id=ids.ADMIN_UPLOAD_JOB,
            accept=".csv,.ics,text/csv,text/calendar",
            multiple=False,
            verb="ingesting",
            field="file",
        ),
        html.Div(id=ids.ADMIN_UPLOAD_STATUS, className="mt-2", role="status"),
    ]


def _sync_section(page: int) -> list:
    return [
        html.H2("Spotify sync", className="h5"),
        html.Div(id=ids.ADMIN_SYNC_TABLE),
        _pager(ids.ADMIN_SYNC_PAGE, page),
    ]


def _jobs_section(jobs_status: str | None, jobs_page: int) -> list:
    return [
        html.H2("Job queue", className="h5"),
        dbc.Row(
            dbc.Col(
                _dropdown(ids.ADMIN_JOBS_STATUS, list(JobStatus), jobs_status, "All statuses"),
                md=4,
            )
        ),
        html.Div(id=ids.ADMIN_JOBS_TABLE),
        _pager(ids.ADMIN_JOBS_PAGE, jobs_page),
    ]
