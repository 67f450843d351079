"""The year page's "Compared with Spotify's Wrapped" table as CSV: the rows it shows."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.recap import comparison
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.listening.filters import valid_tz
from data.queries.listening.year import spotify_wrapped, year_recap

COLUMNS = ["figure", "Re-Wrapped", "Spotify Wrapped"]


@callback(
    Output(ids.YEAR_SPOTIFY_DOWNLOAD, "data"),
    Input(ids.YEAR_SPOTIFY_EXPORT, "n_clicks"),
    State(ids.YEAR_VALUE, "data"),
    prevent_initial_call=True,
)
def export_comparison(clicks: int | None, year):
    """The logged-in listener's year beside their own imported Wrapped, as the page shows it."""
    if not clicks or not str(year).isdigit():
        raise PreventUpdate
    user = account()
    year = int(year)
    with session_scope() as session:
        theirs = spotify_wrapped(session, user.id, year)
        if theirs is None:  # no table on the page, so nothing to download
            raise PreventUpdate
        recap = year_recap(session, user.id, year, valid_tz(user.timezone))
    frame = pd.DataFrame(comparison(recap, theirs), columns=COLUMNS)
    filename = f"rewrapped-{year}-vs-spotify-wrapped.csv"
    return {"content": safe_csv(frame), "filename": filename, "type": "text/csv"}
