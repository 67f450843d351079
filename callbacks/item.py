"""Track and album pages: the listener's own numbers for one track or album."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.item import item_header, missing, months_chart, sessions_table
from data.csv_export import minute_text, safe_csv
from data.db import session_scope
from data.queries.listening import item as queries
from data.queries.listening.filters import Filters, valid_tz


@callback(
    Output(ids.ITEM_HEADER, "children"),
    Output(ids.ITEM_MONTHS, "figure"),
    Output(ids.ITEM_SESSIONS, "children"),
    Input(ids.ITEM_ID, "data"),
    Input(ids.THEME, "data"),
)
def show_item(data, theme):
    """Header with first/last play and share of the artist, plays by month, sessions."""
    if not data or data.get("kind") not in queries.KINDS:
        raise PreventUpdate
    user, kind, item_id = account(), data["kind"], int(data.get("id") or 0)
    with session_scope() as session:
        info = queries.item_info(session, kind, item_id)
        if info is None:
            return missing(kind, theme)
        f = Filters(tz=valid_tz(user.timezone), content=info["content"])
        summary = queries.item_summary(session, user.id, kind, item_id, info["artist_id"], f)
        months = queries.item_months(session, user.id, kind, item_id, f)
        sessions, total = queries.item_sessions(session, user.id, kind, item_id, f)
    return (
        item_header(info, summary),
        months_chart(months, theme, info),
        sessions_table(sessions, total, kind),
    )


@callback(
    Output(ids.ITEM_SESSIONS_DOWNLOAD, "data"),
    Input(ids.ITEM_SESSIONS_EXPORT, "n_clicks"),
    State(ids.ITEM_ID, "data"),
    prevent_initial_call=True,
)
def export_sessions(clicks, data):
    """Every session the item was part of (the table shows the longest), longest first."""
    if not clicks or not data or data.get("kind") not in queries.KINDS:
        raise PreventUpdate
    user, kind, item_id = account(), data["kind"], int(data.get("id") or 0)
    with session_scope() as session:
        info = queries.item_info(session, kind, item_id)
        if info is None:
            raise PreventUpdate
        f = Filters(tz=valid_tz(user.timezone), content=info["content"])
        _longest, total = queries.item_sessions(session, user.id, kind, item_id, f, 0)
        frame, _total = queries.item_sessions(session, user.id, kind, item_id, f, total)
    out = pd.DataFrame(
        {
            f"started ({f.tz})": minute_text(frame["start"]),
            f"ended ({f.tz})": minute_text(frame["end"]),
            "minutes": frame["minutes"].round(1),
            "plays": frame["plays"],
            f"plays of this {kind}": frame["item_plays"],
        }
    )
    name = f"sessions-{kind}-{item_id}.csv"
    return {"content": safe_csv(out), "filename": name, "type": "text/csv"}
