"""/promoter/analytics callbacks: each reads the rollups for the caller's own events only.

The event ids in the URL or a forged payload only narrow ``scope_ids``, which always keeps to
the caller's events (an admin's: every promoter's), so another promoter's id matches nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc
from dash.exceptions import PreventUpdate

from callbacks.context import account, settings
from components import ids
from components import promoter_charts as charts
from components.promoter_map import audience_map
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries import promoter_analytics as pa
from data.queries import promoter_audience as aud
from data.queries.promoter_scope import (
    AllEvents,
    caller_scope,
    other_ids,
    own_events,
    resolved,
)

FILTERS = (
    Input(ids.ANALYTICS_RANGE, "start_date"),
    Input(ids.ANALYTICS_RANGE, "end_date"),
    Input(ids.ANALYTICS_EVENTS, "value"),
)
MAX_DAYS = 366


def _scope(start, end, events):
    """(scope, first day, last day) for the logged-in promoter; anyone else gets nothing."""
    user = account()
    if not user.has_role("promoter", "admin"):
        raise PreventUpdate
    try:
        last = date.fromisoformat(str(end)[:10])
        first = date.fromisoformat(str(start)[:10])
    except ValueError:
        raise PreventUpdate from None
    first = max(min(first, last), last - timedelta(days=MAX_DAYS))
    return caller_scope(user.id, user.has_role("admin"), events), first, last


clientside_callback(
    ClientsideFunction("rewrapped", "analyticsQuery"),
    Output(ids.ANALYTICS_URLSTATE, "data"),
    *FILTERS,
    Input(ids.ANALYTICS_SERIES_KIND, "value"),
)


@callback(Output(ids.ANALYTICS_EVENTS, "options"), Input(ids.ANALYTICS_RANGE, "start_date"))
def event_options(_start):
    """The caller's events to pick from."""
    user = account()
    if not user.has_role("promoter", "admin"):
        raise PreventUpdate
    with session_scope() as session:
        frame = own_events(session, user.id, user.has_role("admin"))
    return [{"label": f"{r.title} ({r.local_date})", "value": r.id} for r in frame.itertuples()]


@callback(
    Output(ids.ANALYTICS_KPIS, "children"),
    Output(ids.ANALYTICS_FUNNEL, "figure"),
    *FILTERS,
    Input(ids.THEME, "data"),
)
def show_kpis(start, end, events, theme):
    """KPI cards against the previous period, and the funnel."""
    scope, first, last = _scope(start, end, events)
    with session_scope() as session:
        frame = pa.kpis(session, scope, first, last)
    values = dict(zip(frame["kpi"], frame["value"], strict=True))
    return charts.kpi_cards(frame), charts.funnel_figure(pa.funnel(values), theme)


@callback(
    Output(ids.ANALYTICS_SERIES, "figure"),
    *FILTERS,
    Input(ids.ANALYTICS_SERIES_KIND, "value"),
    Input(ids.THEME, "data"),
)
def show_series(start, end, events, kind, theme):
    """Daily counts of one kind per event and overall."""
    scope, first, last = _scope(start, end, events)
    kind = kind if kind in pa.FUNNEL else "view"
    with session_scope() as session:
        overall, lines = pa.series(session, scope, first, last, kind, charts.SERIES_LINES)
    return charts.series_figure(overall, lines, kind, theme)


@callback(
    Output(ids.ANALYTICS_TARGETING, "figure"),
    Output(ids.ANALYTICS_TARGETING_TABLE, "children"),
    *FILTERS,
    Input(ids.THEME, "data"),
)
def show_targeting(start, end, events, theme):
    """Match bands of these events beside the caller's other events and the city's average."""
    scope, first, last = _scope(start, end, events)
    user = account()
    others = other_ids(user.id, user.has_role("admin"), events or [])
    with session_scope() as session:
        scope = resolved(session, scope)
        groups = _groups(scope, others, not isinstance(scope, AllEvents))
        frame = aud.targeting(session, groups, first, last, market=scope)
    return charts.targeting_figure(frame, theme), charts.targeting_table(frame)


def _groups(scope, others, chosen: bool) -> dict:
    groups = {"These events" if chosen else "Your events": scope}
    if chosen:
        groups["Your other events"] = others
    return groups


@callback(
    Output(ids.ANALYTICS_GEOGRAPHY, "children"),
    Output(ids.ANALYTICS_SOURCES, "figure"),
    Output(ids.ANALYTICS_COMPARE, "figure"),
    *FILTERS,
    Input(ids.THEME, "data"),
)
def show_audience(start, end, events, theme):
    """Home cities (k >= 5) on a map and in a table, sources of views, the events side by side."""
    scope, first, last = _scope(start, end, events)
    with session_scope() as session:
        scope = resolved(session, scope)
        geo = aud.geography(session, scope, first, last)
        sources = aud.sources(session, scope, first, last)
        compared = pa.compare(session, scope, first, last)
    config = settings()
    return (
        [audience_map(geo, config.tile_url, config.tile_attribution), charts.geography_table(geo)],
        charts.sources_figure(sources, theme),
        charts.compare_figure(compared, theme),
    )


@callback(
    Output(ids.ANALYTICS_DOWNLOAD, "data"),
    Input(ids.ANALYTICS_EXPORT, "n_clicks"),
    State(ids.ANALYTICS_EXPORT_TABLE, "value"),
    *(State(i.component_id, i.component_property) for i in FILTERS),
    prevent_initial_call=True,
)
def export(_clicks, table: str, start, end, events):
    """The chosen table as CSV (cells that a spreadsheet would run as formulas neutralised)."""
    scope, first, last = _scope(start, end, events)
    with session_scope() as session:
        frame = export_frame(session, table, scope, first, last)
    return dcc.send_string(safe_csv(frame), f"rewrapped-{table}-{first}-{last}.csv")


def export_frame(session, table: str, scope, first: date, last: date):
    """The frame behind one table of the page."""
    if table == "kpis":
        return pa.kpis(session, scope, first, last)
    if table == "daily":
        return pa.daily(session, scope, first, last)
    if table == "funnel":
        return pa.funnel(pa.totals(session, scope, first, last))
    if table == "targeting":
        return aud.targeting(session, {"selected": scope}, first, last, market=scope)
    if table == "geography":
        return aud.geography(session, scope, first, last)[aud.GEOGRAPHY_COLUMNS]
    readers = {"sources": aud.sources, "compare": pa.compare}
    if table not in readers:
        raise PreventUpdate
    return readers[table](session, scope, first, last)
