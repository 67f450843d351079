"""Layout of the Wrapped page: the filter bar, the tabs and their panes (filled by callbacks)."""

from __future__ import annotations

from datetime import date
from zoneinfo import available_timezones

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.csv_download import csv_button, csv_link
from components.filter_bar import phone_collapsible
from components.views import save_view_button
from data.queries.listening.filters import PRESET_LABELS, parse_query, today_in, valid_tz

TABS = (
    ("overview", "Overview"),
    ("genres", "Genres"),
    ("clock", "When"),
    ("habits", "Habits"),
    ("discovery", "Discovery"),
)
METRIC_LABELS = {
    "minutes": "Minutes",
    "plays": "Plays",
    "artists": "Artists",
    "tracks": "Tracks",
    "new_artists": "New artists",
}
# Podcasts are stored with the show as the artist and the episode as the track.
PODCAST_METRIC_LABELS = {
    **METRIC_LABELS,
    "artists": "Shows",
    "tracks": "Episodes",
    "new_artists": "New shows",
}
AUDIOBOOK_METRIC_LABELS = {
    **METRIC_LABELS,
    "artists": "Books",
    "tracks": "Chapters",
    "new_artists": "New books",
}
CONTENT_LABELS = {"music": "Music", "podcast": "Podcasts", "audiobook": "Audiobooks"}
LIST_TITLES = {
    "music": {"artists": "Top artists", "tracks": "Top tracks", "albums": "Top albums"},
    "podcast": {"artists": "Top shows", "tracks": "Top episodes", "albums": "Albums"},
    "audiobook": {"artists": "Top books", "tracks": "Top chapters", "albums": "Albums"},
}
FIRST_YEAR = 2008  # Spotify's launch: no history before
# The zone names ship with tzdata and never change while the process runs; reading the tzdata
# tree costs 10-60 ms, so it is read once at import.
ZONES = tuple(sorted(available_timezones()))


def graph(component_id: str, height: int = 360) -> dcc.Graph:
    return dcc.Graph(
        id=component_id,
        config={"displaylogo": False, "responsive": True},
        style={"minHeight": f"{height}px"},
    )


def _control(label: str, control, width: dict, **kwargs) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small mb-1"), control], **width, **kwargs)


def filter_bar(query: dict, user_tz: str, today: date) -> dbc.Card:
    """One bar whose every control mirrors a URL parameter."""
    q = parse_query(query)
    period, year = q.period, q.year or today.year
    years = [{"label": str(y), "value": y} for y in range(today.year, FIRST_YEAR - 1, -1)]
    zones = list(ZONES)
    controls = [
        _control(
            "Period",
            dcc.Dropdown(
                id=ids.WRAPPED_PERIOD,
                options=[{"label": v, "value": k} for k, v in PRESET_LABELS.items()],
                value=period,
                clearable=False,
            ),
            {"xs": 12, "sm": 6, "lg": 2},
        ),
        _control(
            "Year",
            dcc.Dropdown(id=ids.WRAPPED_YEAR, options=years, value=year, clearable=False),
            {"xs": 6, "sm": 3, "lg": 1},
            id=ids.WRAPPED_YEAR_COL,
            style={"display": "block" if period == "y" else "none"},
        ),
        _control(
            "From / to",
            dcc.DatePickerRange(
                id=ids.WRAPPED_RANGE,
                start_date=q.start.isoformat() if q.start else None,
                end_date=q.end.isoformat() if q.end else None,
                display_format="YYYY-MM-DD",
                max_date_allowed=today,
            ),
            {"xs": 12, "sm": 6, "lg": 3},
            id=ids.WRAPPED_RANGE_COL,
            style={"display": "block" if period == "custom" else "none"},
        ),
        _control(
            "Measure",
            dbc.RadioItems(
                id=ids.WRAPPED_MEASURE,
                options=[
                    {"label": "Minutes", "value": "minutes"},
                    {"label": "Plays", "value": "plays"},
                ],
                value=q.measure,
                inline=True,
            ),
            {"xs": 6, "sm": 3, "lg": "auto"},
        ),
        _control(
            "Content",
            dbc.RadioItems(
                id=ids.WRAPPED_CONTENT,
                options=[{"label": v, "value": k} for k, v in CONTENT_LABELS.items()],
                value=q.content,
                inline=True,
            ),
            {"xs": 6, "sm": 3, "lg": "auto"},
        ),
        _control(
            "Skips",
            dbc.Switch(
                id=ids.WRAPPED_SKIPS,
                label="include plays < 30 s",
                value=q.skips,
            ),
            {"xs": 6, "sm": 3, "lg": "auto"},
        ),
        _control(
            "Time zone",
            dcc.Dropdown(
                id=ids.WRAPPED_TZ,
                options=zones,
                value=q.tz if q.tz in zones else user_tz,
                clearable=False,
            ),
            {"xs": 12, "sm": 6, "lg": 2},
        ),
    ]
    bar = phone_collapsible(
        dbc.Row(controls, className="g-2 align-items-end pt-2 pt-sm-0"),
        ids.WRAPPED_FILTERS_TOGGLE,
        ids.WRAPPED_FILTERS_COLLAPSE,
        ids.WRAPPED_FILTERS_SUMMARY,
    )
    return dbc.Card(
        dbc.CardBody(bar, className="p-2 p-sm-3"),
        className="mb-3 wrapped-filters",
    )


def wrapped_page(query: dict, timezone: str | None) -> html.Div:
    """The page for a listener in ``timezone`` (an unknown zone falls back to UTC), today."""
    tz = valid_tz(timezone)
    return wrapped_layout(query, tz, today_in(tz))


def wrapped_layout(query: dict, user_tz: str, today: date) -> html.Div:
    tab = query.get("tab") if query.get("tab") in dict(TABS) else "overview"
    return html.Div(
        [
            save_view_button("wrapped"),
            html.Div(
                [
                    html.H1("Your Wrapped, any time", className="h3 me-3 mb-0"),
                    dcc.Link(
                        "Your year in review →",
                        href="/wrapped/year",
                        id=ids.WRAPPED_RECAP,
                        className="me-3",
                    ),
                    dcc.Link("Spotify's tops over time →", href="/wrapped/tops"),
                ],
                className="d-flex flex-wrap align-items-baseline mb-2",
            ),
            html.P(id=ids.WRAPPED_PERIOD_LABEL, className="text-body-secondary"),
            filter_bar(query, user_tz, today),
            dcc.Store(id=ids.WRAPPED_FILTERS),
            dcc.Store(id=ids.WRAPPED_URLSTATE),
            dcc.Store(id=ids.WRAPPED_NAVIGATE),
            dbc.Tabs(
                [dbc.Tab(label=label, tab_id=key) for key, label in TABS],
                id=ids.WRAPPED_TABS,
                active_tab=tab,
                className="mb-3",
            ),
            *[
                html.Div(
                    pane_body(key, _recent_page(query)) if key in (tab, "overview") else None,
                    id=ids.wrapped_pane(key),
                    hidden=key != tab,
                    className=PANE_FILLED if key in (tab, "overview") else PANE_EMPTY,
                )
                for key, _label in TABS
            ],
        ]
    )


# The page is built with the overview (its callbacks also fill the period label) and the shown
# tab; another tab is built the first time it is shown (callbacks/wrapped_tabs.py), so the page
# loads without the other tabs' charts, their queries and the charting library.
PANE_EMPTY = "wrapped-pane"
PANE_FILLED = "wrapped-pane wrapped-pane-filled"


def _recent_page(query: dict) -> int:
    value = str(query.get("recent") or "")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def pane_body(tab: str, recent_page: int = 1):
    """The content of one tab of the Wrapped page (the overview's recently-played pager on
    ``recent_page``, from the URL)."""
    if tab == "genres":
        return graph(ids.WRAPPED_GENRES, 400)
    if tab == "overview":
        return _overview_tab(recent_page)
    return {"clock": _clock_tab, "habits": _habits_tab, "discovery": _discovery_tab}[tab]()


def _overview_tab(recent_page: int) -> html.Div:
    # Each list's heading comes with the list (callbacks), so it follows Music / Podcasts.
    lists = [ids.WRAPPED_TOP_ARTISTS, ids.WRAPPED_TOP_TRACKS, ids.WRAPPED_TOP_ALBUMS]
    return html.Div(
        [
            dcc.Loading(html.Div(id=ids.WRAPPED_CARDS, className="mb-3"), delay_show=300),
            dbc.Row([dbc.Col(html.Div(id=cid), lg=4, className="mb-3") for cid in lists]),
            csv_button("Download the top 50s (CSV)", ids.WRAPPED_EXPORT, ids.WRAPPED_DOWNLOAD),
            html.H2("Recently played", className="h5"),
            html.Div(id=ids.WRAPPED_RECENT),
            dcc.Store(id=ids.WRAPPED_RECENT_URL),
            dbc.Pagination(
                id=ids.WRAPPED_RECENT_PAGE,
                max_value=recent_page,
                active_page=recent_page,
                fully_expanded=False,
                size="sm",
                className="mt-2",
            ),
            # Its href follows the filters (callbacks/wrapped_export.py recent_csv_href).
            csv_link("Download every play of the period (CSV)", ids.WRAPPED_RECENT_EXPORT, None),
            dcc.Store(id=ids.WRAPPED_OVERVIEW_SHOWN),
        ]
    )


def _clock_tab() -> html.Div:
    return dbc.Row(
        [
            dbc.Col(graph(ids.WRAPPED_CLOCK, 330), lg=7),
            dbc.Col(graph(ids.WRAPPED_RADIAL, 360), lg=5),
            dbc.Col(graph(ids.WRAPPED_CALENDAR, 250), width=12),
        ]
    )


def _habits_tab() -> html.Div:
    return html.Div(
        [
            html.Div(id=ids.WRAPPED_STREAKS, className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(graph(ids.WRAPPED_MONTHLY, 320), lg=6),
                    dbc.Col(graph(ids.WRAPPED_SKIP_SHUFFLE, 320), lg=6),
                    dbc.Col(graph(ids.WRAPPED_PLATFORMS, 320), lg=4),
                    dbc.Col(
                        [
                            html.H2("Longest sessions", className="h5"),
                            html.Div(id=ids.WRAPPED_SESSIONS),
                        ],
                        lg=8,
                    ),
                ]
            ),
        ]
    )


def _discovery_tab() -> html.Div:
    return dbc.Row(
        [
            dbc.Col(graph(ids.WRAPPED_NEW_ARTISTS, 320), lg=6),
            dbc.Col(graph(ids.WRAPPED_OBSESSIONS, 320), lg=6),
            dbc.Col(graph(ids.WRAPPED_SANKEY, 460), lg=8),
            dbc.Col(
                [
                    html.H2("Forgotten favourites", className="h5"),
                    html.Div(id=ids.WRAPPED_FORGOTTEN),
                ],
                lg=4,
            ),
        ]
    )
