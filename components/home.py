"""Layout pieces of the public landing page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.views import save_view_button


def home_layout(city: str | None) -> html.Div:
    return html.Div(
        [
            _intro(),
            save_view_button("home"),
            dcc.Store(id=ids.HOME_URLSTATE),
            html.Div(id=ids.HOME_STATS, className="mb-4"),
            html.Div(id=ids.HOME_ARTISTS, className="mb-4"),
            _random_show_heading(),
            html.Div(id=ids.HOME_RANDOM, className="mb-4"),
            _city_heading(city),
            dcc.Loading(html.Div(id=ids.HOME_NEXT_SHOWS)),
        ]
    )


def _intro() -> html.Div:
    """What Re-Wrapped is, in a sentence, and the way to every event."""
    return html.Div(
        [
            html.H1("Your listening, and the live music around you", className="h3"),
            html.P(
                "Re-Wrapped turns your Spotify history into dashboards and ranks the "
                "shows near you by what you play, with the reasons in words.",
                className="lead mb-3",
            ),
            dcc.Link("Explore all events", href="/events", className="btn btn-primary"),
        ],
        className="py-3",
    )


def _random_show_heading() -> dbc.Row:
    """The random show's heading and its "Another one" button."""
    return dbc.Row(
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
    )


def _city_heading(city: str | None) -> dbc.Row:
    """The next shows' heading and the city picker (the URL's city chosen)."""
    return dbc.Row(
        [
            dbc.Col(html.H2(id=ids.HOME_CITY_TITLE, className="h5"), md=8),
            dbc.Col(
                dcc.Dropdown(
                    id=ids.HOME_CITY,
                    value=city,
                    # The value must be an option until the real ones arrive, or the
                    # dropdown drops it (and the page opened another city).
                    options=[{"label": city, "value": city}] if city else [],
                    clearable=False,
                    placeholder="Pick a city",
                    persistence=False,
                ),
                md=4,
            ),
        ],
        className="align-items-center mb-2",
    )


def stat_cards(counts: dict[str, int], city_name: str | None, extra: dict | None = None):
    """Event counts per window for the city, and a line on this weekend and new shows."""
    where = f" in {city_name}" if city_name else ""
    labels = [
        ("tonight", "Tonight"),
        ("weekend", "This weekend"),
        ("month", "Rest of this month"),
        ("year", "Rest of this year"),
    ]
    cards = _cards(counts, labels, where)
    if not extra:
        return cards
    line = (
        f"This weekend{where}: {extra['events']:,} shows with {extra['artists']:,} artists. "
        f"New this week: {extra['new']:,}."
    )
    return html.Div([cards, html.P(line, className="small text-body-secondary mb-0")])


def artist_lists(frame, city_name: str, k: int) -> html.Div:
    """Biggest and smallest artists playing the city this month, by our listeners."""
    title = html.H2(f"Who plays {city_name} this month", className="h5")
    if frame.empty:
        note = (
            f"Not enough of our listeners play this month's artists yet: an artist is ranked "
            f"once at least {k} listeners play them."
        )
        return html.Div([title, html.P(note, className="empty-state small")])
    rows = frame.to_dict("records")
    biggest, smallest = rows[:5], list(reversed(rows[-5:]))

    def one(label, items):
        return dbc.Col(
            [
                html.H3(label, className="h6"),
                html.Ol(
                    [
                        html.Li(
                            [
                                dcc.Link(r["name"], href=f"/artist/{r['artist_id']}"),
                                f" · {r['listeners']:,} listeners",
                            ]
                        )
                        for r in items
                    ],
                    className="small",
                ),
            ],
            md=6,
        )

    return html.Div([title, dbc.Row([one("Biggest", biggest), one("Smallest", smallest)])])


def _cards(counts: dict[str, int], labels, where: str) -> dbc.Row:
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
                xs=6,
                md=3,
                className="mb-2",
            )
            for key, label in labels
        ]
    )
