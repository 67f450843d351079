"""Layout pieces of the public landing page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.views import save_view_button


def home_layout(city: str | None) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.H1("Your listening, and the live music around you", className="h3"),
                    html.P(
                        "Re-Wrapped turns your Spotify history into dashboards and finds the "
                        "shows you would love, with the reasons in words.",
                        className="lead mb-3",
                    ),
                ],
                className="py-3",
            ),
            save_view_button("home"),
            dcc.Store(id=ids.HOME_URLSTATE),
            html.Div(id=ids.HOME_STATS, className="mb-4"),
            dbc.Row(
                [
                    dbc.Col(html.H2("A random show tonight", className="h5"), width="auto"),
                    dbc.Col(
                        dbc.Button(
                            "Another one",
                            id=ids.HOME_RANDOM_AGAIN,
                            n_clicks=0,
                            size="sm",
                            color="secondary",
                            outline=True,
                        ),
                        width="auto",
                    ),
                ],
                className="align-items-center mb-2",
            ),
            html.Div(id=ids.HOME_RANDOM, className="mb-4"),
            dbc.Row(
                [
                    dbc.Col(html.H2(id=ids.HOME_CITY_TITLE, className="h5"), md=8),
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.HOME_CITY,
                            value=city,
                            clearable=False,
                            placeholder="Pick a city",
                            persistence=False,
                        ),
                        md=4,
                    ),
                ],
                className="align-items-center mb-2",
            ),
            dcc.Loading(html.Div(id=ids.HOME_NEXT_SHOWS)),
        ]
    )


def stat_cards(counts: dict[str, int], city_name: str | None) -> dbc.Row:
    where = f" in {city_name}" if city_name else ""
    labels = [("tonight", "Tonight"), ("weekend", "This weekend"), ("month", "Next 30 days")]
    return dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(f"{counts.get(key, 0):,}", className="display-6 fw-bold"),
                            html.Div(f"{label}{where}", className="text-body-secondary"),
                        ]
                    ),
                    className="stat-card",
                ),
                xs=12,
                sm=4,
                className="mb-2",
            )
            for key, label in labels
        ]
    )
