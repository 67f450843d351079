"""/promoter CSV upload: preview every row, then publish all of them in one transaction."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from dash import Input, Output, State, callback, no_update
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components import promoter as view
from components.promoter_upload import preview_table
from data.db import session_scope
from data.feeds.promoter_csv import CsvError
from data.feeds.promoter_form import FormError
from data.services import promoter_csv as svc


def _promoter():
    user = account()
    if not user.has_role("promoter", "admin"):
        raise PreventUpdate
    return user


def _decode(contents: str) -> bytes:
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error):
        raise CsvError("The file could not be read.") from None


@callback(
    Output(ids.PROMOTER_CSV_PREVIEW, "children"),
    Output(ids.PROMOTER_CSV_ROWS, "data"),
    Output(ids.PROMOTER_CSV_COMMIT, "disabled"),
    Input(ids.PROMOTER_CSV_UPLOAD, "contents"),
    State(ids.PROMOTER_CSV_UPLOAD, "filename"),
    prevent_initial_call=True,
)
def preview(contents: str | None, filename: str | None):
    """Check every row; only a file without errors can be published."""
    _promoter()
    if not contents:
        raise PreventUpdate
    try:
        raw = _decode(contents)
        with session_scope() as session:
            rows = svc.preview(session, raw, date.today())
    except CsvError as exc:
        return view.message(f"{filename}: {exc} Nothing was stored.", "danger"), None, True
    clean = not any(r["errors"] for r in rows)
    return preview_table(rows, filename or "file"), contents if clean else None, not clean


@callback(
    Output(ids.PROMOTER_CSV_STATUS, "children"),
    Output(ids.PROMOTER_REFRESH, "data", allow_duplicate=True),
    Output(ids.PROMOTER_CSV_COMMIT, "disabled", allow_duplicate=True),
    Input(ids.PROMOTER_CSV_COMMIT, "n_clicks"),
    State(ids.PROMOTER_CSV_ROWS, "data"),
    State(ids.PROMOTER_REFRESH, "data"),
    prevent_initial_call=True,
)
def publish(clicks, contents: str | None, refresh: int):
    """Validate again on the server and store every event, or none."""
    user = _promoter()
    if not clicks or not contents:
        raise PreventUpdate
    try:
        with session_scope() as session:
            count = svc.commit(session, user.id, _decode(contents), date.today())
    except (CsvError, FormError) as exc:
        return view.message(f"Nothing was stored: {exc}", "danger"), no_update, True
    return view.message(f"Published {count} events."), (refresh or 0) + 1, True
