"""The Saved page: saved and hidden lists, and making or revoking the calendar feed URL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import flask
from dash import Input, Output, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.saved import feed_panel, hidden_list, saved_cards
from data.csv_export import safe_csv
from data.db import session_scope
from data.queries.explorer_export import saved_table
from data.queries.saved import has_calendar_token, hidden_events, saved_events
from data.services.saved_events import new_calendar_token, revoke_calendar_token


@callback(
    Output(ids.SAVED_UPCOMING, "children"),
    Output(ids.SAVED_PAST, "children"),
    Output(ids.SAVED_HIDDEN, "children"),
    Input(ids.SAVED_UPCOMING, "id"),
)
def show_saved(_):
    """Upcoming (soonest first) and past saved shows, and hidden ones to restore."""
    user = account()
    today = datetime.now(ZoneInfo(user.timezone or "UTC")).date()
    with session_scope() as session:
        upcoming, past = saved_events(session, user.id, today)
        hidden = hidden_events(session, user.id)
    return (
        saved_cards(upcoming, "No saved shows coming up. Save shows in the explorer (Events)."),
        saved_cards(past, "No past saved shows."),
        hidden_list(hidden),
    )


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
