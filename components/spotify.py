"""The Profile page's Spotify card: connection state, sync history, actions and progress."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.csv_download import csv_button

IDLE_POLL_MS = 30_000
ACTIVE_POLL_MS = 1_500
NOTICES = {
    "connected": ("Spotify is connected. The first sync has started.", "success"),
    "disconnected": ("Spotify is disconnected and its tokens are deleted.", "info"),
    "denied": ("Spotify access was not granted, so nothing changed.", "warning"),
    "failed": ("Spotify could not complete the connection. Please try again.", "danger"),
    "not-configured": ("This server has no Spotify app configured yet.", "warning"),
}
OUTCOMES = {"finished": "done", "failed": "failed", "rescheduled": "waiting (rate limit)"}


def spotify_section() -> dbc.Card:
    """The card's static frame; callbacks fill the status and actions and poll progress."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Spotify", className="h5 mb-3"),
                html.Div(id=ids.SPOTIFY_STATUS, role="status"),
                html.Div(id=ids.SPOTIFY_ACTIONS, className="d-flex flex-wrap gap-2 mt-2"),
                html.Div(id=ids.SPOTIFY_PROGRESS, className="mt-3"),
                dcc.Store(id=ids.SPOTIFY_STATE),
                dcc.Store(id=ids.SPOTIFY_JOB),
                dcc.Interval(id=ids.SPOTIFY_POLL, interval=IDLE_POLL_MS, n_intervals=0),
            ]
        ),
        className="mb-4",
        id=ids.SPOTIFY_SECTION,
    )


def card_state(configured: bool, conn: dict | None) -> str:
    """Which set of actions the card shows: not-configured, none, connected, revoked."""
    if not configured:
        return "not-configured"
    if conn is None or conn["status"] == "disconnected":
        return "none"
    return conn["status"]


def setup_help(redirect_uri: str) -> html.Div:
    """How a self-hoster creates their own Spotify app (each instance brings its own)."""
    return html.Div(
        [
            html.P("To sync your listening live, this server needs its own Spotify app:"),
            html.Ol(
                [
                    html.Li(
                        [
                            "Open ",
                            html.A(
                                "developer.spotify.com/dashboard",
                                href="https://developer.spotify.com/dashboard",
                                target="_blank",
                                rel="noopener",
                            ),
                            " (the app owner needs Spotify Premium) and create an app "
                            "using the Web API.",
                        ]
                    ),
                    html.Li(["Add this redirect URI exactly: ", html.Code(redirect_uri)]),
                    html.Li(
                        "In development mode Spotify allows 5 users: add each listener's "
                        "Spotify e-mail under User Management."
                    ),
                    html.Li(
                        [
                            "Set ",
                            html.Code("SPOTIFY_CLIENT_ID"),
                            " and ",
                            html.Code("SPOTIFY_CLIENT_SECRET"),
                            " in the server's environment and restart it.",
                        ]
                    ),
                ]
            ),
            html.P(
                "Spotify accepts only HTTPS or loopback-IP redirect URIs (127.0.0.1, never "
                "'localhost'); open this site on the same host name as the redirect URI.",
                className="form-text",
            ),
        ]
    )


def not_enabled() -> html.Div:
    """What a listener reads while the server has no Spotify app (the setup is the admin's)."""
    return html.Div(
        [
            html.P(
                "Live sync with Spotify is not available yet: your server admin has not "
                "enabled Spotify on this server. Ask them to, if you want new plays added "
                "automatically."
            ),
            html.P(
                [
                    "Your whole history does not need it: ",
                    dcc.Link("import your Spotify export", href="/import"),
                    ".",
                ],
                className="mb-0",
            ),
        ]
    )


def status_view(
    state: str,
    conn: dict | None,
    runs: pd.DataFrame,
    *,
    tz: str,
    now: datetime,
    redirect_uri: str,
    notice: str | None = None,
    is_admin: bool = False,
) -> list:
    """Everything the card says, in words, for one connection state (the setup steps for a
    server without a Spotify app only to admins, who can follow them)."""
    out: list = []
    if notice in NOTICES:
        text, color = NOTICES[notice]
        out.append(dbc.Alert(text, color=color, dismissable=True, className="py-2"))
    if state == "not-configured":
        return [*out, setup_help(redirect_uri) if is_admin else not_enabled()]
    if state == "none":
        return [
            *out,
            html.P(
                "Not connected. Connect Spotify to add new plays every few minutes, keep "
                "Spotify's own top artists and tracks day by day, and fill in artist images "
                "and genres."
            ),
        ]
    if state == "revoked":
        out.append(
            dbc.Alert(
                [
                    html.Strong("Spotify is disconnected. "),
                    conn.get("last_error") or "Spotify no longer accepts this connection.",
                ],
                color="warning",
            )
        )
        return out
    out.append(html.P(["Connected as ", html.Strong(conn["display_name"] or "your account")]))
    facts = [
        ("Last successful sync", when(conn["last_success_at"], tz, now) or "not yet"),
        ("Next run", "running now" if conn["syncing"] else when(conn["next_sync_at"], tz, now)),
    ]
    out.append(
        html.Dl(
            [item for label, value in facts for item in (html.Dt(label), html.Dd(value or "—"))],
            className="mb-2",
        )
    )
    if conn.get("last_error"):
        out.append(dbc.Alert(conn["last_error"], color="warning", className="py-2"))
    out.append(runs_table(runs, tz, now))
    return out


def runs_table(runs: pd.DataFrame, tz: str, now: datetime) -> html.Div:
    """The last runs (a few), and a download of every run."""
    if runs.empty:
        return html.P("No sync has finished yet.", className="text-body-secondary")
    rows = [
        html.Tr(
            [
                html.Td(when(r.enqueued_at, tz, now)),
                html.Td(OUTCOMES.get(r.status, r.status)),
                html.Td("—" if pd.isna(r.added) else f"{int(r.added):,}", className="text-end"),
            ]
        )
        for r in runs.itertuples()
    ]
    head = html.Thead(
        html.Tr([html.Th("Run"), html.Th("Outcome"), html.Th("Plays added", className="text-end")])
    )
    return html.Div(
        [
            html.Div(
                dbc.Table([head, html.Tbody(rows)], size="sm", className="mb-2"),
                className="table-responsive",
            ),
            csv_button(
                "Download every sync run (CSV)", ids.SPOTIFY_RUNS_EXPORT, ids.SPOTIFY_RUNS_DOWNLOAD
            ),
        ]
    )


def actions(state: str, csrf_token: str | None) -> list:
    """Connect / reconnect, sync now and disconnect, by state."""
    connect = dbc.Button(
        "Reconnect Spotify" if state == "revoked" else "Connect Spotify",
        href="/spotify/connect",
        external_link=True,
        color="success",
    )
    disconnect = html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token or ""),
            dbc.Button("Disconnect", type="submit", color="secondary", outline=True),
        ],
        method="POST",
        action="/spotify/disconnect",
    )
    if state == "none":
        return [connect]
    if state == "revoked":
        return [connect, disconnect]
    if state == "connected":
        sync = dbc.Button("Sync now", id=ids.SPOTIFY_SYNC_NOW, color="primary", n_clicks=0)
        return [sync, disconnect]
    return []


def progress_view(job: dict | None) -> list:
    """The progress bar of the running (or just finished) sync."""
    if job is None:
        return []
    status = job["status"]
    if status in ("queued", "started"):
        value = max(5, round(100 * (job["progress"] or 0)))
        label = job["message"] if status == "started" and job["message"] else "Waiting for a worker"
        return [
            dbc.Progress(value=value, striped=True, animated=True, className="mb-1"),
            html.Small(label, className="text-body-secondary"),
        ]
    if status == "finished" and job.get("skipped"):
        return [html.Small(f"Nothing to do: {job['skipped']}.", className="text-body-secondary")]
    if status == "finished":
        added = job.get("added") or 0
        return [dbc.Alert(f"Sync done: {added:,} new plays.", color="success", className="py-2")]
    if status == "rescheduled":
        return [dbc.Alert(job["message"] or "Rate limited; retrying later.", color="warning")]
    return [dbc.Alert("The sync failed; the reason is shown above.", color="danger")]


def when(moment: datetime | None, tz: str, now: datetime) -> str | None:
    """A naive-UTC moment as local time with a relative hint: "14:05 (in 12 min)"."""
    if moment is None or pd.isna(moment):
        return None
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
    seconds = (moment - now).total_seconds()
    span = abs(seconds)
    if span < 60:
        rel = "now"
    elif span < 3600:
        rel = f"{round(span / 60)} min"
    elif span < 86400:
        rel = f"{span / 3600:.0f} h"
    else:
        rel = f"{span / 86400:.0f} days"
    if rel != "now":
        rel = f"in {rel}" if seconds > 0 else f"{rel} ago"
    stamp = local.strftime("%H:%M") if span < 86400 else local.strftime("%d %b %H:%M")
    return f"{stamp} ({rel})"
