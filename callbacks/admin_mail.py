"""Admin: the alert mail table and the outbox folder."""

from __future__ import annotations

import math

from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account, settings
from components import ids
from components.admin_mail import mail_note, mail_table
from data.db import session_scope
from data.queries.mail import mail_page
from workers.alerts import outbox_dir, outbox_files

PER_PAGE = 10


@callback(
    Output(ids.ADMIN_MAIL_TABLE, "children"),
    Output(ids.ADMIN_MAIL_NOTE, "children"),
    Output(ids.ADMIN_MAIL_PAGE, "max_value"),
    Input(ids.ADMIN_MAIL_PAGE, "active_page"),
    Input(ids.ADMIN_REFRESH, "n_intervals"),
)
def show_mail(page: int | None, _n):
    """One page of outgoing mail and where it is delivered."""
    if not account().has_role("admin"):
        raise PreventUpdate
    config = settings()
    with session_scope() as session:
        rows, total = mail_page(session, max(1, page or 1), PER_PAGE)
    note = mail_note(config.smtp_host, str(outbox_dir(config)), outbox_files(config))
    return mail_table(rows), note, max(1, math.ceil(total / PER_PAGE))
