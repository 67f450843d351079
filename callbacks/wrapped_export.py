"""Wrapped's tables as CSV: the period, measure and content the filter bar shows.

The top 50s come back from a callback; every play of the period is a link to a streamed route
(callbacks/server/exports.py), whose href follows the filters.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from callbacks.server.exports import plays_csv_href
from components import ids
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.listening import overview
from data.queries.listening.filters import make_filters

COLUMNS = ["list", "rank", "name", "artist", "minutes", "plays"]
TOP = 50


@callback(
    Output(ids.WRAPPED_DOWNLOAD, "data"),
    Input(ids.WRAPPED_EXPORT, "n_clicks"),
    State(ids.WRAPPED_FILTERS, "data"),
    prevent_initial_call=True,
)
def export_tops(clicks: int | None, data: dict | None):
    """Top 50 artists, tracks and albums of the chosen period in one CSV (cells made safe)."""
    if not clicks:
        raise PreventUpdate
    user = account()
    f = make_filters(data or {}, user.timezone)
    with session_scope() as session:
        lists = {e: overview.top_items(session, user.id, f, e, TOP) for e in overview.ENTITIES}
    frames = [df.assign(list=entity) for entity, df in lists.items() if not df.empty]
    frame = pd.concat(frames) if frames else pd.DataFrame(columns=COLUMNS)
    frame = frame.reindex(columns=COLUMNS)
    frame["minutes"] = frame["minutes"].round(1)
    period = f"{f.start or 'start'}-{f.end or 'today'}"
    return {"content": safe_csv(frame), "filename": f"wrapped-{period}.csv", "type": "text/csv"}


@callback(
    Output(ids.WRAPPED_RECENT_EXPORT, "href"),
    Input(ids.WRAPPED_FILTERS, "data"),
)
def recent_csv_href(data: dict | None) -> str:
    """The "every play of the period" link, for the filters shown (the route streams it)."""
    return plays_csv_href(data)
