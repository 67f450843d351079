"""The artist page: header with the listener's numbers, monthly plays and rank, hours, tracks,
upcoming shows."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.alerts import subscribe_button
from components.artwork import artwork_img
from components.figures import ACCENT, dates, empty_figure, themed
from components.views import save_view_button
from components.wrapped import graph


def artist_layout(artist_id: int, measure: str) -> html.Div:
    return html.Div(
        [
            save_view_button("artist"),
            dcc.Store(id=ids.ARTIST_ID, data={"artist_id": artist_id, "measure": measure}),
            html.Div(id=ids.ARTIST_HEADER, className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(graph(ids.ARTIST_MONTHS, 340), lg=8),
                    dbc.Col(graph(ids.ARTIST_HOURS, 340), lg=4),
                    dbc.Col(
                        [
                            html.H2("Your top tracks", className="h5"),
                            html.Div(id=ids.ARTIST_TRACKS),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            html.H2("Upcoming shows", className="h5"),
                            subscribe_button("new_shows", artist_id) if artist_id else None,
                            html.Div(id=ids.ARTIST_SHOWS),
                            html.H2("Genres", className="h5 mt-3"),
                            html.Div(id=ids.ARTIST_GENRES),
                        ],
                        lg=6,
                    ),
                ],
                className="g-3",
            ),
        ]
    )


def artist_header(info: dict, summary: dict) -> html.Div:
    image = artwork_img("artist", info["id"], 96, "rounded me-3") if info.get("image_url") else None
    if summary["plays"]:
        facts = (
            f"{summary['plays']:,} plays · {summary['minutes']:,.0f} minutes · "
            f"#{summary['rank']} of {summary['of']} artists · "
            f"first played {summary['first']:%d %b %Y} · last played {summary['last']:%d %b %Y}"
        )
    else:
        facts = "You have not played this artist yet."
    link = (
        html.A("Listen on Spotify", href=info["spotify_url"], target="_blank", rel="noopener")
        if info.get("spotify_url")
        else None
    )
    return html.Div(
        [
            image,
            html.Div(
                [
                    html.H1(info["name"], className="h3 mb-1"),
                    html.Div(facts, className="text-body-secondary"),
                    link,
                ]
            ),
        ],
        className="d-flex align-items-center",
    )


def months_figure(months: pd.DataFrame, theme: str | None, name: str) -> dict:
    """Plays per month (bars) and the artist's rank that month (line, 1 at the top)."""
    title = f"{name}: plays by month and rank among your artists"
    if months.empty:
        return empty_figure("No plays of this artist yet.", theme, title)
    x = dates(months["month"])
    data = [
        {
            "type": "bar",
            "x": x,
            "y": months["plays"].tolist(),
            "name": "plays",
            "marker": {"color": ACCENT},
            "hovertemplate": "%{x|%B %Y}: %{y} plays<extra></extra>",
        },
        {
            "type": "scatter",
            "x": x,
            "y": months["rank"].tolist(),
            "name": "rank",
            "yaxis": "y2",
            "mode": "lines+markers",
            "hovertemplate": "%{x|%B %Y}: #%{y} of your artists<extra></extra>",
        },
    ]
    return themed(
        data,
        theme,
        title,
        340,
        xaxis={"title": {"text": "month"}},
        yaxis={"title": {"text": "plays"}},
        yaxis2={
            "title": {"text": "rank"},
            "overlaying": "y",
            "side": "right",
            "autorange": "reversed",
            "showgrid": False,
            "tick0": 1,
            "dtick": max(1, -(-int(months["rank"].max()) // 5)),  # whole ranks only
        },
    )


def hours_figure(hours: pd.DataFrame, theme: str | None, tz: str) -> dict:
    title = f"When you play them (hour of day, {tz})"
    if not hours["plays"].sum():
        return empty_figure("No plays of this artist yet.", theme, title)
    bars = {
        "type": "barpolar",
        "r": hours["plays"].tolist(),
        "theta": [f"{h:02d}:00" for h in hours["hour"]],
        "marker": {"color": ACCENT},
        "hovertemplate": "%{theta}: %{r} plays<extra></extra>",
    }
    polar = {"bgcolor": "rgba(0,0,0,0)", "angularaxis": {"direction": "clockwise", "rotation": 90}}
    return themed([bars], theme, title, 340, polar=polar)


def tracks_list(df: pd.DataFrame) -> html.Div:
    if df.empty:
        return html.P("No plays of this artist yet.", className="empty-state")
    return html.Ol(
        [
            html.Li(
                [
                    dcc.Link(str(r.track), href=f"/track/{int(r.track_id)}"),
                    html.Span(
                        f" · {r.plays} plays · {r.minutes:,.0f} min",
                        className="small text-body-secondary",
                    ),
                    html.A(
                        " Listen on Spotify",
                        href=r.spotify_url,
                        target="_blank",
                        rel="noopener",
                        className="small",
                    )
                    if isinstance(r.spotify_url, str)
                    else None,
                ]
            )
            for r in df.itertuples()
        ]
    )


def shows_list(df: pd.DataFrame) -> html.Div:
    if df.empty:
        return html.P("No upcoming shows known for this artist.", className="empty-state")
    items = []
    for r in df.itertuples():
        when = f"{r.local_date:%a %d %b %Y}" + (
            f", {r.local_time:%H:%M}"
            if r.local_time is not None and not pd.isna(r.local_time)
            else ""
        )
        where = ", ".join(str(v) for v in (r.venue, r.city) if isinstance(v, str))
        ticket = (
            html.A(
                "Tickets",
                href=r.ticket_url,
                target="_blank",
                rel="noopener",
                className="ms-2 small",
            )
            if isinstance(r.ticket_url, str)
            else None
        )
        items.append(
            html.Li(
                [html.B(str(r.title)), html.Div([f"{when} · {where}", ticket], className="small")],
                className="list-group-item",
            )
        )
    return html.Ul(items, className="list-group list-group-flush")
