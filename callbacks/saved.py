"""The Saved page: saved and hidden lists, and making or revoking the calendar feed URL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import flask
from dash import ClientsideFunction, Input, Output, callback, clientside_callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.saved import feed_panel, hidden_list, pager_style, saved_cards
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.explorer_export import events_frame, saved_table
from data.queries.saved import has_calendar_token, hidden_page, last_page, saved_page
from data.services.saved_events import new_calendar_token, revoke_calendar_token

CARDS_PER_PAGE = 12
HIDDEN_PER_PAGE = 20
NO_UPCOMING = "No saved shows coming up. Save shows in the explorer (Events)."

clientside_callback(
    ClientsideFunction("rewrapped", "savedPages"),
    Output(ids.SAVED_URLSTATE, "data"),
    Input(ids.SAVED_UPCOMING_PAGE, "active_page"),
    Input(ids.SAVED_PAST_PAGE, "active_page"),
    Input(ids.SAVED_HIDDEN_PAGE, "active_page"),
    prevent_initial_call=True,
)


def _saved_list(page: int | None, past: bool):
    user = account()
    today = datetime.now(ZoneInfo(user.timezone or "UTC")).date()
    with session_scope() as session:
        rows, total, _ = saved_page(session, user.id, today, past, page or 1, CARDS_PER_PAGE)
    last = last_page(total, CARDS_PER_PAGE)
    empty = "No past saved shows." if past else NO_UPCOMING
    return saved_cards(rows, empty), last, pager_style(last)


@callback(
    Output(ids.SAVED_UPCOMING, "children"),
    Output(ids.SAVED_UPCOMING_PAGE, "max_value"),
    Output(ids.SAVED_UPCOMING_PAGE, "style"),
    Input(ids.SAVED_UPCOMING_PAGE, "active_page"),
)
def show_upcoming(page: int | None):
    """One page of upcoming saved shows, soonest first."""
    return _saved_list(page, past=False)


@callback(
    Output(ids.SAVED_PAST, "children"),
    Output(ids.SAVED_PAST_PAGE, "max_value"),
    Output(ids.SAVED_PAST_PAGE, "style"),
    Input(ids.SAVED_PAST_PAGE, "active_page"),
)
def show_past(page: int | None):
    """One page of past saved shows, latest first."""
    return _saved_list(page, past=True)


@callback(
    Output(ids.SAVED_HIDDEN, "children"),
    Output(ids.SAVED_HIDDEN_PAGE, "max_value"),
    Output(ids.SAVED_HIDDEN_PAGE, "style"),
    Input(ids.SAVED_HIDDEN_PAGE, "active_page"),
)
def show_hidden(page: int | None):
    """One page of hidden shows to restore, most recently hidden first."""
    user = account()
    with session_scope() as session:
        rows, total, _ = hidden_page(session, user.id, page or 1, HIDDEN_PER_PAGE)
    last = last_page(total, HIDDEN_PER_PAGE)
    return hidden_list(rows), last, pager_style(last)


@callback(
    Output(ids.SAVED_DOWNLOAD, "data"),
    Input(ids.SAVED_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def download_saved(clicks: int | None):
    """Every saved show, upcoming then past, as CSV."""
    if not clicks:
        raise PreventUpdate
    user = account()
    today = datetime.now(ZoneInfo(user.timezone or "UTC")).date()
    with session_scope() as session:
        frame = saved_table(session, user.id, today)
    return {"content": safe_csv(frame), "filename": "saved-shows.csv", "type": "text/csv"}


@callback(
    Output(ids.SAVED_HIDDEN_DOWNLOAD, "data"),
    Input(ids.SAVED_HIDDEN_EXPORT, "n_clicks"),
    prevent_initial_call=True,
)
def download_hidden(clicks: int | None):
    """Every hidden show (the list pages through them), most recently hidden first, as CSV."""
    if not clicks:
        raise PreventUpdate
    user = account()
    with session_scope() as session:
        _first, total, _page = hidden_page(session, user.id, 1, 1)
        rows, _total, _page = hidden_page(session, user.id, 1, max(total, 1))
    frame = events_frame(rows, personal=False).drop(columns=["match", "reasons"])
    return {"content": safe_csv(frame), "filename": "hidden-shows.csv", "type": "text/csv"}


@callback(
    Output(ids.SAVED_FEED, "children"),
    Input(ids.SAVED_FEED_NEW, "n_clicks"),
    Input(ids.SAVED_FEED_REVOKE, "n_clicks"),
)
def feed(_new, _revoke):
    """Show the feed's state; "New feed URL" replaces the token, "Turn feed off" deletes it."""
    user = account()
    url = None
    with session_scope() as session:
        if ctx.triggered_id == ids.SAVED_FEED_NEW:
            token = new_calendar_token(session, user.id)
            url = f"{flask.request.host_url.rstrip('/')}/calendar/{token}.ics"
        elif ctx.triggered_id == ids.SAVED_FEED_REVOKE:
            revoke_calendar_token(session, user.id)
        active = has_calendar_token(session, user.id)
    return feed_panel(url, active)
