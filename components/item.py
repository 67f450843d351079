"""The track and album pages: the listener's numbers for one item, its months, its sessions."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids
from components.artwork import artwork_img
from components.csv_download import csv_button
from components.figures import bar_chart, empty_figure
from components.views import save_view_button
from components.wrapped import graph

NOUNS = {"track": "track", "album": "album"}


def item_layout(kind: str, item_id: int) -> html.Div:
    """The page frame; the callback fills header, chart and sessions for the logged-in user."""
    return html.Div(
        [
            save_view_button(kind),
            dcc.Store(id=ids.ITEM_ID, data={"kind": kind, "id": item_id}),
            html.Div(id=ids.ITEM_HEADER, className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(graph(ids.ITEM_MONTHS, 320), lg=7),
                    dbc.Col(
                        [
                            html.H2("Sessions it was part of", className="h5"),
                            html.Div(id=ids.ITEM_SESSIONS),
                            csv_button(
                                "Download every session (CSV)",
                                ids.ITEM_SESSIONS_EXPORT,
                                ids.ITEM_SESSIONS_DOWNLOAD,
                            ),
                        ],
                        lg=5,
                    ),
                ],
                className="g-3",
            ),
        ]
    )


def item_header(info: dict, summary: dict) -> html.Div:
    """Name, artist (and album) links, and the numbers in one line."""
    noun = NOUNS[info["kind"]]
    if summary["plays"]:
        share = (
            f" · {summary['share']:.0%} of your plays of {info['artist']}"
            if summary["share"] is not None
            else ""
        )
        facts = (
            f"{summary['plays']:,} plays · {summary['minutes']:,.0f} minutes{share} · "
            f"first played {summary['first']:%d %b %Y} · last played {summary['last']:%d %b %Y}"
        )
    else:
        facts = f"You have not played this {noun} (plays under 30 s do not count)."
    by = [dcc.Link(info["artist"], href=f"/artist/{int(info['artist_id'])}")]
    if info.get("album_id"):
        by += [" · from ", dcc.Link(info["album"], href=f"/album/{int(info['album_id'])}")]
    # The album page shows its own cover, a track page its album's: our route answers the
    # cover once a job has kept it, a placeholder until then.
    album_id = info["id"] if info["kind"] == "album" else info.get("album_id")
    image = artwork_img("album", album_id, 96, "rounded me-3") if album_id else None
    spotify = (
        html.A("Listen on Spotify", href=info["spotify_url"], target="_blank", rel="noopener")
        if info.get("spotify_url")
        else None
    )
    return html.Div(
        [
            image,
            html.Div(
                [
                    html.Div(noun.capitalize(), className="small text-body-secondary"),
                    html.H1(info["name"], className="h3 mb-1"),
                    html.Div(by),
                    html.Div(facts, className="text-body-secondary"),
                    spotify,
                ]
            ),
        ],
        className="d-flex align-items-center",
    )


def months_chart(months: pd.DataFrame, theme: str | None, info: dict) -> dict:
    """Plays of the item per month."""
    return bar_chart(
        months,
        "month",
        "plays",
        theme,
        f"{info['name']}: plays by month",
        "plays",
        hover="%{x|%B %Y}: %{y} plays",
        empty=f"No plays of this {NOUNS[info['kind']]} yet.",
    )


def sessions_table(sessions: pd.DataFrame, total: int, kind: str) -> html.Div:
    """The longest sessions the item was part of, with how often it played in each."""
    if sessions.empty:
        return html.P(f"This {NOUNS[kind]} was not part of any session yet.",
                      className="empty-state")  # fmt: skip
    rows = [
        html.Tr(
            [
                html.Td(f"{pd.Timestamp(s.start):%d %b %Y %H:%M}", className="text-nowrap"),
                html.Td(f"{s.minutes:,.0f} min", className="text-end text-nowrap"),
                html.Td(f"{s.plays}", className="text-end"),
                html.Td(f"{s.item_plays}", className="text-end"),
            ]
        )
        for s in sessions.itertuples()
    ]
    head = html.Thead(html.Tr([html.Th("Started"), html.Th("Length"), html.Th("Plays"),
                               html.Th(f"This {NOUNS[kind]}")]))  # fmt: skip
    return html.Div(
        [
            html.P(f"Part of {total:,} listening sessions; the longest:", className="small"),
            html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", className="mb-0"),
                     className="table-responsive"),
        ]
    )  # fmt: skip


def missing(kind: str, theme: str | None) -> tuple:
    """What the page shows for an id that is not a track or album."""
    text = f"No such {NOUNS[kind]}."
    return html.P(text, className="empty-state"), empty_figure(text, theme, NOUNS[kind]), None
