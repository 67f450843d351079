"""Search page callbacks: the results for the logged-in listener, the text kept in the URL."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, callback, clientside_callback

from callbacks.context import account
from components import ids
from components.search import search_results
from data.db import session_scope
from data.queries.listening.filters import valid_tz
from data.queries.listening.search import MIN_CHARS, search_history

clientside_callback(
    ClientsideFunction("rewrapped", "searchQuery"),
    Output(ids.SEARCH_URLSTATE, "data"),
    Input(ids.SEARCH_INPUT, "value"),
    prevent_initial_call=True,
)


@callback(Output(ids.SEARCH_RESULTS, "children"), Input(ids.SEARCH_INPUT, "value"))
def show_results(text: str | None):
    """Artists, tracks and albums of the listener's own plays that match, most played first."""
    user = account()
    with session_scope() as session:
        found = search_history(session, user.id, text or "", valid_tz(user.timezone))
    return search_results(text or "", found, MIN_CHARS)
