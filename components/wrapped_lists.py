"""Data-driven pieces of the Wrapped page: overview cards, ranked lists, streaks, sessions."""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.artwork import artwork_img
from components.wrapped import (
    AUDIOBOOK_METRIC_LABELS,
    LIST_TITLES,
    METRIC_LABELS,
    PODCAST_METRIC_LABELS,
)
from data.queries.listening.filters import Filters


def period_label(f: Filters) -> str:
    if f.start is None:
        return "All time"
    return f"{f.start:%d %b %Y} to {f.end:%d %b %Y} ({f.days} days, {f.tz})"


def _number(metric: str, value: float) -> str:
    return f"{value:,.0f}"


def overview_cards(df: pd.DataFrame, content: str = "music") -> dbc.Row:
    """One card per metric with its change against the previous equal-length period
    (podcasts count shows and episodes, audiobooks books and chapters)."""
    labels = {"podcast": PODCAST_METRIC_LABELS, "audiobook": AUDIOBOOK_METRIC_LABELS}.get(
        content, METRIC_LABELS
    )
    cards = []
    for row in df.itertuples():
        if row.change is None or pd.isna(row.change):
            delta = html.Small("no earlier period to compare", className="text-body-secondary")
        else:
            delta = _change(row.metric, row.change, row.previous)
        cards.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(labels[row.metric], className="small text-body-secondary"),
                            html.Div(_number(row.metric, row.value), className="fs-3 fw-semibold"),
                            delta,
                        ]
                    ),
                    className="h-100 stat-card",
                ),
                xs=6,
                md=4,
                xl=True,
                className="mb-2",
            )
        )
    return dbc.Row(cards, className="g-2")


def _change(metric: str, change: float, previous: float) -> html.Small:
    """Green up, red down; a change that rounds to 0% is neutral, not a red "▼0%"."""
    versus = f"vs previous ({_number(metric, previous)})"
    if round(change) == 0:
        return html.Small(f"= no change {versus}", className="text-body-secondary")
    up = change > 0
    return html.Small(
        f"{'▲' if up else '▼'} {abs(change):.0f}% {versus}",
        className="text-success" if up else "text-danger",
    )


def _movement(value: float, compared: bool) -> html.Span | None:
    if not compared:
        return None  # open-ended period: nothing to compare with
    if pd.isna(value):
        return html.Span("new", className="badge text-bg-info ms-1", title="not ranked before")
    if value == 0:
        return html.Span("=", className="text-body-secondary ms-1", title="same rank as before")
    up = value > 0
    return html.Span(
        f"{'▲' if up else '▼'}{abs(int(value))}",
        className=("text-success" if up else "text-danger") + " ms-1 small",
        title=f"{'up' if up else 'down'} {abs(int(value))} places vs previous period",
    )


def top_list(
    df: pd.DataFrame, entity: str, measure: str, limit: int = 10, content: str = "music"
) -> html.Div:
    """A titled ranked list: image, name (opens the artist), value, movement, Spotify link."""
    titles = LIST_TITLES.get(content, LIST_TITLES["music"])
    return html.Div(
        [html.H2(titles[entity], className="h5"), _ranked(df, entity, measure, limit, content)]
    )


def _row_image(entity: str, row) -> html.Img | None:
    """An artist's image when one is known; every album's cover slot, whose route answers the
    cover once a job has kept it (after these frames were built, too) and a placeholder until
    then, so album rows line up and never show a broken image."""
    if entity == "albums":
        return artwork_img("album", row.id, 36, "rounded me-2")
    if entity == "artists" and isinstance(row.image_url, str) and row.image_url:
        return artwork_img("artist", row.artist_id, 36, "rounded me-2")
    return None


def _ranked(df: pd.DataFrame, entity: str, measure: str, limit: int, content: str):
    if df.empty:
        if content != "music" and entity == "albums":
            what = "Podcast episodes" if content == "podcast" else "Audiobooks"
            return html.P(f"{what} have no albums.", className="empty-state")
        return html.P("Nothing played in this period.", className="empty-state")
    unit = "plays" if measure == "plays" else "min"
    compared = bool(df["compared"].iloc[0]) if "compared" in df else False
    items = []
    for row in df.head(limit).itertuples():
        image = _row_image(entity, row)
        href = (
            f"/artist/{int(row.artist_id)}"
            if entity == "artists"
            else f"/{entity[:-1]}/{int(row.id)}"
        )
        name = dcc.Link(str(row.name), href=href, className="fw-semibold")
        sub = (
            []
            if entity == "artists"
            else [html.Div(str(row.artist), className="small text-body-secondary")]
        )
        spotify = (
            html.A(
                "Listen on Spotify",
                href=row.spotify_url,
                target="_blank",
                rel="noopener",
                className="small ms-2",
            )
            if isinstance(row.spotify_url, str)
            else None
        )
        items.append(
            html.Li(
                [
                    image,
                    html.Div(
                        [html.Span(f"{row.rank}. "), name, _movement(row.movement, compared), *sub],
                        className="flex-grow-1 text-truncate",
                    ),
                    html.Div(
                        [f"{row.value:,.0f} {unit}", spotify],
                        className="text-end small text-nowrap",
                    ),
                ],
                className="list-group-item d-flex align-items-center",
            )
        )
    return html.Ol(items, className="list-group list-group-flush top-list")


def _item_link(name, kind: str, item_id) -> dcc.Link | str:
    """A track's or album's name linking to its page (plain text when the id is unknown)."""
    if item_id is None or pd.isna(item_id):
        return str(name)
    return dcc.Link(str(name), href=f"/{kind}/{int(item_id)}")


def recent_table(df: pd.DataFrame) -> html.Div:
    if df.empty:
        return html.P("No plays in this period.", className="empty-state")
    rows = [
        html.Tr(
            [
                html.Td(f"{r.ended:%Y-%m-%d %H:%M}", className="text-nowrap"),
                html.Td(_item_link(r.track, "track", r.track_id)),
                html.Td(dcc.Link(str(r.artist), href=f"/artist/{int(r.artist_id)}")),
                html.Td(f"{r.minutes:.1f}", className="text-end"),
                html.Td(
                    html.A(
                        "▶",
                        href=r.spotify_url,
                        target="_blank",
                        rel="noopener",
                        title="Listen on Spotify",
                    )
                    if isinstance(r.spotify_url, str)
                    else ""
                ),
            ]
        )
        for r in df.itertuples()
    ]
    head = html.Thead(
        html.Tr(
            [
                html.Th("Ended"),
                html.Th("Track"),
                html.Th("Artist"),
                html.Th("Min", className="text-end"),
                html.Th(""),
            ]
        )
    )
    return html.Div(
        dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, className="mb-0"),
        className="table-responsive",
    )


def streak_cards(streaks: dict) -> dbc.Row:
    def card(title: str, run: tuple) -> dbc.Col:
        length, first, last = run
        when = f"{first:%d %b %Y} to {last:%d %b %Y}" if length else "no listening days"
        return dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(title, className="small text-body-secondary"),
                        html.Div(
                            f"{length} day{'s' if length != 1 else ''}",
                            className="fs-3 fw-semibold",
                        ),
                        html.Small(when),
                    ]
                ),
                className="h-100 stat-card",
            ),
            xs=6,
        )

    return dbc.Row(
        [
            card("Longest daily streak", streaks["longest"]),
            card("Current streak", streaks["current"]),
        ],
        className="g-2",
    )


def sessions_list(df: pd.DataFrame) -> html.Div:
    if df.empty:
        return html.P("No sessions in this period.", className="empty-state")
    items = []
    for r in df.itertuples():
        tracks = r.tracks if isinstance(r.tracks, list) else []
        items.append(
            html.Details(
                [
                    html.Summary(
                        f"{r.start:%a %d %b %Y, %H:%M} · {r.minutes / 60:.1f} h · {r.plays} plays"
                    ),
                    # One Markdown list, not hundreds of Li components: a long session's
                    # tracks then cost one string to build and send.
                    dcc.Markdown(
                        "\n".join(f"{i}. {_md(t)}" for i, t in enumerate(tracks[:200], 1)),
                        className="small",
                    ),
                ],
                className="mb-1",
            )
        )
    return html.Div(items)


_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def _md(text: str) -> str:
    """``text`` shown literally in Markdown (every ASCII punctuation mark escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def forgotten_list(df: pd.DataFrame, measure: str) -> html.Div:
    if df.empty:
        return html.P(
            "None of your favourites has gone quiet for 90 days.", className="empty-state"
        )
    unit = "plays" if measure == "plays" else "min"
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(str(r.artist), href=f"/artist/{int(r.artist_id)}"),
                    html.Span(
                        f" · {r.value:,.0f} {unit} · last played {r.last_played:%d %b %Y}",
                        className="small text-body-secondary",
                    ),
                ],
                className="list-group-item",
            )
            for r in df.itertuples()
        ],
        className="list-group list-group-flush",
    )
