"""A small genre editor for one artist (placed on the artist page): badges, edit, reset."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids

SOURCE_LABELS = {"user": "your edit", "spotify": "Spotify", "lastfm": "Last.fm"}


def genre_badges(genres: pd.DataFrame) -> list:
    """The artist's effective genres, each with where it came from."""
    if genres.empty:
        return [html.Span("No genres known yet.", className="text-body-secondary")]
    return [
        dbc.Badge(
            [r.genre, html.Small(f" · {SOURCE_LABELS.get(r.source, r.source)}")],
            color="secondary",
            className="me-1 mb-1 fw-normal",
            title=f"Source: {SOURCE_LABELS.get(r.source, r.source)}",
        )
        for r in genres.itertuples()
    ]


def genre_editor(artist_id: int, genres: pd.DataFrame) -> html.Div:
    """Badges plus a comma-separated edit box; a user edit replaces every other source."""
    edited = bool((genres["source"] == "user").any()) if not genres.empty else False
    return html.Div(
        [
            html.Div(genre_badges(genres), id=ids.genre_edit_status(artist_id), role="status"),
            dbc.InputGroup(
                [
                    dbc.Input(
                        id=ids.genre_edit_input(artist_id),
                        value=", ".join(genres["genre"]) if not genres.empty else "",
                        placeholder="e.g. indie rock, dream pop",
                        maxLength=600,
                        debounce=True,
                    ),
                    dbc.Button("Save genres", id=ids.genre_edit_save(artist_id), n_clicks=0),
                ],
                size="sm",
                className="mt-2",
            ),
            html.Div(
                [
                    "Separate genres with commas. Your edit replaces the genres from Spotify, "
                    "event feeds and Last.fm in your own dashboards; other listeners keep theirs. ",
                    dbc.Button(
                        "Use automatic genres",
                        id=ids.genre_edit_reset(artist_id),
                        n_clicks=0,
                        color="link",
                        size="sm",
                        className="p-0 align-baseline",
                        style={} if edited else {"display": "none"},
                    ),
                ],
                className="form-text",
            ),
        ]
    )
