"""Admin: outgoing alert mail (status, attempts, errors) and where it went."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components import ids
from components.admin_tables import fmt_time, status_badge


def mail_section(page: int = 1) -> list:
    """The section's frame (on the URL's page); the callback fills the table and the note."""
    return [
        html.H2("Alert mail", className="h5"),
        html.Div(id=ids.ADMIN_MAIL_NOTE, className="small text-body-secondary mb-2"),
        html.Div(id=ids.ADMIN_MAIL_TABLE),
        html.Div(
            [
                dbc.Pagination(
                    id=ids.ADMIN_MAIL_PAGE,
                    max_value=max(1, page),
                    active_page=page,
                    fully_expanded=False,
                    size="sm",
                    className="mt-2",
                ),
                dbc.Button(
                    "Download CSV",
                    id=ids.admin_export("mail"),
                    size="sm",
                    color="secondary",
                    outline=True,
                    className="mt-2",
                ),
            ],
            className="d-flex flex-wrap gap-2 align-items-start",
        ),
    ]


def mail_note(smtp_host: str, outbox: str, files: list[str]) -> html.Div:
    """Where mail goes: the SMTP server, or the outbox folder and its newest files."""
    if smtp_host:
        return html.Div(f"Sent through SMTP server {smtp_host}.")
    listed = [html.Li(html.Code(name)) for name in files] or [html.Li("empty so far")]
    return html.Div(
        [
            f"No SMTP_HOST set: mail is written to the outbox folder {outbox} (newest files):",
            html.Ul(listed, className="mb-0"),
        ]
    )


def mail_table(rows: list[dict]) -> html.Div | html.P:
    """Outgoing mail, newest first; failures with their last error."""
    if not rows:
        return html.P("No mail yet: it is queued when an alert run finds something to send.")
    header = ["status", "to", "subject", "kind", "attempts", "queued", "sent"]
    body = [
        html.Tr(
            [
                html.Td(status_badge(r["status"])),
                html.Td(r["to_addr"], className="text-break"),
                html.Td([r["subject"], html.Div(r["last_error"] or "", className="text-danger")]),
                html.Td(r["kind"]),
                html.Td(r["attempts"]),
                html.Td(fmt_time(r["created_at"]), className="text-nowrap"),
                html.Td(fmt_time(r["sent_at"]), className="text-nowrap"),
            ]
        )
        for r in rows
    ]
    return html.Div(
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
            size="sm",
            hover=True,
            className="small",
        ),
        className="table-responsive",
    )
