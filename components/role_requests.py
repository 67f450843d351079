"""Role requests: the card on Profile (ask for a role) and the admin section (decide)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids

ROLE_TEXT = {
    "promoter": "Promoter: publish and manage your events, see their analytics",
    "analyst": "Analyst: market insights and the genre map's analyst layers",
}
STATUS_COLOURS = {"pending": "warning", "granted": "success", "refused": "secondary"}


def role_request_card() -> dbc.Card:
    """Ask an admin for the promoter or analyst role."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Ask for a role", className="h5 mb-3"),
                html.P(
                    "Promoters manage their own events; analysts explore the whole scene. "
                    "An admin reads your request and grants or refuses it.",
                    className="small text-body-secondary",
                ),
                dbc.Label("Role", html_for=ids.ROLE_REQUEST_ROLE),
                dbc.RadioItems(
                    id=ids.ROLE_REQUEST_ROLE,
                    options=role_options(()),
                    value="promoter",
                    className="mb-3",
                ),
                dbc.Label("Why (optional)", html_for=ids.ROLE_REQUEST_REASON),
                dbc.Textarea(id=ids.ROLE_REQUEST_REASON, maxLength=500, rows=2, className="mb-3"),
                dbc.Button("Send request", id=ids.ROLE_REQUEST_SEND, color="primary"),
                html.Div(id=ids.ROLE_REQUEST_STATUS, className="mt-2", role="status"),
                html.Div(id=ids.ROLE_REQUEST_LIST, className="mt-3"),
            ]
        ),
        className="mb-4",
    )


def role_options(held) -> list[dict]:
    """The requestable roles; the ones already held are shown but cannot be picked."""
    return [
        {"label": text + (" (you have it)" if role in held else ""), "value": role,
         "disabled": role in held}
        for role, text in ROLE_TEXT.items()
    ]  # fmt: skip


def my_requests(frame: pd.DataFrame) -> html.Div | None:
    """The user's requests and what became of them."""
    if frame.empty:
        return None
    items = [
        html.Li(
            [
                f"{r.role.title()} · asked {pd.Timestamp(r.created_at):%Y-%m-%d} ",
                dbc.Badge(r.status, color=STATUS_COLOURS.get(r.status, "secondary")),
            ]
        )
        for r in frame.itertuples()
    ]
    return html.Div([html.H3("Your requests", className="h6"), html.Ul(items, className="small")])


def admin_section() -> html.Section:
    """The admin page's list of pending requests (filled by a callback)."""
    return html.Section(
        [
            html.H2("Role requests", className="h5"),
            html.Div(id=ids.ADMIN_ROLE_STATUS, role="status"),
            html.Div(id=ids.ADMIN_ROLE_REQUESTS),
            dbc.Button(
                "Download CSV",
                id=ids.admin_export("roles"),
                size="sm",
                color="secondary",
                outline=True,
            ),
        ],
        className="mb-4",
    )


def pending_table(frame: pd.DataFrame, total: int) -> html.Div:
    """Pending requests with Grant and Refuse buttons (oldest first)."""
    if frame.empty:
        return html.P("No pending role requests.", className="empty-state")
    rows = []
    for r in frame.itertuples():
        buttons = html.Div(
            [
                dbc.Button(
                    "Grant",
                    id=ids.role_decision("grant", r.id),
                    size="sm",
                    color="success",
                    className="me-1",
                ),
                dbc.Button(
                    "Refuse",
                    id=ids.role_decision("refuse", r.id),
                    size="sm",
                    color="secondary",
                    outline=True,
                ),
            ],
            className="text-nowrap",
        )
        who = [html.Div(r.name), html.Div(r.email, className="small text-body-secondary")]
        cells = [who, r.role, r.reason or "—", f"{pd.Timestamp(r.created_at):%Y-%m-%d %H:%M}"]
        rows.append(html.Tr([*(html.Td(c) for c in cells), html.Td(buttons)]))
    header = html.Thead(html.Tr([html.Th(h) for h in ("Who", "Role", "Why", "Asked (UTC)", "")]))
    more = [] if total <= len(frame) else [html.P(f"Oldest {len(frame)} of {total} shown.")]
    table = dbc.Table([header, html.Tbody(rows)], size="sm", className="small")
    return html.Div([html.Div(table, className="table-responsive"), *more])


def notice(text: str, colour: str = "success") -> dbc.Alert:
    """A dismissable status line (success by default)."""
    return dbc.Alert(text, color=colour, className="py-2 mb-2", dismissable=True)
