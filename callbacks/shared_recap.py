"""The shared recap page: the owner's published year in review, read-only, for anyone."""

from __future__ import annotations

from dash import Input, Output, callback

from components import ids
from components.recap import recap_figure
from components.shared_recap import shared_recap_body
from data.db import session_scope
from data.queries.recaps import shared_recap


@callback(
    Output(ids.SHARED_RECAP_BODY, "children"),
    Input(ids.SHARED_RECAP_LINK, "data"),
    Input(ids.THEME, "data"),
)
def show_shared_recap(token: str | None, theme: str | None):
    """The owner's recap while published; otherwise why nothing is shown."""
    with session_scope() as session:
        shown = shared_recap(session, token or "")
    published = shown is not None and shown["published"]
    figure = recap_figure(shown["recap"], theme, shown["owner"]) if published else None
    return shared_recap_body(shown, figure)
