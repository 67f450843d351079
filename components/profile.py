"""Layout of the profile page: details, password, danger zone."""

from __future__ import annotations

from zoneinfo import available_timezones

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.alerts import alerts_section
from components.role_requests import role_request_card
from components.spotify import spotify_section


def timezone_options() -> list[dict]:
    return [
        {"label": z.replace("_", " "), "value": z}
        for z in sorted(available_timezones())
        if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    ] + [{"label": "UTC", "value": "UTC"}]


def _section(title: str, body: list, extra_class: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5 mb-3"), *body]), className=f"mb-4 {extra_class}"
    )


def logins_section() -> dbc.Card:
    """Ending every login of the account, on every device, this one included."""
    return _section(
        "Logged-in devices",
        [
            html.P(
                "Lost a phone, or logged in on a shared computer? Log out everywhere ends every "
                'login of this account, including "Keep me logged in" ones. Changing your '
                "password does the same for every device but this one."
            ),
            dbc.Button(
                "Log out everywhere", id=ids.PROFILE_LOGOUT_ALL, color="secondary", n_clicks=0
            ),
            dcc.Location(id=ids.PROFILE_LOGOUT_ALL_REDIRECT, refresh=True),
        ],
    )


def profile_layout(*, display_name: str, timezone: str, welcome: bool) -> html.Div:
    intro = (
        [
            dbc.Alert(
                "Welcome! Set your home city and time zone, then import your listening history.",
                color="success",
            )
        ]
        if welcome
        else []
    )
    return html.Div(
        [
            html.H1("Profile", className="h3 mb-3"),
            *intro,
            details_section(display_name, timezone),
            spotify_section(),
            alerts_section(),
            role_request_card(),
            password_section(),
            logins_section(),
            danger_section(),
        ],
        className="col-lg-8",
        id=ids.PROFILE_SECTIONS,
    )


def details_section(display_name: str, timezone: str) -> dbc.Card:
    """Display name, home city and time zone."""
    return _section(
        "Your details",
        [
            dbc.Label("Display name", html_for=ids.PROFILE_NAME),
            dbc.Input(id=ids.PROFILE_NAME, value=display_name, maxLength=80, className="mb-3"),
            dbc.Label("Home city", html_for=ids.PROFILE_CITY),
            dcc.Dropdown(
                id=ids.PROFILE_CITY, placeholder="Type to search cities…", className="mb-1"
            ),
            html.Div(
                "Used to rank events near you and for the landing page.", className="form-text mb-3"
            ),
            dbc.Label("Time zone", html_for=ids.PROFILE_TZ),
            dcc.Dropdown(
                id=ids.PROFILE_TZ,
                options=timezone_options(),
                value=timezone,
                clearable=False,
                className="mb-1",
            ),
            html.Div(
                "Your dashboards show hours and days in this zone.", className="form-text mb-3"
            ),
            dbc.Button("Save details", id=ids.PROFILE_SAVE, color="primary", n_clicks=0),
            html.Div(id=ids.PROFILE_STATUS, className="mt-2", role="status"),
        ],
    )


def password_section() -> dbc.Card:
    """Changing the password (the current one first)."""
    return _section(
        "Change password",
        [
            dbc.Label("Current password", html_for=ids.PROFILE_PW_CURRENT),
            dbc.Input(
                id=ids.PROFILE_PW_CURRENT,
                type="password",
                className="mb-3",
                autoComplete="current-password",
            ),
            dbc.Label(
                "New password (at least 10 characters, hard to guess)", html_for=ids.PROFILE_PW_NEW
            ),
            dbc.Input(
                id=ids.PROFILE_PW_NEW,
                type="password",
                className="mb-3",
                autoComplete="new-password",
            ),
            dbc.Button("Change password", id=ids.PROFILE_PW_SAVE, n_clicks=0),
            html.Div(id=ids.PROFILE_PW_STATUS, className="mt-2", role="status"),
        ],
    )


def danger_section() -> dbc.Card:
    """Deleting the account and all its data, after a confirmation."""
    return _section(
        "Delete my account",
        [
            html.P(
                "This deletes your account, your listening history, imports, saved events, "
                "alerts and saved views. It cannot be undone."
            ),
            dbc.Button(
                "Delete my account and all my data",
                id=ids.PROFILE_DELETE,
                color="danger",
                outline=True,
                n_clicks=0,
            ),
            dcc.ConfirmDialog(
                id=ids.PROFILE_DELETE_CONFIRM,
                message="Delete your account and all your data for good?",
            ),
            dcc.Location(id=ids.PROFILE_REDIRECT, refresh=True),
        ],
        "border-danger",
    )
