"""Spotify tops over time: the bump chart for the logged-in listener, choices in the URL."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback

from callbacks.context import account
from callbacks.filter_bar import phone_toggle
from components import ids
from components.tops import ITEM_TYPES, TIME_RANGES, tops_figure
from data.db import session_scope
from data.queries.spotify import top_history

clientside_callback(
    ClientsideFunction("rewrapped", "topsQuery"),
    Output(ids.TOPS_URLSTATE, "data"),
    Input(ids.TOPS_TYPE, "value"),
    Input(ids.TOPS_RANGE, "value"),
    prevent_initial_call=True,
)

# The phone's one-line bar: the chosen labels.
clientside_callback(
    ClientsideFunction("rewrapped", "optionsSummary"),
    Output(ids.TOPS_FILTERS_SUMMARY, "children"),
    Input(ids.TOPS_TYPE, "value"),
    Input(ids.TOPS_RANGE, "value"),
    State(ids.TOPS_TYPE, "options"),
    State(ids.TOPS_RANGE, "options"),
    prevent_initial_call=True,
)
phone_toggle(ids.TOPS_FILTERS_TOGGLE, ids.TOPS_FILTERS_COLLAPSE)


@callback(
    Output(ids.TOPS_CHART, "figure"),
    Input(ids.TOPS_TYPE, "value"),
    Input(ids.TOPS_RANGE, "value"),
    Input(ids.THEME, "data"),
)
def show_tops(item_type: str, time_range: str, theme: str | None):
    """Each of today's top items' rank, day by day."""
    item_type = item_type if item_type in ITEM_TYPES else "artists"
    time_range = time_range if time_range in TIME_RANGES else "short_term"
    with session_scope() as session:
        history = top_history(session, account().id, item_type, time_range)
    return tops_figure(history, theme, item_type, time_range)
