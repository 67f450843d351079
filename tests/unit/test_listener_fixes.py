"""Listener-visible fixes: a 20-year calendar, dark heat scales, Sankey links, a neutral 0%,
the forbidden-page notice."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import pytest

from components import figures, listening_charts
from components.shell import forbidden_notice
from components.wrapped_lists import overview_cards


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb or rgba(...) colour (alpha ignored)."""
    if colour.startswith("#"):
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    else:
        rgb = [float(v) / 255 for v in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def test_calendar_of_twenty_years_keeps_every_grid_apart_and_tall():
    first = date(2006, 1, 1)
    days = [first + timedelta(days=i) for i in range(0, 365 * 20, 3)]
    daily = pd.DataFrame({"day": days, "minutes": [30.0] * len(days), "plays": [5] * len(days)})
    spec = listening_charts.calendar_heatmap(daily, "light")
    go.Figure(spec)  # a valid plotly spec
    layout = spec["layout"]
    domains = sorted(
        (layout[k]["domain"] for k in layout if k.startswith("yaxis") and "domain" in layout[k]),
        reverse=True,
    )
    assert len(domains) == 20
    plot_px = layout["height"] - listening_charts.CAL_MARGIN_PX
    for upper, lower in itertools.pairwise(domains):
        assert lower[1] < upper[0], "year grids overlap"
    for low, high in domains:
        assert (high - low) * plot_px >= 100, "a year grid is squeezed below 100 px"
    titles = [layout[k]["title"]["text"] for k in layout if k.startswith("yaxis")]
    assert titles[0] == "2025" and "2006" in titles


def test_heat_scales_separate_zero_from_the_maximum_in_both_themes():
    for theme in ("light", "dark"):
        scale = figures.scale(theme)
        background = 0.0 if theme == "dark" else 1.0
        busiest = _luminance(scale[-1][1])
        # the maximum stands out from the page background far more than the empty cells do
        assert abs(busiest - background) > 0.5, theme
    assert _luminance(figures.scale("dark")[-1][1]) > 0.7  # dark mode: max is bright
    clock = pd.DataFrame({"weekday": [0], "hour": [1], "minutes": [5.0], "plays": [1]})
    spec = listening_charts.clock_heatmap(clock, "dark", "minutes", "UTC")
    assert spec["data"][0]["colorscale"] == figures.DARK_SCALE


def test_sankey_links_have_a_visible_colour_in_light_mode():
    links = pd.DataFrame(
        {"artist_id": [1, 2], "artist": ["A", "B"], "genre": ["rock", "jazz"], "value": [3, 4]}
    )
    spec = listening_charts.artist_genre_sankey(links, "light", "plays")
    colour = spec["data"][0]["link"]["color"]
    assert _luminance(colour) < 0.8 and not colour.startswith(("#fff", "white"))
    go.Figure(spec)


@pytest.mark.parametrize(
    ("change", "text", "css"),
    [
        (0.0, "= no change", "text-body-secondary"),
        (0.3, "= no change", "text-body-secondary"),
        (12.0, "▲ 12%", "text-success"),
        (-100.0, "▼ 100%", "text-danger"),
    ],
)
def test_a_zero_change_is_neutral(change, text, css):
    df = pd.DataFrame(
        [{"metric": "plays", "value": 10.0, "previous": 10.0, "change": change}],
    )
    card = overview_cards(df).children[0]
    delta = card.children.children.children[2]
    assert delta.children.startswith(text)
    assert delta.className == css
    assert "▼ 0%" not in delta.children


def test_forbidden_notice_names_the_role_and_who_grants_it():
    notice = forbidden_notice(("promoter",))
    assert notice.children[0].children == "This page is for promoters"
    assert "admin" in notice.children[1].children
    both = forbidden_notice(("promoter", "admin"))
    assert both.children[0].children == "This page is for promoters and admins"
