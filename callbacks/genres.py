"""The artist genre editor (components/genres.py), wherever a page places it."""

from __future__ import annotations

from dash import MATCH, Input, Output, State, callback, ctx, html
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.genres import genre_badges
from data.db import session_scope
from data.queries.genres import USER, effective_genres, parse_names
from data.services.genres import set_user_genres


@callback(
    Output(ids.genre_edit_status(MATCH), "children"),
    Output(ids.genre_edit_input(MATCH), "value"),
    Output(ids.genre_edit_reset(MATCH), "style"),
    Input(ids.genre_edit_save(MATCH), "n_clicks"),
    Input(ids.genre_edit_reset(MATCH), "n_clicks"),
    State(ids.genre_edit_input(MATCH), "value"),
    prevent_initial_call=True,
)
def edit_genres(_save: int, _reset: int, text: str | None):
    """Save the typed genres as the user's own edit, or drop it to use automatic genres."""
    user = account()
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict):
        raise PreventUpdate
    artist_id = int(trigger["index"])
    names = [] if trigger["type"] == ids.genre_edit_reset(0)["type"] else parse_names(text)
    try:
        with session_scope() as session:
            set_user_genres(session, user.id, artist_id, names)
            current = effective_genres(session, [artist_id], user.id)
    except LookupError:
        return html.Span("This artist no longer exists.", className="text-danger"), text, {}
    edited = bool((current["source"] == USER).any()) if not current.empty else False
    return (
        genre_badges(current),
        ", ".join(current["genre"]) if not current.empty else "",
        {} if edited else {"display": "none"},
    )
