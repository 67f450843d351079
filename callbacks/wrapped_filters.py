"""Wrapped filter bar, in the browser: the controls folded into one store (and the URL), the
phone's one-line summary and its toggle, and which pane shows for the active tab."""

from __future__ import annotations

import json

from dash import ClientsideFunction, Input, Output, State, clientside_callback

from components import ids
from components.wrapped import CONTENT_LABELS, TABS
from data.queries.listening.filters import PRESET_LABELS

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
    """
    function (query) {
        if (!query) { return dash_clientside.no_update; }
        var labels = PERIOD_LABELS;
        var period = query.period === "y" ? String(query.year)
            : query.period === "custom" ? (query.start || "…") + " to " + (query.end || "…")
            : labels[query.period] || labels.year;
        return [period, query.measure === "plays" ? "Plays" : "Minutes",
                CONTENT_LABELS[query.content] || "Music", query.tz].join(" · ");
    }
    """.replace("PERIOD_LABELS", json.dumps(PRESET_LABELS)).replace(
        "CONTENT_LABELS[", json.dumps(CONTENT_LABELS) + "["
    ),
    Output(ids.WRAPPED_FILTERS_SUMMARY, "children"),
    Input(ids.WRAPPED_FILTERS, "data"),
)

clientside_callback(
    ClientsideFunction("rewrapped", "navToggle"),
    Output(ids.WRAPPED_FILTERS_COLLAPSE, "is_open"),
    Input(ids.WRAPPED_FILTERS_TOGGLE, "n_clicks"),
    State(ids.WRAPPED_FILTERS_COLLAPSE, "is_open"),
)

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
