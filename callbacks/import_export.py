"""/import's past imports as CSV: the rows the table shows, for the logged-in listener."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.imports import list_imports

COLUMNS = {
    "created_at": "imported (UTC)",
    "rows_seen": "rows",
    "plays_added": "added",
    "duplicates": "duplicates",
    "rejected": "rejected",
    "first_play_at": "first play (UTC)",
    "last_play_at": "last play (UTC)",
}


@callback(
    Output(ids.IMPORT_PAST_DOWNLOAD, "data"),
    Input(ids.IMPORT_PAST_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def export_imports(clicks: int | None):
    """The listener's own imports, newest first (times to the minute, as the table shows)."""
    if not clicks:
        raise PreventUpdate
    with session_scope() as session:
        imports = list_imports(session, account().id)
    frame = pd.DataFrame(imports, columns=list(COLUMNS)).rename(columns=COLUMNS)
    for column in ("imported (UTC)", "first play (UTC)", "last play (UTC)"):
        frame[column] = frame[column].str[:16].str.replace("T", " ")
    return {"content": safe_csv(frame), "filename": "rewrapped-imports.csv", "type": "text/csv"}
