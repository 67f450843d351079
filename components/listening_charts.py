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
    SCALE,
    WEEKDAYS,
    bar_chart,
    dates,
    empty_figure,
    themed,
    unit,
)


def genre_stream(df: pd.DataFrame, theme: str | None, measure: str) -> dict:
    """Stacked shares of genres per month (a stream graph)."""
    title = "Genre evolution (share of each month's listening)"
    if df.empty:
        return empty_figure(
            "No genre data for these plays yet. Connect Spotify (live sync fills artist "
            "genres),<br>let event feeds match your artists, or add genres on an artist's page.",
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
        "colorscale": SCALE,
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


def _calendar_cells(daily: pd.DataFrame) -> dict[str, list]:
    """Per day: year, week column, weekday row (0 = Monday), minutes, label and click key."""
    day = np.asarray(daily["day"].tolist(), dtype="datetime64[D]")
    year = day.astype("datetime64[Y]")
    month = (day.astype("datetime64[M]") - year.astype("datetime64[M]")).astype(int) + 1
    weekday = (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    # ISO week: the week of the Thursday in the same Monday-Sunday week.
    thursday = day - weekday + 3
    week = (thursday - thursday.astype("datetime64[Y]")).astype(int) // 7 + 1
    # ISO weeks wrap at the year edges: early-January days of week 52/53 go to column 0 and
    # late-December days of week 1 to column 53, so each calendar year is one grid.
    week = np.where((month == 1) & (week > 50), 0, np.where((month == 12) & (week == 1), 53, week))
    years = (year.astype(int) + 1970).tolist()
    dom = (day - day.astype("datetime64[M]")).astype(int) + 1
    parts = zip(weekday.tolist(), dom.tolist(), month.tolist(), years, strict=True)
    return {
        "year": years,
        "week": week.tolist(),
        "weekday": weekday.tolist(),
        "minutes": np.round(daily["minutes"].to_numpy(dtype=float), 1).tolist(),
        "label": [f"{WEEKDAYS[w]} {d:02d} {MONTHS[m - 1]} {y}" for w, d, m, y in parts],
        "key": ["day:" + iso for iso in day.astype(str).tolist()],
    }


def calendar_heatmap(daily: pd.DataFrame, theme: str | None) -> dict:
    """Minutes per day, one week-by-weekday grid per year (newest year on top)."""
    title = "Daily minutes (one grid per year; click a day to zoom in)"
    if daily.empty:
        return empty_figure("No plays in this period.", theme, title)
    columns = _calendar_cells(daily)
    years = sorted(set(columns["year"]), reverse=True)
    zmax = float(max(columns["minutes"]))
    n = len(years)
    gap = 0.1 if n > 1 else 0
    step = (1 - gap * (n - 1)) / n
    data, layout = [], {}
    for i, year in enumerate(years):
        rows = [r for r, y in enumerate(columns["year"]) if y == year]
        part = {c: [values[r] for r in rows] for c, values in columns.items()}
        suffix = "" if i == 0 else str(i + 1)
        data.append(
            {
                "type": "heatmap",
                "x": part["week"],
                "y": part["weekday"],
                "z": part["minutes"],
                "text": part["label"],
                "customdata": part["key"],
                "zmin": 0,
                "zmax": zmax,
                "colorscale": SCALE,
                "showscale": i == 0,
                "colorbar": {"title": {"text": "minutes"}, "thickness": 10},
                "xgap": 2,
                "ygap": 2,
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "hovertemplate": "%{text}: %{z:,.0f} minutes<extra></extra>",
            }
        )
        top = 1 - i * (step + gap)
        layout[f"yaxis{suffix}"] = {
            "domain": [max(0.0, top - step), top],
            "tickvals": [0, 2, 4, 6],
            "ticktext": ["Mon", "Wed", "Fri", "Sun"],
            "autorange": "reversed",
            "title": {"text": str(year)},
            "anchor": f"x{suffix}",
            "showgrid": False,
        }
        layout[f"xaxis{suffix}"] = {
            "anchor": f"y{suffix}",
            "range": [-0.5, 53.5],
            "showgrid": False,
            "title": {"text": "week of year" if i == n - 1 else ""},
        }
    return themed(data, theme, title, 90 + 150 * n, **layout)


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
