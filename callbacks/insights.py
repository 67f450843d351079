"""Insights callbacks: filters to URL, one read of the market, a figure or table per output."""

from __future__ import annotations

import math

import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components import insights as view
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries import insights as q

VENUE_COLUMNS = {
    "venue": "Venue",
    "city": "City",
    "events": "Events",
    "cancelled": "Cancelled",
    "first": "First show",
    "last": "Last show",
}
GENRE_COLUMNS = {
    "genre": "Genre",
    "earlier": "Events, first half",
    "later": "Events, second half",
    "growth": "Growth %",
}

clientside_callback(
    ClientsideFunction("rewrapped", "insightsQuery"),
    Output(ids.INSIGHTS_URLSTATE, "data"),
    Input(ids.INSIGHTS_CITY, "value"),
    Input(ids.INSIGHTS_GENRE, "value"),
    Input(ids.INSIGHTS_START, "value"),
    Input(ids.INSIGHTS_END, "value"),
    Input(ids.INSIGHTS_VENUES_PAGE, "active_page"),
    prevent_initial_call=True,
)


def _analyst() -> None:
    if not account().has_role("analyst", "admin"):
        raise PreventUpdate


def _frames(city, genre, start, end) -> dict:
    start, end = sorted([start, end])
    scope = q.MarketScope(
        pd.Period(start).start_time.date(), pd.Period(end).start_time.date(), city, genre
    )
    with session_scope() as session:
        return q.market_frames(session, scope)


@callback(
    Output(ids.INSIGHTS_CITY, "options"),
    Output(ids.INSIGHTS_GENRE, "options"),
    Input(ids.INSIGHTS_URLSTATE, "id"),
)
def filter_options(_store):
    """Cities and genres that have events."""
    _analyst()
    with session_scope() as session:
        options = q.scope_options(session)
    return options["cities"], options["genres"]


@callback(
    Output(ids.INSIGHTS_SUMMARY, "children"),
    Output(ids.INSIGHTS_MONTHLY, "figure"),
    Output(ids.INSIGHTS_PRICES, "figure"),
    Output(ids.INSIGHTS_STATUS, "figure"),
    Output(ids.INSIGHTS_ARTISTS, "figure"),
    Output(ids.INSIGHTS_GENRES, "children"),
    Input(ids.INSIGHTS_CITY, "value"),
    Input(ids.INSIGHTS_GENRE, "value"),
    Input(ids.INSIGHTS_START, "value"),
    Input(ids.INSIGHTS_END, "value"),
    Input(ids.THEME, "data"),
)
def show_market(city, genre, start, end, theme):
    """Every chart of the page from one read of the events in scope."""
    _analyst()
    f = _frames(city, genre, start, end)
    events, currency = f["events"], q.main_currency(f["events"])
    return (
        view.summary(events, currency),
        view.monthly_figure(q.events_per_month(events), theme),
        view.prices_figure(q.price_stats(events, currency), currency, theme),
        view.status_figure(q.status_shares(events), theme),
        view.artists_figure(q.new_vs_returning(events, f["artists"], f["first"]), theme),
        view.data_table(
            q.genre_growth(events, f["genres"], limit=view.PER_PAGE),
            GENRE_COLUMNS,
            "No genre has three or more events here.",
        ),
    )


@callback(
    Output(ids.INSIGHTS_VENUES, "children"),
    Output(ids.INSIGHTS_VENUES_PAGE, "max_value"),
    Output(ids.INSIGHTS_VENUES_PAGE, "active_page"),
    Input(ids.INSIGHTS_CITY, "value"),
    Input(ids.INSIGHTS_GENRE, "value"),
    Input(ids.INSIGHTS_START, "value"),
    Input(ids.INSIGHTS_END, "value"),
    Input(ids.INSIGHTS_VENUES_PAGE, "active_page"),
)
def show_venues(city, genre, start, end, page):
    """One page of the venues' activity table; a new filter goes back to page 1 (the URL
    writer runs after this, so the filter and the page are one history entry)."""
    _analyst()
    venues = q.venue_activity(_frames(city, genre, start, end)["events"])
    refiltered = ctx.triggered_id not in (None, ids.INSIGHTS_VENUES_PAGE)
    page = 1 if refiltered else max(1, page or 1)
    shown = venues.iloc[(page - 1) * view.PER_PAGE : page * view.PER_PAGE]
    return (
        view.data_table(shown, VENUE_COLUMNS, "No venues in this selection."),
        max(1, math.ceil(len(venues) / view.PER_PAGE)),
        page if refiltered else no_update,
    )


@callback(
    Output(ids.INSIGHTS_DOWNLOAD, "data"),
    Input(ids.INSIGHTS_CSV_VENUES, "n_clicks"),
    Input(ids.INSIGHTS_CSV_GENRES, "n_clicks"),
    State(ids.INSIGHTS_CITY, "value"),
    State(ids.INSIGHTS_GENRE, "value"),
    State(ids.INSIGHTS_START, "value"),
    State(ids.INSIGHTS_END, "value"),
    prevent_initial_call=True,
)
def download_csv(_venues, _genres, city, genre, start, end):
    """The whole table (every page) as CSV, formula-like cells neutralised."""
    _analyst()
    f = _frames(city, genre, start, end)
    if ctx.triggered_id == ids.INSIGHTS_CSV_VENUES:
        table, columns, name = q.venue_activity(f["events"], limit=100_000), VENUE_COLUMNS, "venues"
    else:
        table, columns, name = (
            q.genre_growth(f["events"], f["genres"], 10_000),
            GENRE_COLUMNS,
            "genre-growth",
        )
    frame = table[list(columns)].rename(columns=columns)
    return {
        "content": safe_csv(frame),
        "filename": f"insights-{name}-{start}-{end}.csv",
        "type": "text/csv",
    }
