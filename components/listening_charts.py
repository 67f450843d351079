"""Charts of the listening dashboards: genres, clock, calendar, months, habits, discovery.

Plain plotly.js specs built with the helpers in ``components.figures`` (titles, units, hover
text in words, empty states, both themes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.figures import (
    ACCENT,
    MONTHS,
    PALETTES,
    WEEKDAYS,
    bar_chart,
    dates,
    empty_figure,
    scale,
    themed,
    unit,
)

SANKEY_LINK = "rgba(29,185,84,0.35)"


def genre_stream(
    df: pd.DataFrame, theme: str | None, measure: str, pending: str | None = None
) -> dict:
    """Stacked shares of genres per month (a stream graph); when empty, ``pending`` says why
    genres are not there yet (the MusicBrainz lookup running or stopped)."""
    title = "Genre evolution (share of each month's listening)"
    if df.empty:
        return empty_figure(
            pending
            or "No genre data for these plays yet. Import your history (genres are then "
            "looked up on MusicBrainz),<br>connect Spotify, or add genres on an artist's page.",
            theme,
            title,
        )
    order = df.groupby("genre")["value"].sum().sort_values(ascending=False).index
    data = []
    for genre in order:
        part = df[df["genre"] == genre]
        data.append(
            {
                "type": "scatter",
                "x": dates(part["month"]),
                "y": (part["share"] * 100).round(2).tolist(),
                "name": genre,
                "stackgroup": "one",
                "mode": "lines",
                "line": {"width": 0.5, "shape": "spline"},
                "customdata": part["value"].round(1).tolist(),
                "hovertemplate": f"<b>{genre}</b><br>%{{x|%B %Y}}: %{{y:.1f}}% "
                f"(%{{customdata:,.0f}} {unit(measure)})<extra></extra>",
            }
        )
    return themed(
        data,
        theme,
        title,
        420,
        xaxis={"title": {"text": "month"}},
        yaxis={"title": {"text": "share of listening (%)"}, "range": [0, 100], "ticksuffix": "%"},
    )


def clock_heatmap(df: pd.DataFrame, theme: str | None, measure: str, tz: str) -> dict:
    """Hour of day x weekday, in the user's time zone."""
    title = f"Listening clock ({unit(measure)}, {tz})"
    if df.empty:
        return empty_figure("No plays in this period.", theme, title)
    col = "plays" if measure == "plays" else "minutes"
    grid = np.zeros((7, 24))
    grid[df["weekday"].to_numpy(int), df["hour"].to_numpy(int)] = df[col].to_numpy(float)
    heat = {
        "type": "heatmap",
        "z": grid.round(1).tolist(),
        "x": [f"{h:02d}:00" for h in range(24)],
        "y": list(WEEKDAYS),
        "colorscale": scale(theme),
        "colorbar": {"title": {"text": unit(measure)}, "thickness": 10},
        "hovertemplate": "%{y} %{x}: %{z:,.0f} " + unit(measure) + "<extra></extra>",
    }
    return themed(
        [heat],
        theme,
        title,
        330,
        xaxis={"title": {"text": "hour of day"}, "dtick": 3},
        yaxis={"title": {"text": "weekday"}, "autorange": "reversed"},
    )


def month_bars(
    df: pd.DataFrame, y: str, theme: str | None, title: str, y_title: str, hover: str
) -> dict:
    """Bars per month (column ``month``) that zoom the page to their month when clicked: each
    bar's customdata is "month:<first day>", which the Wrapped page's click handler reads."""
    keyed = df.assign(key="month:" + df["month"].astype(str))
    return bar_chart(keyed, "month", y, theme, title, y_title, hover=hover, customdata="key")


def radial_months(monthly: pd.DataFrame, theme: str | None) -> dict:
    """Listening hours per calendar month around a circle (all years in the period summed)."""
    title = "Hours by month of the year"
    if monthly.empty:
        return empty_figure("No plays in this period.", theme, title)
    months = pd.to_datetime(pd.Series(monthly["month"])).dt.month.to_numpy()
    hours = monthly["hours"].groupby(months).sum().reindex(range(1, 13), fill_value=0)
    bars = {
        "type": "barpolar",
        "r": hours.round(1).tolist(),
        "theta": list(MONTHS),
        "marker": {"color": ACCENT},
        "hovertemplate": "%{theta}: %{r:,.1f} hours<extra></extra>",
    }
    colours = PALETTES["dark" if theme == "dark" else "light"]
    polar = {
        "bgcolor": "rgba(0,0,0,0)",
        "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": colours["grid"]},
        "radialaxis": {"gridcolor": colours["grid"], "ticksuffix": " h"},
    }
    return themed([bars], theme, title, 360, polar=polar)


def skip_shuffle(df: pd.DataFrame, theme: str | None) -> dict:
    """Monthly skip rate and shuffle share, both in percent."""
    title = "Skip rate and shuffle share by month"
    if df.empty:
        return empty_figure("No plays in this period.", theme, title)
    data = [
        {
            "type": "scatter",
            "x": dates(df["month"]),
            "y": (df[col] * 100).round(1).tolist(),
            "name": name,
            "mode": "lines+markers",
            "hovertemplate": f"%{{x|%B %Y}}: %{{y:.1f}}% {name}<extra></extra>",
        }
        for col, name in (("skip_rate", "skipped (< 30 s)"), ("shuffle", "on shuffle"))
    ]
    return themed(
        data,
        theme,
        title,
        320,
        xaxis={"title": {"text": "month"}},
        yaxis={"title": {"text": "share of plays (%)"}, "ticksuffix": "%", "rangemode": "tozero"},
    )


def platforms(df: pd.DataFrame, theme: str | None, measure: str) -> dict:
    title = f"Platforms ({unit(measure)})"
    if df.empty:
        return empty_figure("No plays in this period.", theme, title)
    col = "plays" if measure == "plays" else "minutes"
    pie = {
        "type": "pie",
        "labels": df["platform"].tolist(),
        "values": df[col].round(1).tolist(),
        "hole": 0.5,
        "hovertemplate": "%{label}: %{value:,.0f} "
        + unit(measure)
        + " (%{percent})<extra></extra>",
    }
    return themed([pie], theme, title, 320)


def artist_genre_sankey(links: pd.DataFrame, theme: str | None, measure: str) -> dict:
    """Top artists flowing into their genres; clicking an artist opens its page."""
    title = f"Your top artists and their genres ({unit(measure)})"
    if links.empty:
        return empty_figure(
            "No genre data for your top artists yet. Connect Spotify, or add genres<br>"
            "on an artist's page.",
            theme,
            title,
        )
    artists = links.drop_duplicates("artist_id")[["artist_id", "artist"]]
    genres = sorted(links["genre"].unique())
    index = {aid: i for i, aid in enumerate(artists["artist_id"])}
    gindex = {g: len(artists) + i for i, g in enumerate(genres)}
    sankey = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": artists["artist"].tolist() + genres,
            "color": [ACCENT] * len(artists) + ["#6c757d"] * len(genres),
            "customdata": [f"/artist/{int(a)}" for a in artists["artist_id"]] + [""] * len(genres),
            "hovertemplate": "%{label}: %{value:,.0f} " + unit(measure) + "<extra></extra>",
            "pad": 8,
        },
        "link": {
            "source": links["artist_id"].map(index).tolist(),
            "target": links["genre"].map(gindex).tolist(),
            "value": links["value"].round(2).tolist(),
            # Explicit colour: plotly's default link colour vanished on the light background.
            "color": SANKEY_LINK,
            "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f} "
            + unit(measure)
            + "<extra></extra>",
        },
    }
    return themed([sankey], theme, title, 460)


def obsessions(df: pd.DataFrame, theme: str | None) -> dict:
    """Artists whose month jumped far above their usual; clicking a bar opens the artist."""
    title = "Obsessions: sudden spikes (plays that month)"
    if df.empty:
        return empty_figure(
            "No sudden spikes in this period: no artist jumped to 3x their usual month.",
            theme,
            title,
        )
    data = df.iloc[::-1]
    labels = data["artist"] + " · " + pd.to_datetime(data["month"]).dt.strftime("%b %Y")
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": data["plays"].tolist(),
        "y": labels.tolist(),
        "marker": {"color": ACCENT},
        "customdata": [f"/artist/{int(a)}" for a in data["artist_id"]],
        "text": [f"{f:.0f}x usual" for f in data["factor"]],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x} plays (%{text})<extra></extra>",
    }
    return themed([bar], theme, title, 360, xaxis={"title": {"text": "plays that month"}})
