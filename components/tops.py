"""Spotify's own top lists over time (saved daily by live sync) as a bump chart."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.figures import empty_figure, themed
from components.filter_bar import phone_collapsible
from components.wrapped import graph

ITEM_TYPES = {"artists": "Artists", "tracks": "Tracks"}
TIME_RANGES = {
    "short_term": "Last 4 weeks",
    "medium_term": "Last 6 months",
    "long_term": "All time",
}
SHOWN = 10


def tops_layout(item_type: str, time_range: str) -> html.Div:
    """Two choices (kept in the URL) and the chart."""
    return html.Div(
        [
            html.H1("Your Spotify tops over time", className="h3"),
            html.P(
                "Spotify's own ranking of your top artists and tracks, as live sync saved it "
                "each day; lines follow today's top 10 back in time.",
                className="text-body-secondary",
            ),
            html.Div(
                phone_collapsible(
                    _choices(item_type, time_range),
                    ids.TOPS_FILTERS_TOGGLE,
                    ids.TOPS_FILTERS_COLLAPSE,
                    ids.TOPS_FILTERS_SUMMARY,
                    f"{ITEM_TYPES[item_type]} · {TIME_RANGES[time_range]}",
                ),
                className="mb-2",
            ),
            dcc.Store(id=ids.TOPS_URLSTATE),
            graph(ids.TOPS_CHART, 480),
        ]
    )


def _choices(item_type: str, time_range: str) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                dbc.RadioItems(
                    id=ids.TOPS_TYPE,
                    options=[{"label": v, "value": k} for k, v in ITEM_TYPES.items()],
                    value=item_type,
                    inline=True,
                ),
                width="auto",
            ),
            dbc.Col(
                dbc.RadioItems(
                    id=ids.TOPS_RANGE,
                    options=[{"label": v, "value": k} for k, v in TIME_RANGES.items()],
                    value=time_range,
                    inline=True,
                ),
                width="auto",
            ),
        ],
        className="g-3",
    )


def tops_figure(df: pd.DataFrame, theme: str | None, item_type: str, time_range: str) -> dict:
    """Rank (1 on top) per day of the latest day's top items."""
    noun = ITEM_TYPES[item_type].lower()
    title = f"Spotify's top {noun}, {TIME_RANGES[time_range].lower()}: rank by day"
    if df.empty:
        return empty_figure(
            "No Spotify top lists saved yet. Connect Spotify on your Profile: live sync saves "
            "Spotify's own<br>top artists and tracks once a day, and this chart grows from there.",
            theme,
            title,
        )
    key = "artist_id" if item_type == "artists" else "track_id"
    label = "artist" if item_type == "artists" else "track"
    latest = df[df["taken_on"] == df["taken_on"].max()].sort_values("rank").head(SHOWN)
    data = []
    for row in latest.itertuples():
        part = df[df[key] == getattr(row, key)].sort_values("taken_on")
        name = str(getattr(row, label))
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [str(d) for d in part["taken_on"]],
                "y": part["rank"].tolist(),
                "name": name,
                "hovertemplate": f"<b>{name}</b><br>%{{x|%d %b %Y}}: #%{{y}}<extra></extra>",
            }
        )
    return themed(
        data,
        theme,
        title,
        480,
        xaxis={"title": {"text": "day"}},
        yaxis={"title": {"text": "rank"}, "autorange": "reversed", "dtick": 1, "tick0": 1},
        legend={"orientation": "v", "x": 1.02, "y": 1},
        margin={"l": 48, "r": 12, "t": 48, "b": 40},
    )
