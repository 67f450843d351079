"""Wrapped filter bar, in the browser: the controls folded into one store (and the URL), the
phone's one-line summary and its toggle, and which pane shows for the active tab."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback

from callbacks.filter_bar import phone_toggle
from components import ids
from components.wrapped import TABS

clientside_callback(
    ClientsideFunction("rewrapped", "wrappedFilters"),
    Output(ids.WRAPPED_FILTERS, "data"),
    Output(ids.WRAPPED_YEAR_COL, "style"),
    Output(ids.WRAPPED_RANGE_COL, "style"),
    Input(ids.WRAPPED_PERIOD, "value"),
    Input(ids.WRAPPED_YEAR, "value"),
    Input(ids.WRAPPED_RANGE, "start_date"),
    Input(ids.WRAPPED_RANGE, "end_date"),
    Input(ids.WRAPPED_MEASURE, "value"),
    Input(ids.WRAPPED_CONTENT, "value"),
    Input(ids.WRAPPED_SKIPS, "value"),
    Input(ids.WRAPPED_TZ, "value"),
)

# The phone's one-line filter bar: a summary of the filters, and the toggle that opens them.
clientside_callback(
    ClientsideFunction("rewrapped", "wrappedSummary"),
    Output(ids.WRAPPED_FILTERS_SUMMARY, "children"),
    Input(ids.WRAPPED_FILTERS, "data"),
    State(ids.WRAPPED_PERIOD, "options"),
    State(ids.WRAPPED_CONTENT, "options"),
)

phone_toggle(ids.WRAPPED_FILTERS_TOGGLE, ids.WRAPPED_FILTERS_COLLAPSE)

clientside_callback(
    ClientsideFunction("rewrapped", "recentPage"),
    Output(ids.WRAPPED_RECENT_URL, "data"),
    Input(ids.WRAPPED_RECENT_PAGE, "active_page"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("rewrapped", "wrappedTab"),
    [Output(ids.wrapped_pane(key), "hidden") for key, _label in TABS],
    Input(ids.WRAPPED_TABS, "active_tab"),
)
