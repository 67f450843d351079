"""Import page: upload area, job progress, the import report, past imports, deleting data."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.csv_download import csv_button
from components.uploads import dropzone
from components.views import save_view_button

PRIVACY_URL = "https://www.spotify.com/account/privacy/"


def import_layout(*, csrf_token: str, job_id: str | None) -> html.Div:
    """The page; ``job_id`` (from the URL) resumes showing a running or finished import."""
    return html.Div(
        [
            save_view_button("import"),
            html.H1("Import listening history", className="h3 mb-3"),
            dcc.Store(id=ids.IMPORT_JOB, data=job_id),
            dcc.Store(id=ids.IMPORT_URLSTATE),
            dcc.Interval(id=ids.IMPORT_POLL, interval=1000, disabled=not job_id),
            dbc.Card(dbc.CardBody(_upload_area(csrf_token)), className="mb-4"),
            html.Div(id=ids.IMPORT_STATUS, className="mb-4", role="status"),
            html.Div(id=ids.IMPORT_GENRES, className="mb-4", role="status"),
            html.Div(id=ids.IMPORT_COVERS, className="mb-4", role="status"),
            dcc.Interval(id=ids.IMPORT_GENRES_POLL, interval=2000),
            dcc.Store(id=ids.IMPORT_GENRES_JOB),
            html.Div(id=ids.IMPORT_PAST, className="mb-4"),
            _danger_zone(),
        ],
        className="container py-4",
        style={"maxWidth": "960px"},
    )


def _upload_area(csrf_token: str) -> list:
    return dropzone(
        ids.IMPORT_DROP,
        "/import/upload",
        csrf_token,
        children=[
            html.Div("Drop my_spotify_data.zip or its JSON files here", className="fw-bold"),
            html.Div("or click to choose files (zip or .json)", className="text-body-secondary"),
        ],
        progress_id=ids.IMPORT_UPLOAD_PROGRESS,
        message_id=ids.IMPORT_UPLOAD_MESSAGE,
        job_id=ids.IMPORT_JOB,
        accept=".zip,.json,application/zip,application/json",
        multiple=True,
        verb="importing",
    )


def how_to_export(plays: int = 0) -> dbc.Alert:
    """The empty state: how to get the export from Spotify."""
    heading = (
        f"No files imported yet: your {plays:,} plays came from live sync or demo data. "
        "Import the export to add your whole history."
        if plays
        else "No listening history yet"
    )
    return dbc.Alert(
        [
            html.H2(heading, className="h5"),
            html.Ol(
                [
                    html.Li(
                        [
                            "Open Spotify's ",
                            html.A("Privacy settings", href=PRIVACY_URL, target="_blank"),
                            " page and log in.",
                        ]
                    ),
                    html.Li(
                        "Tick “Extended streaming history” (your whole history, with track ids) "
                        "and/or “Account data” (the last year), then request the data."
                    ),
                    html.Li(
                        "Confirm the email. Spotify mails a download link within days "
                        "(up to 30 for the extended history)."
                    ),
                    html.Li("Upload my_spotify_data.zip here as it is; no need to unzip it."),
                ],
                className="mb-0",
            ),
        ],
        color="info",
    )


def job_failed(message: str) -> dbc.Alert:
    return dbc.Alert(
        [html.Strong("Import rejected; nothing was saved. "), html.Span(message)], color="danger"
    )


def job_interrupted(can_retry: bool) -> dbc.Alert:
    """An import whose server process stopped mid-way (nothing of it was saved)."""
    if can_retry:
        action = [
            html.Span("Your uploaded files are still here. "),
            dbc.Button("Try again", id=ids.IMPORT_RETRY, color="primary", size="sm"),
        ]
    else:
        action = [html.Span("The uploaded files are gone: upload them again above.")]
    return dbc.Alert(
        [
            html.Strong("Import interrupted; nothing was saved. "),
            html.Span("The server process running it stopped before it finished. "),
            *action,
        ],
        color="warning",
    )


def report_card(report: dict, dashboards_href: str) -> dbc.Card:
    """The report of one finished import, ending with the way to the dashboards.

    Args:
        report: the import job's result.
        dashboards_href: Wrapped opened on the most recent period that has plays.
    """
    numbers = [
        ("Rows seen", report["rows_seen"]),
        ("Plays added", report["plays_added"]),
        ("Duplicates", report["duplicates"]),
        ("Rejected", report["rejected"]),
    ]
    stats = dbc.Row(
        [
            dbc.Col(
                [html.Div(f"{value:,}", className="fs-4 fw-bold"), html.Div(label)],
                xs=6,
                md=3,
                className="mb-2",
            )
            for label, value in numbers
        ],
        id=ids.IMPORT_REPORT_NUMBERS,
    )
    details = []
    if report.get("first_play_at"):
        details.append(
            html.Li(f"Covers {report['first_play_at'][:10]} to {report['last_play_at'][:10]} (UTC)")
        )
    if report.get("kinds"):
        kinds = ", ".join(f"{k}: {n:,}" for k, n in sorted(report["kinds"].items()))
        details.append(html.Li(f"Kinds: {kinds}"))
    if report.get("formats"):
        formats = ", ".join(f"{k} ({n} file{'s' * (n != 1)})" for k, n in report["formats"].items())
        details.append(html.Li(f"Formats: {formats}"))
    for reason, n in sorted(report.get("rejected_reasons", {}).items(), key=lambda kv: -kv[1]):
        details.append(html.Li(f"Rejected, {reason}: {n:,}", className="text-danger"))
    if report.get("ignored"):
        details.append(html.Li(f"Ignored {len(report['ignored'])} file(s) that are not history"))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Import finished", className="h5 mb-3"),
                stats,
                html.Ul(details, className="mb-3 mt-2"),
                dcc.Link(
                    "See your dashboards",
                    href=dashboards_href,
                    id=ids.IMPORT_DASHBOARDS,
                    className="btn btn-success",
                ),
            ]
        ),
        id=ids.IMPORT_REPORT,
        className="border-success",
    )


def past_imports(imports: list[dict], plays: int = 0) -> html.Div:
    """Past imports as a table; the how-to when there are none.

    Args:
        imports: the listener's imports, newest first.
        plays: all their plays; with plays but no import (live sync, demo data) the how-to
            says what an import adds instead of "No listening history yet".
    """
    if not imports:
        return how_to_export(plays)
    header = html.Thead(
        html.Tr(
            [html.Th(h) for h in ("Imported", "Rows", "Added", "Duplicates", "Rejected", "Covers")]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td((i["created_at"] or "")[:16].replace("T", " ")),
                    html.Td(f"{i['rows_seen']:,}"),
                    html.Td(f"{i['plays_added']:,}"),
                    html.Td(f"{i['duplicates']:,}"),
                    html.Td(f"{i['rejected']:,}"),
                    html.Td(
                        f"{i['first_play_at'][:10]} to {i['last_play_at'][:10]}"
                        if i["first_play_at"]
                        else "-"
                    ),
                ]
            )
            for i in imports
        ]
    )
    return html.Div(
        [
            html.H2("Past imports", className="h5"),
            html.Div(
                dbc.Table([header, body], size="sm", striped=True, className="mb-0"),
                className="table-responsive mb-2",
            ),
            csv_button(
                "Download past imports (CSV)", ids.IMPORT_PAST_EXPORT, ids.IMPORT_PAST_DOWNLOAD
            ),
        ]
    )


def _danger_zone() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Delete all my listening data", className="h5"),
                html.P(
                    "Removes every play, import record and Wrapped file of yours. Your account, "
                    "saved events and settings stay.",
                    className="mb-2",
                ),
                dbc.Button("Delete all my listening data", id=ids.IMPORT_DELETE, color="danger"),
                dcc.ConfirmDialog(
                    id=ids.IMPORT_DELETE_CONFIRM,
                    message="Delete all your listening history? This cannot be undone.",
                ),
                html.Div(id=ids.IMPORT_DELETE_STATUS, className="mt-2", role="status"),
            ]
        ),
        className="border-danger",
    )
