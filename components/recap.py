"""The year-in-review page: one recap figure (downloadable as an image) and Spotify's own."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.csv_download import csv_button
from components.figures import ACCENT, PALETTES, empty_figure, themed
from components.views import save_view_button

PUBLISH_LABELS = {False: "Publish this recap", True: "Published — unpublish"}


def publish_note(year: int, published: bool) -> str:
    """What publishing means, in the recap's current state."""
    if published:
        return (
            f"Your {year} recap is published: anyone with a link to a view of this page that "
            "you shared (Save view → Anyone with the link) sees it, read-only."
        )
    return (
        f"Only you see your {year} recap. Publish it to let a shared view link show it to "
        "others (read-only); unpublish any time and the link stops showing it."
    )


def year_links(year: int, years: list[int]) -> list:
    """Links to the other years that have listening (newest first)."""
    if not years:
        return [dcc.Link("No listening history yet: import it", href="/import")]
    return [
        dcc.Link(
            str(y), href=f"/wrapped/year/{y}", className="me-2" + (" fw-bold" if y == year else "")
        )
        for y in sorted(years, reverse=True)
    ]


def year_layout(year: int) -> html.Div:
    return html.Div(
        [
            save_view_button("year"),
            dcc.Store(id=ids.YEAR_VALUE, data=year),
            dcc.Store(id=ids.YEAR_DOWNLOADED),
            dbc.Row(
                [
                    dbc.Col(html.H1(f"{year} in review", className="h3"), width="auto"),
                    dbc.Col(
                        dbc.Button(
                            "Download as image",
                            id=ids.YEAR_DOWNLOAD,
                            n_clicks=0,
                            color="primary",
                            size="sm",
                        ),
                        width="auto",
                    ),
                    dbc.Col(
                        dbc.Button(
                            PUBLISH_LABELS[False],
                            id=ids.YEAR_PUBLISH,
                            n_clicks=0,
                            color="secondary",
                            outline=True,
                            size="sm",
                        ),
                        width="auto",
                    ),
                ],
                className="align-items-center g-2 mb-2",
            ),
            html.Div(id=ids.YEAR_PUBLISH_NOTE, className="small text-body-secondary mb-2"),
            html.Div(id=ids.YEAR_NAV, className="mb-3 small"),
            dcc.Loading(
                dcc.Graph(
                    id=ids.YEAR_RECAP,
                    config={"displaylogo": False, "responsive": True},
                    style={"minHeight": "1400px"},
                ),
                delay_show=300,
            ),
            html.H2("Compared with Spotify's Wrapped", className="h5 mt-4"),
            html.Div(id=ids.YEAR_SPOTIFY),
        ]
    )


def _bars(frame, label_col: str, value_col: str, suffix: str, xaxis: str, yaxis: str) -> dict:
    """Horizontal bars labelled "name · value" to their right (no tick labels: full width)."""
    data = frame.iloc[::-1]  # drawn bottom-up; the reversed axis puts rank 1 on top
    return {
        "type": "bar",
        "orientation": "h",
        "x": data[value_col].round(1).tolist(),
        "y": list(range(len(data), 0, -1)),
        "text": [
            f"{str(n)[:24]} · {v:,.0f}{suffix}"
            for n, v in zip(data[label_col], data[value_col], strict=True)
        ],
        "textposition": "auto",
        "cliponaxis": False,
        "marker": {"color": ACCENT},
        "xaxis": xaxis,
        "yaxis": yaxis,
        "hovertemplate": "%{text}<extra></extra>",
        "showlegend": False,
    }


def _phase(phase: dict) -> str:
    start, end = f"{phase['start']:%b}", f"{phase['end']:%b}"
    return f"{phase['genre']} ({start if start == end else f'{start}-{end}'})"


# The recap is a share card: its own background (not the page's), so the downloaded story
# image is a finished card in either theme.
CARD = {"light": "#e8f6ed", "dark": "#0c1d13"}


# One column (top artists, tracks, genres, months) reads on a phone and as a story image:
# each bar panel's heading and its (bottom, top) share of the card's height.
PANELS = (("Top artists", 0.62, 0.76), ("Top tracks", 0.42, 0.56), ("Top genres", 0.22, 0.36))


def recap_figure(recap: dict, theme: str | None, name: str | None = None) -> dict:
    """One figure holding the whole recap, so Plotly can export it as a single image.

    Args:
        recap: the year's numbers (``data.queries.listening.year.year_recap``).
        theme: "light" or "dark".
        name: the listener's display name, printed on the card.
    """
    year = recap["year"]
    who = f"{name}'s {year}" if name else f"My {year}"
    title = (
        # the empty line leaves room for the big number's taller line
        f"<b>{who}</b> on Re-Wrapped<br> <br>"
        f"<span style='font-size:40px;color:{ACCENT}'><b>{recap['minutes']:,.0f} minutes</b></span>"
    )
    if not recap["plays"]:
        return empty_figure(
            f"No music plays in {year}. Import your history to see a recap.", theme, title, 400
        )
    data = _recap_traces(recap)
    notes = [_note(line, 1.0 - i * 0.03, 16) for i, line in enumerate(_facts(recap))]
    notes += [_note(f"<b>{h}</b>", top + 0.005, 18, "bottom") for h, _low, top in PANELS]
    notes.append(_note("<b>Minutes by month</b>", 0.165, 18, "bottom"))
    card = CARD["dark" if theme == "dark" else "light"]
    spec = themed(
        data,
        theme,
        title,
        1400,
        annotations=notes,
        margin={"l": 24, "r": 24, "t": 150, "b": 40},
        paper_bgcolor=card,
        plot_bgcolor=card,
        **_recap_axes(data, PALETTES["dark" if theme == "dark" else "light"]),
    )
    spec["layout"]["title"].update({"font": {"size": 24}, "x": 0.02, "y": 0.985})
    return spec


def _recap_traces(recap: dict) -> list[dict]:
    """Top artists, tracks and (when known) genres as ranked bars, then minutes by month."""
    data = [
        _bars(recap["top_artists"], "name", "minutes", " min", "x", "y"),
        _bars(recap["top_tracks"], "name", "minutes", " min", "x2", "y2"),
    ]
    genres = recap["top_genres"]
    if not genres.empty:
        data.append(
            _bars(genres.assign(pct=genres["share"] * 100), "genre", "pct", "%", "x3", "y3")
        )
    monthly = recap["monthly"]
    data.append(
        {
            "type": "bar",
            "x": [f"{m:%b}" for m in monthly["month"]],
            "y": monthly["minutes"].round(0).tolist(),
            "marker": {"color": ACCENT},
            "xaxis": "x4",
            "yaxis": "y4",
            "hovertemplate": "%{x}: %{y:,.0f} minutes<extra></extra>",
            "showlegend": False,
        }
    )
    return data


def _facts(recap: dict) -> list[str]:
    """The card's lines of numbers, biggest day, streak and phases (those the year has)."""
    streak, first, last = recap["longest_streak"]
    big = recap["biggest_day"]
    phases = [_phase(p) for p in recap["phases"][:6]]
    facts = [
        f"<b>{recap['plays']:,}</b> plays · <b>{recap['artists']:,}</b> artists",
        f"<b>{recap['tracks']:,}</b> tracks · <b>{recap['new_artists']:,}</b> new artists",
        f"Biggest day: <b>{big['day']:%d %B}</b> ({big['minutes']:,.0f} min)" if big else "",
        f"Longest streak: <b>{streak} days</b><br>({first:%d %b} to {last:%d %b})"
        if streak
        else "",
        "Phases: " + "<br>".join(" → ".join(phases[k : k + 2]) for k in range(0, len(phases), 2))
        if phases
        else "Phases: no genre data yet",
    ]
    return [line for line in facts if line]


def _recap_axes(data: list[dict], colours: dict) -> dict:
    """Axes for the three bar panels (rank 1 on top, room for labels) and the months."""
    hidden = {"showgrid": False, "showticklabels": False, "zeroline": False}
    layout = {}
    for k, (_h, low, top) in enumerate(PANELS, start=1):
        suffix = "" if k == 1 else str(k)
        bars = [t for t in data if t["xaxis"] == f"x{suffix}" and t["type"] == "bar"]
        widest = max((max(t["x"], default=0) for t in bars), default=0)
        layout[f"xaxis{suffix}"] = {
            "domain": [0, 1],
            "anchor": f"y{suffix}",
            "range": [0, (widest or 1) * 2.6],  # room for the labels right of the bars
            **hidden,
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [low, top],
            "anchor": f"x{suffix}",
            "autorange": "reversed",  # rank 1 on top
            "tickprefix": "#",
            "dtick": 1,
            "showgrid": False,
            "zeroline": False,
        }
    layout["xaxis4"] = {"domain": [0, 1], "anchor": "y4", "gridcolor": colours["grid"]}
    layout["yaxis4"] = {"domain": [0, 0.15], "anchor": "x4", "title": {"text": "minutes"}}
    return layout


def _note(text: str, y: float, size: int, anchor: str = "top") -> dict:
    return {
        "text": text,
        "x": 0,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "xanchor": "left",
        "yanchor": anchor,
        "align": "left",
        "font": {"size": size},
    }


COMPARED = ("Minutes", "Top artists", "Top tracks", "Top genres")


def comparison(recap: dict, spotify: dict) -> list[tuple[str, str, str]]:
    """The comparison table's rows as shown: figure, Re-Wrapped's value, Spotify's value."""
    ours = [
        f"{recap['minutes']:,.0f}",
        ", ".join(recap["top_artists"]["name"].astype(str)),
        ", ".join(recap["top_tracks"]["name"].astype(str)),
        ", ".join(recap["top_genres"]["genre"].astype(str)),
    ]
    minutes = spotify["minutes"]
    theirs = [
        f"{minutes:,.0f}" if minutes is not None else "not in file",
        ", ".join(spotify["top_artists"]) or "not in file",
        ", ".join(spotify["top_tracks"]) or "not in file",
        ", ".join(spotify["top_genres"]) or "not in file",
    ]
    return list(zip(COMPARED, ours, theirs, strict=True))


def spotify_table(recap: dict, spotify: dict | None) -> html.Div:
    """Side by side with Spotify's Wrapped<YEAR>.json (downloadable as CSV), or how to get it."""
    if spotify is None:
        return html.P(
            f"Import Spotify's Wrapped{recap['year']}.json (part of the account data export) "
            "to compare Spotify's figures with these.",
            className="empty-state",
        )
    rows = [
        html.Tr([html.Th(k), html.Td(ours), html.Td(theirs)])
        for k, ours, theirs in comparison(recap, spotify)
    ]
    head = html.Thead(html.Tr([html.Th(""), html.Th("Re-Wrapped"), html.Th("Spotify Wrapped")]))
    return html.Div(
        [
            html.Div(
                dbc.Table([head, html.Tbody(rows)], size="sm", bordered=True),
                className="table-responsive",
            ),
            csv_button(
                "Download the comparison (CSV)", ids.YEAR_SPOTIFY_EXPORT, ids.YEAR_SPOTIFY_DOWNLOAD
            ),
        ]
    )
