"""/promoter talent finder (with the shortlist) and venue availability callbacks."""

from __future__ import annotations

import math
from datetime import date, timedelta

from dash import ALL, ClientsideFunction, Input, Output, callback, clientside_callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components import promoter_tools as view
from data.db import session_scope
from data.queries import talent as q
from data.queries.promoter_events import known
from data.services.shortlist import toggle

PER_PAGE = 15
MAX_DAYS = 366


def _promoter():
    user = account()
    if not user.has_role("promoter", "admin"):
        raise PreventUpdate
    return user


clientside_callback(
    ClientsideFunction("rewrapped", "promoterVenueQuery"),
    Output(ids.PROMOTER_URLSTATE, "data", allow_duplicate=True),
    Input(ids.PROMOTER_VENUE, "value"),
    Input(ids.PROMOTER_VENUE_RANGE, "start_date"),
    Input(ids.PROMOTER_VENUE_RANGE, "end_date"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.PROMOTER_TALENT, "children"),
    Output(ids.PROMOTER_TALENT_PAGE, "max_value"),
    Input(ids.PROMOTER_TALENT_PAGE, "active_page"),
    Input(ids.promoter_shortlist(ALL), "n_clicks"),
)
def show_talent(page: int | None, clicks):
    """One page of the talent finder; a star click adds or removes the artist."""
    user = _promoter()
    with session_scope() as session:
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and any(clicks or []):
            toggle(session, user.id, trigger["index"])
        city_id = q.promoter_city(session, user.id, user.home_city_id)
        city = known(session).cities.get(city_id) if city_id else None
        frame = q.talent(session, city_id, date.today()) if city_id else None
        listed = q.shortlist(session, user.id)
        names = q.shortlist_names(session, user.id)
    if frame is None:
        return view.talent_table(None, listed, None), 1
    start = (max(1, page or 1) - 1) * PER_PAGE
    pages = max(1, math.ceil(len(frame) / PER_PAGE))
    table = view.talent_table(frame.iloc[start : start + PER_PAGE], listed, city.name)
    return [view.shortlist_line(names), table], pages


@callback(Output(ids.PROMOTER_VENUE, "options"), Input(ids.PROMOTER_REFRESH, "data"))
def venue_options(_refresh):
    """Every known venue, with its city."""
    _promoter()
    with session_scope() as session:
        venues = known(session).venues
    return [{"label": f"{p.name} ({p.city})", "value": i} for i, p in venues.items()]


@callback(
    Output(ids.PROMOTER_AVAILABILITY, "children"),
    Input(ids.PROMOTER_VENUE, "value"),
    Input(ids.PROMOTER_VENUE_RANGE, "start_date"),
    Input(ids.PROMOTER_VENUE_RANGE, "end_date"),
    Input(ids.THEME, "data"),
)
def show_availability(venue_id, start, end, theme):
    """Free dates in the range (at most a year) and the busiest weekdays of one venue."""
    _promoter()
    if not venue_id or not start or not end:
        return view.html.P("Pick a venue to see its free dates.", className="empty-state")
    first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    last = min(max(first, last), first + timedelta(days=MAX_DAYS))
    with session_scope() as session:
        name = q.venue_name(session, int(venue_id))
        if name is None:
            raise PreventUpdate
        free = q.free_dates(session, int(venue_id), first, last)
        weekdays = q.busiest_weekdays(session, int(venue_id))
    return view.availability(name, free, weekdays, theme)
