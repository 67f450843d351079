"""The calendar heatmap: minutes per day, one week-by-weekday grid per year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.figures import MONTHS, WEEKDAYS, empty_figure, scale, themed

# Small multiples, in pixels: every year's grid keeps its height however many years.
CAL_YEAR_PX = 118
CAL_GAP_PX = 34
CAL_MARGIN_PX = 88


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
    """Minutes per day, one week-by-weekday grid per year (newest year on top).

    Small multiples sized in pixels, so 20 years stay as readable as one: the figure grows
    taller instead of squeezing the grids (a fixed fraction per gap collapsed them at 11).
    """
    title = "Daily minutes (one grid per year; click a day to zoom in)"
    if daily.empty:
        return empty_figure("No plays in this period.", theme, title)
    columns = _calendar_cells(daily)
    years = sorted(set(columns["year"]), reverse=True)
    zmax = float(max(columns["minutes"]))
    n = len(years)
    plot_px = n * CAL_YEAR_PX + (n - 1) * CAL_GAP_PX
    step, gap = CAL_YEAR_PX / plot_px, CAL_GAP_PX / plot_px
    data, layout = [], {}
    for i, year in enumerate(years):
        rows = [r for r, y in enumerate(columns["year"]) if y == year]
        part = {c: [values[r] for r in rows] for c, values in columns.items()}
        suffix = "" if i == 0 else str(i + 1)
        data.append(_calendar_trace(part, suffix, zmax, theme, i == 0))
        top = 1 - i * (step + gap)
        layout[f"yaxis{suffix}"] = {
            "domain": [max(0.0, top - step), top],
            "tickvals": [0, 2, 4, 6],
            "ticktext": ["Mon", "Wed", "Fri", "Sun"],
            "autorange": "reversed",
            "title": {"text": str(year)},
            "anchor": f"x{suffix}",
            "showgrid": False,
            "fixedrange": True,
        }
        layout[f"xaxis{suffix}"] = {
            "anchor": f"y{suffix}",
            "range": [-0.5, 53.5],
            "showgrid": False,
            "fixedrange": True,
            "title": {"text": "week of year" if i == n - 1 else ""},
        }
    return themed(data, theme, title, plot_px + CAL_MARGIN_PX, **layout)


def _calendar_trace(part: dict, suffix: str, zmax: float, theme: str | None, scale_bar: bool):
    return {
        "type": "heatmap",
        "x": part["week"],
        "y": part["weekday"],
        "z": part["minutes"],
        "text": part["label"],
        "customdata": part["key"],
        "zmin": 0,
        "zmax": zmax,
        "colorscale": scale(theme),
        "showscale": scale_bar,
        "colorbar": {
            "title": {"text": "minutes"},
            "thickness": 10,
            "len": 300,
            "lenmode": "pixels",
            "y": 1,
            "yanchor": "top",
        },
        "xgap": 2,
        "ygap": 2,
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
        "hovertemplate": "%{text}: %{z:,.0f} minutes<extra></extra>",
    }
