"""/views as CSV: every saved view of the user (all pages), with its address and shared link."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account, settings
from components import ids
from components.views import saved_link
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.views import list_views
from data.services.views import MAX_VIEWS

COLUMNS = ["name", "address", "visibility", "shared link", "saved (UTC)"]


@callback(
    Output(ids.VIEWS_DOWNLOAD, "data"),
    Input(ids.VIEWS_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def export_views(clicks: int | None):
    """The user's own views, newest first (a user keeps at most ``MAX_VIEWS``)."""
    if not clicks:
        raise PreventUpdate
    user = account()
    with session_scope() as session:
        rows, _total = list_views(session, user.id, 1, MAX_VIEWS)
    frame = pd.DataFrame([_row(r, settings().public_base_url) for r in rows], columns=COLUMNS)
    return {"content": safe_csv(frame), "filename": "rewrapped-views.csv", "type": "text/csv"}


def _row(r: dict, base_url: str) -> list:
    shared = saved_link(base_url, r["token"]) if r["visibility"] == "link" else ""
    address = r["path"] + (f"?{r['query']}" if r["query"] else "")
    return [r["name"], address, r["visibility"], shared, f"{r['created_at']:%Y-%m-%d %H:%M}"]
