"""/promoter's tables as CSV: the caller's events and the talent finder, every page of each."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from callbacks.promoter_tools import _promoter
from components import ids
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries import talent as q
from data.queries.promoter_scope import own_events

EVENT_COLUMNS = ["id", "title", "local_date", "local_time", "venue", "city", "status", "sponsored"]
TALENT_COLUMNS = ["artist", "listeners", "growth", "shows_elsewhere"]


def _file(frame: pd.DataFrame, name: str) -> dict:
    day = date.today().isoformat()
    return {"content": safe_csv(frame), "filename": f"{name}-{day}.csv", "type": "text/csv"}


@callback(
    Output(ids.PROMOTER_EVENTS_DOWNLOAD, "data"),
    Input(ids.PROMOTER_EVENTS_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def export_events(clicks: int | None):
    """The events the list pages through: the caller's own (an admin's: everyone's)."""
    if not clicks:
        raise PreventUpdate
    user = _promoter()
    with session_scope() as session:
        frame = own_events(session, user.id, user.has_role("admin"))
    return _file(frame[EVENT_COLUMNS], "promoter-events")


@callback(
    Output(ids.PROMOTER_TALENT_DOWNLOAD, "data"),
    Input(ids.PROMOTER_TALENT_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def export_talent(clicks: int | None):
    """The talent finder's whole list for the promoter's city (the same k-anonymous rows)."""
    if not clicks:
        raise PreventUpdate
    user = _promoter()
    with session_scope() as session:
        city_id = q.promoter_city(session, user.id, user.home_city_id)
        frame = q.talent(session, city_id, date.today()) if city_id else None
    if frame is None:
        raise PreventUpdate
    return _file(frame.reindex(columns=TALENT_COLUMNS), "talent")
