"""The talent finder and venue availability tabs of /promoter (pure factories)."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.csv_download import csv_button
from components.figures import ACCENT, empty_figure, themed
from data.privacy import K_ANONYMITY as K_MIN


def talent_tab(page: int = 1) -> html.Div:
    """Artists the promoter's city listens to without a local show (filled by a callback;
    the pager on the URL's ``page``)."""
    return html.Div(
        [
            html.P(
                f"Artists that at least {K_MIN} listeners in your city played in the last 90 "
                "days and that have no upcoming show there. Growth compares with the 90 days "
                "before. Shortlist the ones to book.",
                className="text-body-secondary",
            ),
            html.Div(id=ids.PROMOTER_TALENT),
            dbc.Pagination(
                id=ids.PROMOTER_TALENT_PAGE,
                max_value=page,
                active_page=page,
                size="sm",
                fully_expanded=False,
            ),
            csv_button(
                "Download the whole list (CSV)",
                ids.PROMOTER_TALENT_EXPORT,
                ids.PROMOTER_TALENT_DOWNLOAD,
            ),
        ]
    )


def _growth(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:+.0%}"


def shortlist_line(names: list[str]) -> html.P:
    """The shortlist in one line (it persists, also for artists no longer in the table)."""
    text = ", ".join(names) if names else "empty: star the artists you want to keep an eye on."
    return html.P([html.Strong("Your shortlist: "), text], className="small")


def talent_table(frame: pd.DataFrame, listed: set[int], city: str | None) -> html.Div:
    """One page of the talent finder, with a shortlist toggle per artist."""
    if city is None:
        return html.P(
            "Set your home city on your Profile to see who your city listens to.",
            className="empty-state",
        )
    if frame.empty:
        return html.P(
            f"No artist has {K_MIN} or more listeners in {city} without a show there yet. "
            "Check again as more listeners import their history.",
            className="empty-state",
        )
    rows = []
    for r in frame.itertuples():
        on = r.artist_id in listed
        toggle = dbc.Button(
            "★ Shortlisted" if on else "☆ Shortlist",
            id=ids.promoter_shortlist(r.artist_id),
            size="sm",
            color="warning" if on else "secondary",
            outline=not on,
        )
        cells = [r.artist, f"{r.listeners:,}", _growth(r.growth), r.shows_elsewhere or "—"]
        rows.append(html.Tr([*(html.Td(c) for c in cells), html.Td(toggle)]))
    head = ("Artist", f"Listeners in {city}", "Growth", "Upcoming shows elsewhere", "")
    table = dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
        size="sm",
        hover=True,
        className="small",
    )
    return html.Div(table, className="table-responsive")


def venues_tab(start: str, end: str, today: str, venue: str | None = None) -> html.Div:
    """Pick a venue and a date range; free dates and busiest weekdays appear below."""
    controls = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Venue", html_for=ids.PROMOTER_VENUE, className="small"),
                    dcc.Dropdown(
                        id=ids.PROMOTER_VENUE,
                        value=int(venue) if venue and venue.isdigit() else None,
                        placeholder="Pick a venue…",
                        className="rw-dropdown",
                    ),
                ],
                md=6,
            ),
            dbc.Col(
                [
                    dbc.Label("Dates", html_for=ids.PROMOTER_VENUE_RANGE, className="small"),
                    dcc.DatePickerRange(
                        id=ids.PROMOTER_VENUE_RANGE,
                        start_date=start,
                        end_date=end,
                        min_date_allowed=today,
                        display_format="YYYY-MM-DD",
                    ),
                ],
                md="auto",
            ),
        ],
        className="g-3 mb-3",
    )
    return html.Div([controls, html.Div(id=ids.PROMOTER_AVAILABILITY)])


def availability(name: str, free: list[date], weekdays: pd.DataFrame, theme) -> html.Div:
    """Free dates grouped by month, and the venue's busiest weekdays as a bar chart."""
    months: dict[str, list[str]] = {}
    for day in free:
        months.setdefault(f"{day:%B %Y}", []).append(f"{day:%a %d}")
    listing = [
        html.Div([html.Strong(month + ": "), html.Span(", ".join(days))], className="small mb-1")
        for month, days in months.items()
    ] or [html.P("No free date in this range.", className="empty-state")]
    title = f"Events at {name} by weekday<br><sup>all known events</sup>"
    if weekdays["events"].sum() == 0:
        figure = empty_figure("No events known at this venue yet.", theme, title, 280)
    else:
        bar = {
            "type": "bar",
            "x": weekdays["weekday"].tolist(),
            "y": weekdays["events"].tolist(),
            "marker": {"color": ACCENT},
            "hovertemplate": "%{x}: %{y} events<extra></extra>",
        }
        figure = themed([bar], theme, title, 280, yaxis={"title": {"text": "events"}})
    return dbc.Row(
        [
            dbc.Col(
                [html.H3(f"Free dates at {name} ({len(free)})", className="h6"), *listing], lg=6
            ),
            dbc.Col(dcc.Graph(figure=figure, config={"displaylogo": False}), lg=6),
        ]
    )
