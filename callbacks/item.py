"""Track and album pages: the listener's own numbers for one track or album."""

from __future__ import annotations

from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.item import item_header, missing, months_chart, sessions_table
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
