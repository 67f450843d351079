"""The map's legend, notes and side panel (a place's genres, venues, next shows and trend)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import dcc, html

from components import ids
from components.figures import empty_figure, themed
from components.map_layers import OTHER_COLOR
from data.privacy import elsewhere_label

PANEL_HINT = "Click a cluster, a city pie or a venue on the map to see its genres and shows."


def legend(palette: dict) -> html.Div:
    """Colour chips of the genres in the current window (top genres, then "Other")."""
    if not palette:
        return html.Div("No events in this window: widen the dates or clear the genre filter.")
    chips = [
        html.Span(
            [html.Span(className="rw-chip", style={"background": v["color"]}), v["name"]],
            className="rw-legend-item",
        )
        for v in palette.values()
    ]
    return html.Div([html.Span("Main genre: ", className="fw-semibold"), *chips])


def notes(parts: list[str]) -> html.Ul | None:
    """The audience layers' lines under the map (nothing when none is shown)."""
    return html.Ul([html.Li(p) for p in parts], className="mb-0 ps-3") if parts else None


def people_note(what: str, shown: int, elsewhere: int) -> str:
    """One line per audience layer: how many cities, and the merged remainder in words."""
    where = f"{shown} cities with 5 or more people" if shown else "no city with 5 or more people"
    return f"{what}: {where}. {elsewhere_label(elsewhere)}"


def _genre_bars(genres: pd.DataFrame, palette: dict, theme: str | None) -> dict:
    title = "Events by main genre (top 10)" if len(genres) > 10 else "Events by main genre"
    genres = genres.head(10)
    if genres.empty:
        return empty_figure("No events here in this window.", theme, title, 220)
    colours = [
        palette.get(str(int(g)), {"color": OTHER_COLOR})["color"] for g in genres["genre_id"]
    ]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": genres["events"].tolist(),
        "y": genres["name"].tolist(),
        "marker": {"color": colours},
        "hovertemplate": "%{y}: %{x} events<extra></extra>",
    }
    height = 80 + 22 * len(genres)
    return themed(
        [trace],
        theme,
        title,
        height,
        xaxis={"title": {"text": "events"}},
        yaxis={"autorange": "reversed"},
        margin={"l": 110, "r": 12, "t": 40, "b": 40},
    )


def _trend(trend: pd.DataFrame, palette: dict, theme: str | None) -> dict:
    title = "Top genres per month"
    if trend.empty:
        return empty_figure("No monthly trend for this window.", theme, title, 240)
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": group["month"].tolist(),
            "y": group["events"].tolist(),
            "line": {"color": palette.get(str(int(group["genre_id"].iloc[0])), {}).get("color")},
            "hovertemplate": f"{name}<br>%{{x|%B %Y}}: %{{y}} events<extra></extra>",
        }
        for name, group in trend.groupby("name", sort=False)
    ]
    return themed(
        traces,
        theme,
        title,
        260,
        xaxis={"title": {"text": "month"}},
        yaxis={"title": {"text": "events per month"}, "rangemode": "tozero"},
    )


def _shows(shows: pd.DataFrame) -> html.Div:
    if shows.empty:
        return html.P("No upcoming shows here in these genres.", className="text-body-secondary")
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(r.title, href=f"/event/{int(r.id)}"),
                    html.Span(
                        f" · {date.fromisoformat(str(r.local_date)[:10]):%a %d %b} · {r.venue}",
                        className="text-body-secondary",
                    ),
                ]
            )
            for r in shows.itertuples()
        ],
        className="ps-3",
    )


def panel(name: str | None, detail: dict, palette: dict, theme: str | None) -> html.Div:
    """The side panel of one place; a hint when nothing is selected."""
    if name is None:
        return html.Div(html.P(PANEL_HINT, className="text-body-secondary"), className="p-2")
    venues = detail["venues"]
    return html.Div(
        [
            html.Div(
                [
                    html.H2(name, className="h5 mb-0"),
                    html.Button("Close", id=ids.MAP_PANEL_CLOSE, className="btn btn-sm btn-link"),
                ],
                className="d-flex justify-content-between align-items-start",
            ),
            html.P(f"{detail['total']:,} events in this window", className="small mb-1"),
            dcc.Graph(
                figure=_genre_bars(detail["genres"], palette, theme),
                config={"displayModeBar": False},
            ),
            html.H3("Top venues", className="h6 mt-2"),
            html.Ol([html.Li(f"{r.venue} · {r.events} events") for r in venues.itertuples()])
            if not venues.empty
            else html.P("No venues in this window."),
            html.H3("Next shows", className="h6"),
            _shows(detail["shows"]),
            dcc.Graph(
                figure=_trend(detail["trend"], palette, theme), config={"displayModeBar": False}
            ),
        ],
        className="p-2",
    )
