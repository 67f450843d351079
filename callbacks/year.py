"""Year-in-review callbacks: the recap figure, Spotify's own Wrapped, and the image download."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx

from callbacks.context import account
from components import ids
from components.recap import (
    PUBLISH_LABELS,
    publish_note,
    recap_figure,
    spotify_table,
    year_links,
)
from data.db import session_scope
from data.queries.listening.filters import valid_tz
from data.queries.listening.year import spotify_wrapped, year_recap
from data.queries.recaps import is_published
from data.queries.summary import play_years
from data.services.recaps import set_published


@callback(
    Output(ids.YEAR_RECAP, "figure"),
    Output(ids.YEAR_SPOTIFY, "children"),
    Output(ids.YEAR_NAV, "children"),
    Input(ids.YEAR_VALUE, "data"),
    Input(ids.THEME, "data"),
)
def show_year(year, theme):
    """The recap of one year in the user's zone, Spotify's Wrapped beside it, links to others."""
    user = account()
    year, tz = int(year), valid_tz(user.timezone)
    with session_scope() as session:
        recap = year_recap(session, user.id, year, tz)
        theirs = spotify_wrapped(session, user.id, year)
        years = play_years(session, user.id, tz)
    figure = recap_figure(recap, theme, user.display_name)
    return figure, spotify_table(recap, theirs), year_links(year, years)


clientside_callback(
    ClientsideFunction("rewrapped", "yearDownload"),
    Output(ids.YEAR_DOWNLOADED, "data"),
    Input(ids.YEAR_DOWNLOAD, "n_clicks"),
    State(ids.YEAR_VALUE, "data"),
    State(ids.YEAR_RECAP, "id"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.YEAR_PUBLISH, "children"),
    Output(ids.YEAR_PUBLISH, "outline"),
    Output(ids.YEAR_PUBLISH_NOTE, "children"),
    Input(ids.YEAR_PUBLISH, "n_clicks"),
    Input(ids.YEAR_VALUE, "data"),
)
def toggle_publish(clicks, year):
    """Show whether this year's recap is published; a click publishes or unpublishes it."""
    user_id, year = account().id, int(year)
    with session_scope() as session:
        published = is_published(session, user_id, year)
        if ctx.triggered_id == ids.YEAR_PUBLISH and clicks:
            published = set_published(session, user_id, year, not published)
    return PUBLISH_LABELS[published], not published, publish_note(year, published)
