"""Wrapped's tables as CSV: the period, measure and content the filter bar shows."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from data.csv_export import minute_text, safe_csv
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
    Output(ids.WRAPPED_RECENT_DOWNLOAD, "data"),
    Input(ids.WRAPPED_RECENT_EXPORT, "n_clicks"),
    State(ids.WRAPPED_FILTERS, "data"),
    prevent_initial_call=True,
)
def export_recent(clicks: int | None, data: dict | None):
    """Every play the recently-played table pages through, newest first, in one CSV."""
    if not clicks:
        raise PreventUpdate
    user = account()
    f = make_filters(data or {}, user.timezone)
    with session_scope() as session:
        _none, total = overview.recently_played(session, user.id, f, 0, 0)
        frame, _total = overview.recently_played(session, user.id, f, 0, max(total, 1))
    out = pd.DataFrame(
        {
            f"ended ({f.tz})": minute_text(frame["ended"]),
            "track": frame["track"],
            "artist": frame["artist"],
            "minutes": frame["minutes"],
            "spotify_url": frame["spotify_url"],
        }
    )
    period = f"{f.start or 'start'}-{f.end or 'today'}"
    return {"content": safe_csv(out), "filename": f"plays-{period}.csv", "type": "text/csv"}
