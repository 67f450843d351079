"""Artist page callback: the listener's own numbers for one (public) artist."""

from __future__ import annotations

from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from callbacks.context import account
from components import ids
from components.artist import (
    artist_header,
    hours_figure,
    months_figure,
    shows_list,
    tracks_list,
)
from components.figures import empty_figure
from components.genres import genre_editor
from data.db import session_scope
from data.queries.genres import effective_genres
from data.queries.listening import artist as queries
from data.queries.listening.filters import Filters, today_in, valid_tz


@callback(
    Output(ids.ARTIST_HEADER, "children"),
    Output(ids.ARTIST_MONTHS, "figure"),
    Output(ids.ARTIST_HOURS, "figure"),
    Output(ids.ARTIST_TRACKS, "children"),
    Output(ids.ARTIST_SHOWS, "children"),
    Output(ids.ARTIST_GENRES, "children"),
    Input(ids.ARTIST_ID, "data"),
    Input(ids.THEME, "data"),
)
def show_artist(data, theme):
    """Header, monthly plays and rank, hour pattern, top tracks, shows and the genre editor."""
    if not data:
        raise PreventUpdate
    user = account()
    tz = valid_tz(user.timezone)
    f = Filters(measure="plays" if data.get("measure") == "plays" else "minutes", tz=tz)
    artist_id = int(data.get("artist_id") or 0)
    with session_scope() as session:
        info = queries.artist_info(session, artist_id)
        if info is None:
            missing = html.P("No such artist.", className="empty-state")
            blank = empty_figure("No such artist.", theme, "Artist")
            return missing, blank, blank, None, None, None
        summary = queries.artist_summary(session, user.id, artist_id, f)
        months = queries.artist_months(session, user.id, artist_id, f)
        hours = queries.artist_hours(session, user.id, artist_id, f)
        tracks = queries.artist_tracks(session, user.id, artist_id, f)
        shows = queries.artist_shows(session, artist_id, today_in(tz))
        tags = effective_genres(session, [artist_id], user.id)
    return (
        artist_header(info, summary),
        months_figure(months, theme, info["name"]),
        hours_figure(hours, theme, tz),
        tracks_list(tracks),
        shows_list(shows),
        genre_editor(artist_id, tags),
    )
