"""Figure factories: titles, units, hover text, empty states and both themes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from components import calendar_chart, figures, listening_charts
from components.recap import recap_figure


def _valid(spec: dict) -> go.Figure:
    """plotly validates the spec (raises on unknown properties)."""
    return go.Figure(spec)


MONTHLY = pd.DataFrame(
    {"month": [date(2025, 1, 1), date(2025, 2, 1)], "minutes": [120.0, 60.0], "plays": [30, 15]}
).assign(hours=lambda d: d["minutes"] / 60)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_figure_has_title_units_and_hover(theme):
    clock = pd.DataFrame(
        {"weekday": [0, 4], "hour": [9, 22], "minutes": [30.0, 90.0], "plays": [9, 20]}
    )
    daily = pd.DataFrame(
        {"day": [date(2024, 12, 30), date(2025, 1, 2)], "minutes": [10.0, 50.0], "plays": [3, 9]}
    )
    genre = pd.DataFrame(
        {
            "month": [date(2025, 1, 1)] * 2,
            "genre": ["Rock", "Jazz"],
            "value": [3.0, 1.0],
            "share": [0.75, 0.25],
        }
    )
    specs = [
        listening_charts.clock_heatmap(clock, theme, "minutes", "Europe/Berlin"),
        calendar_chart.calendar_heatmap(daily, theme),
        listening_charts.radial_months(MONTHLY, theme),
        listening_charts.genre_stream(genre, theme, "minutes"),
        listening_charts.skip_shuffle(MONTHLY.assign(skip_rate=0.1, shuffle=0.5), theme),
        listening_charts.platforms(
            pd.DataFrame({"platform": ["ios"], "minutes": [3.0], "plays": [1]}), theme, "plays"
        ),
    ]
    for spec in specs:
        fig = _valid(spec)
        assert fig.layout.title.text
        assert fig.layout.paper_bgcolor == "rgba(0,0,0,0)"
        assert fig.layout.font.color == figures.PALETTES[theme]["font"]
        assert all(trace.hovertemplate for trace in fig.data)
    assert "Europe/Berlin" in specs[0]["layout"]["title"]["text"]
    assert specs[0]["layout"]["xaxis"]["title"]["text"] == "hour of day"
    # the calendar gives each year its own grid
    assert {t["yaxis"] for t in specs[1]["data"]} == {"y", "y2"}
    assert specs[1]["data"][1]["customdata"] == ["day:2024-12-30"]


def test_empty_states_say_what_to_do():
    empty = pd.DataFrame(columns=["month", "genre", "value", "share"])
    spec = listening_charts.genre_stream(empty, "dark", "minutes")
    text = spec["layout"]["annotations"][0]["text"]
    assert "MusicBrainz" in text and "connect Spotify" in text and "artist's page" in text
    _valid(spec)
    for spec in (
        listening_charts.clock_heatmap(
            pd.DataFrame(columns=["weekday", "hour", "minutes", "plays"]), None, "plays", "UTC"
        ),
        calendar_chart.calendar_heatmap(pd.DataFrame(columns=["day", "minutes", "plays"]), None),
        listening_charts.artist_genre_sankey(
            pd.DataFrame(columns=["artist_id", "artist", "genre", "value"]), None, "minutes"
        ),
        listening_charts.obsessions(
            pd.DataFrame(columns=["artist_id", "artist", "month", "plays", "factor"]), None
        ),
    ):
        assert spec["data"] == []
        assert spec["layout"]["annotations"][0]["text"]
        _valid(spec)


def test_sankey_nodes_link_to_artist_pages():
    links = pd.DataFrame(
        {
            "artist_id": [7, 7, 9],
            "artist": ["A", "A", "B"],
            "genre": ["Rock", "Pop", "Rock"],
            "value": [5.0, 5.0, 2.0],
        }
    )
    spec = listening_charts.artist_genre_sankey(links, "light", "minutes")
    node = spec["data"][0]["node"]
    assert node["label"] == ["A", "B", "Pop", "Rock"]
    assert node["customdata"][:2] == ["/artist/7", "/artist/9"]
    assert spec["data"][0]["link"]["target"] == [3, 2, 3]
    _valid(spec)


def test_recap_is_one_figure_with_every_part():
    top = pd.DataFrame({"name": ["A", "B"], "minutes": [10.0, 5.0]})
    recap = {
        "year": 2025,
        "minutes": 15.0,
        "plays": 4,
        "artists": 2,
        "tracks": 2,
        "new_artists": 1,
        "top_artists": top,
        "top_tracks": top,
        "top_genres": pd.DataFrame({"genre": ["Rock"], "value": [10.0], "share": [1.0]}),
        "biggest_day": {"day": date(2025, 3, 1), "minutes": 12.0},
        "longest_streak": (2, date(2025, 3, 1), date(2025, 3, 2)),
        "monthly": MONTHLY,
        "phases": [
            {"genre": "Rock", "start": date(2025, 1, 1), "end": date(2025, 2, 1), "share": 1.0}
        ],
    }
    spec = recap_figure(recap, "dark")
    fig = _valid(spec)
    assert "15 minutes" in fig.layout.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    for part in (
        "Biggest day",
        "01 March",
        "Longest streak",
        "2 days",
        "Rock (Jan-Feb)",
        "Top genres",
    ):
        assert part in notes
    assert len(fig.data) == 4
    assert (fig.data[0].text[-1], fig.data[0].y[-1]) == ("A · 10 min", 1)  # rank 1 labelled
    without_genres = recap_figure({**recap, "top_genres": recap["top_genres"].iloc[0:0]}, None)
    assert len(_valid(without_genres).data) == 3
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.range == (0, 26.0)  # the longest bar leaves room for its label


def test_session_tracks_are_a_numbered_list_shown_literally():
    from components.wrapped_lists import sessions_list

    frame = pd.DataFrame(
        {
            "start": [pd.Timestamp("2025-01-01 10:00")],
            "minutes": [90.0],
            "plays": [2],
            "tracks": [["AC/DC - Back *in* Black", "Björk - [Joga] #1"]],
        }
    )
    summary, tracks = sessions_list(frame).children[0].children
    assert summary.children == "Wed 01 Jan 2025, 10:00 · 1.5 h · 2 plays"
    assert tracks.children.splitlines() == [
        r"1. AC\/DC \- Back \*in\* Black",
        r"2. Björk \- \[Joga\] \#1",
    ]
