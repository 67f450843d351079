"""The search page: one box, and the artists, tracks and albums you played that match."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.views import save_view_button

TITLES = {"artists": "Artists", "tracks": "Tracks and episodes", "albums": "Albums"}


def search_layout(query: str) -> html.Div:
    """The box (its text in the URL as ``q``) and the results area."""
    return html.Div(
        [
            save_view_button("search"),
            html.H1("Search your history", className="h3"),
            dbc.Input(
                id=ids.SEARCH_INPUT,
                type="search",
                value=query,
                placeholder="An artist, track or album you played…",
                debounce=0.3,
                autoFocus=True,
                className="mb-3",
                style={"maxWidth": "36rem"},
            ),
            dcc.Store(id=ids.SEARCH_URLSTATE),
            html.Div(id=ids.SEARCH_RESULTS, role="status"),
        ]
    )


def search_results(text: str, found: dict[str, pd.DataFrame], min_chars: int) -> html.Div:
    """Three lists with play counts, each name linking to its page; or what to do."""
    if len(" ".join((text or "").split())) < min_chars:
        return html.P(f"Type at least {min_chars} letters.", className="empty-state")
    if all(df.empty for df in found.values()):
        return html.P(
            f"Nothing you played matches “{text}”. Try part of a name.", className="empty-state"
        )
    return dbc.Row(
        [
            dbc.Col([html.H2(TITLES[e], className="h5"), _list(e, df)], lg=4, className="mb-3")
            for e, df in found.items()
        ]
    )


def _list(entity: str, df: pd.DataFrame):
    if df.empty:
        return html.P("No match.", className="empty-state small")
    items = []
    for r in df.itertuples():
        href = f"/artist/{r.artist_id}" if entity == "artists" else f"/{entity[:-1]}/{r.id}"
        by = (
            []
            if entity == "artists"
            else [html.Div(str(r.artist), className="small text-body-secondary")]
        )
        items.append(
            html.Li(
                [
                    html.Div([dcc.Link(str(r.name), href=href, className="fw-semibold"), *by],
                             className="flex-grow-1 text-truncate"),
                    html.Div(f"{r.plays:,} plays · {r.minutes:,.0f} min",
                             className="small text-nowrap ms-2"),
                ],
                className="list-group-item d-flex align-items-center",
            )
        )  # fmt: skip
    return html.Ul(items, className="list-group list-group-flush")
