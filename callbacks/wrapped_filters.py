"""Wrapped filter bar, in the browser: the controls folded into one store (and the URL), the
phone's one-line summary and its toggle, and which pane shows for the active tab."""

from __future__ import annotations

import json

from dash import Input, Output, clientside_callback

from callbacks.filter_bar import phone_toggle
from components import ids
from components.wrapped import CONTENT_LABELS, TABS
from data.queries.listening.filters import PRESET_LABELS

clientside_callback(
    """
    function (period, year, start, end, measure, content, skips, tz) {
        var custom = period === "custom", byYear = period === "y";
        var query = {period: period, year: byYear ? year : null, start: custom ? start : null,
                     end: custom ? end : null, measure: measure === "plays" ? measure : null,
                     content: content && content !== "music" ? content : null,
                     skips: skips ? "1" : null, tz: tz};
        window.rwSetQuery(query);
        return [query, {display: byYear ? "block" : "none"},
                {display: custom ? "block" : "none"}];
    }
    """,
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

phone_toggle(ids.WRAPPED_FILTERS_TOGGLE, ids.WRAPPED_FILTERS_COLLAPSE)

clientside_callback(
    """
    function (tab) {
        window.rwSetQuery({tab: tab === "overview" ? null : tab});
        var tabs = TAB_KEYS;
        return tabs.map(function (t) { return t !== tab; });
    }
    """.replace("TAB_KEYS", json.dumps([key for key, _label in TABS])),
    [Output(ids.wrapped_pane(key), "hidden") for key, _label in TABS],
    Input(ids.WRAPPED_TABS, "active_tab"),
)
