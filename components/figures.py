"""Shared Plotly figure helpers: theming, axes, empty states and a bar chart (figure dicts).

Figures are plain plotly.js specs (dicts): building ``go.Figure`` objects and copying templates
costs 20-400 ms per chart in Python, a plain spec microseconds, and dcc.Graph renders both the
same. Every figure has a title, axis units, hover text in words and an empty state, uses
transparent backgrounds with the theme's colours, and keeps margins small for phone widths.
"""

from __future__ import annotations

import calendar

import pandas as pd

ACCENT = "#1db954"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = tuple(calendar.month_abbr[1:])
SCALE = [[0, "rgba(29,185,84,0.06)"], [0.15, "#9be3b4"], [1, "#0d6b30"]]
# On a dark page the busiest cell must be the brightest: faint green for 0, near-white at max.
DARK_SCALE = [[0, "rgba(29,185,84,0.10)"], [0.15, "#1a6b38"], [0.6, "#1db954"], [1, "#c6f6d5"]]
COLORWAY = [
    "#1db954",
    "#636efa",
    "#ef553b",
    "#ab63fa",
    "#ffa15a",
    "#19d3f3",
    "#ff6692",
    "#b6e880",
    "#ff97ff",
    "#fecb52",
]
PALETTES = {
    "light": {"font": "#212529", "grid": "#e9ecef", "line": "#ced4da", "hover": "#ffffff"},
    "dark": {"font": "#dee2e6", "grid": "#343a40", "line": "#495057", "hover": "#212529"},
}


def scale(theme: str | None) -> list[list]:
    """The heatmap colour scale whose 0 and maximum stand apart on the theme's background."""
    return DARK_SCALE if theme == "dark" else SCALE


def unit(measure: str) -> str:
    return "plays" if measure == "plays" else "minutes"


def dates(values) -> list[str]:
    """ISO strings for a column of dates (plotly.js reads them as a date axis)."""
    return [str(v)[:10] for v in values]


def axis(title: str = "", theme: str | None = None, **extra) -> dict:
    colours = PALETTES["dark" if theme == "dark" else "light"]
    spec = {
        "title": {"text": title},
        "gridcolor": colours["grid"],
        "linecolor": colours["line"],
        "zerolinecolor": colours["line"],
        "automargin": True,
    }
    spec.update(extra)
    return spec


def themed(data: list[dict], theme: str | None, title: str, height: int = 360, **layout) -> dict:
    """A figure spec in the light/dark look: transparent backgrounds, readable fonts."""
    colours = PALETTES["dark" if theme == "dark" else "light"]
    spec = {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"color": colours["font"], "size": 12},
        "colorway": COLORWAY,
        "margin": {"l": 48, "r": 12, "t": 48, "b": 40},
        "height": height,
        "hoverlabel": {"namelength": -1, "bgcolor": colours["hover"]},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        "xaxis": axis(theme=theme),
        "yaxis": axis(theme=theme),
    }
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(value, dict):
            spec[key] = {**axis(theme=theme), **value}
        else:
            spec[key] = value
    return {"data": data, "layout": spec}


def empty_figure(message: str, theme: str | None, title: str, height: int = 260) -> dict:
    """A titled figure with no axes and a sentence saying why it is empty."""
    note = {
        "text": message,
        "showarrow": False,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "align": "center",
    }
    hidden = {"visible": False}
    return themed([], theme, title, height, annotations=[note], xaxis=hidden, yaxis=hidden)


def bar_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    theme: str | None,
    title: str,
    y_title: str,
    *,
    hover: str,
    empty: str = "No plays in this period.",
    customdata: str | None = None,
    x_title: str = "month",
) -> dict:
    """A single-series bar chart (months on x by default)."""
    if df.empty:
        return empty_figure(empty, theme, title)
    xs = dates(df[x]) if x_title == "month" else df[x].tolist()
    bar = {
        "type": "bar",
        "x": xs,
        "y": df[y].round(2).tolist(),
        "marker": {"color": ACCENT},
        "hovertemplate": hover + "<extra></extra>",
    }
    if customdata:
        bar["customdata"] = df[customdata].tolist()
    return themed(
        [bar],
        theme,
        title,
        320,
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}},
    )
