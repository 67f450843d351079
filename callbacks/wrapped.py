"""Wrapped page callbacks: one per section, each rendering only while its tab is shown.

The filter controls are folded into one store (clientside, also writing them to the URL); each
server callback turns that store into ``Filters`` for the logged-in user and asks ``data/``.
"""

from __future__ import annotations

from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)

from callbacks.context import account
from components import calendar_chart, ids, listening_charts
from components.genre_status import pending_note
from components.wrapped_lists import (
    forgotten_list,
    overview_cards,
    period_label,
    recent_table,
    sessions_list,
    streak_cards,
    top_list,
)
from data.db import session_scope
from data.job_vocabulary import Job
from data.queries.genre_lookups import genre_coverage
from data.queries.jobs import latest_job
from data.queries.listening import discovery, genres, habits, overview, timeline
from data.queries.listening.filters import Filters, make_filters

RECENT_PAGE_SIZE = 25


def filters_for(data: dict | None) -> Filters:
    """The filter store as Filters for the logged-in user (their zone by default)."""
    return make_filters(data or {}, account().timezone)


def _inputs(*outputs):
    return (*outputs, Input(ids.WRAPPED_FILTERS, "data"), Input(ids.WRAPPED_TABS, "active_tab"))


def _skip(tab: str, mine: str, n: int):
    """No work for hidden tabs: they render when shown."""
    return tab != mine, tuple([no_update] * n) if n > 1 else no_update


_OVERVIEW_OUTPUTS = (
    Output(ids.WRAPPED_PERIOD_LABEL, "children"),
    Output(ids.WRAPPED_CARDS, "children"),
    Output(ids.WRAPPED_TOP_ARTISTS, "children"),
    Output(ids.WRAPPED_TOP_TRACKS, "children"),
    Output(ids.WRAPPED_TOP_ALBUMS, "children"),
    Output(ids.WRAPPED_RECENT, "children"),
    Output(ids.WRAPPED_RECENT_PAGE, "max_value"),
    Output(ids.WRAPPED_RECENT_PAGE, "active_page"),
    Output(ids.WRAPPED_OVERVIEW_SHOWN, "data"),
)


@callback(
    *_OVERVIEW_OUTPUTS,
    Input(ids.WRAPPED_FILTERS, "data"),
    Input(ids.WRAPPED_RECENT_PAGE, "active_page"),
    Input(ids.WRAPPED_TABS, "active_tab"),
    State(ids.WRAPPED_OVERVIEW_SHOWN, "data"),
)
def show_overview(data, page, tab, shown):
    """The whole Overview tab in one round trip, re-rendering only the blocks that change.

    One callback instead of three: the browser's per-update cost grows with the number of
    callbacks in flight, and the blocks then arrive together. The cards and recently played
    do not depend on the measure, so a Minutes/Plays switch redraws only the top lists.
    """
    f, keep = filters_for(data), [no_update] * len(_OVERVIEW_OUTPUTS)
    if tab != "overview":
        return period_label(f), *keep[1:]
    if ctx.triggered_id == ids.WRAPPED_RECENT_PAGE:
        return *keep[:5], *_recent(f, int(page or 1)), no_update
    now = overview_key(data)
    same_base = bool(shown) and shown.get("base") == now["base"]
    if shown == now:
        return period_label(f), *keep[1:]
    uid = account().id
    with session_scope() as session:
        cards = (
            no_update
            if same_base
            else overview_cards(overview.overview(session, uid, f), f.content)
        )
        lists = [overview.top_items(session, uid, f, e, 10) for e in overview.ENTITIES]
    tops = [
        top_list(df, e, f.measure, content=f.content)
        for df, e in zip(lists, overview.ENTITIES, strict=True)
    ]
    # First render (nothing shown yet): the URL's page; a real filter change: page 1.
    recent = keep[5:8] if same_base else _recent(f, int(page or 1) if shown is None else 1)
    return period_label(f), cards, *tops, *recent, now


def overview_key(data: dict | None) -> dict:
    """What the Overview shows for a filter store: the measure apart from the rest."""
    rest = {k: v for k, v in (data or {}).items() if k != "measure"}
    return {"base": rest, "measure": (data or {}).get("measure")}


def _recent(f: Filters, page: int) -> tuple:
    """One page of recently played, the page count and the page shown."""
    with session_scope() as session:
        frame, total = overview.recently_played(
            session, account().id, f, page - 1, RECENT_PAGE_SIZE
        )
    return recent_table(frame), max(1, -(-total // RECENT_PAGE_SIZE)), page


@callback(*_inputs(Output(ids.WRAPPED_GENRES, "figure")), Input(ids.THEME, "data"))
def show_genres(data, tab, theme):
    """Genre shares per month as a stream graph."""
    skip, nothing = _skip(tab, "genres", 1)
    if skip:
        return nothing
    f, user_id = filters_for(data), account().id
    with session_scope() as session:
        frame = genres.genre_months(session, user_id, f)
        note = None
        if frame.empty:
            note = pending_note(
                latest_job(session, user_id, Job.MUSICBRAINZ_GENRES),
                genre_coverage(session, user_id),
            )
    return listening_charts.genre_stream(frame, theme, f.measure, pending=note)


@callback(
    *_inputs(
        Output(ids.WRAPPED_CLOCK, "figure"),
        Output(ids.WRAPPED_CALENDAR, "figure"),
        Output(ids.WRAPPED_RADIAL, "figure"),
    ),
    Input(ids.THEME, "data"),
)
def show_clock(data, tab, theme):
    """Hour x weekday heatmap, daily calendar grids and the radial month chart."""
    skip, nothing = _skip(tab, "clock", 3)
    if skip:
        return nothing
    f = filters_for(data)
    with session_scope() as session:
        cells = timeline.clock(session, account().id, f)
        days = timeline.daily(session, account().id, f)
    months = timeline.monthly_from(days)
    return (
        listening_charts.clock_heatmap(cells, theme, f.measure, f.tz),
        calendar_chart.calendar_heatmap(days, theme),
        listening_charts.radial_months(months, theme),
    )


@callback(
    *_inputs(
        Output(ids.WRAPPED_STREAKS, "children"),
        Output(ids.WRAPPED_SESSIONS, "children"),
        Output(ids.WRAPPED_MONTHLY, "figure"),
        Output(ids.WRAPPED_SKIP_SHUFFLE, "figure"),
        Output(ids.WRAPPED_PLATFORMS, "figure"),
    ),
    Input(ids.THEME, "data"),
)
def show_habits(data, tab, theme):
    """Streaks, longest sessions, monthly hours, skip/shuffle and platforms."""
    skip, nothing = _skip(tab, "habits", 5)
    if skip:
        return nothing
    f = filters_for(data)
    uid = account().id
    with session_scope() as session:
        days = timeline.daily(session, uid, f)
        longest = habits.sessions(session, uid, f, 10)
        rates = habits.skip_shuffle(session, uid, f)
        devices = habits.platforms(session, uid, f)
    runs = timeline.streaks_from_days(days["day"].tolist(), timeline.streak_end(f))
    months = timeline.monthly_from(days)
    monthly = listening_charts.month_bars(
        months,
        "hours",
        theme,
        "Listening hours by month (click a bar to zoom in)",
        "hours",
        "%{x|%B %Y}: %{y:,.1f} hours",
    )
    return (
        streak_cards(runs),
        sessions_list(longest),
        monthly,
        listening_charts.skip_shuffle(rates, theme),
        listening_charts.platforms(devices, theme, f.measure),
    )


@callback(
    *_inputs(
        Output(ids.WRAPPED_NEW_ARTISTS, "figure"),
        Output(ids.WRAPPED_OBSESSIONS, "figure"),
        Output(ids.WRAPPED_FORGOTTEN, "children"),
        Output(ids.WRAPPED_SANKEY, "figure"),
    ),
    Input(ids.THEME, "data"),
)
def show_discovery(data, tab, theme):
    """New artists per month, obsessions, forgotten favourites and artist-genre flows."""
    skip, nothing = _skip(tab, "discovery", 4)
    if skip:
        return nothing
    f = filters_for(data)
    uid = account().id
    with session_scope() as session:
        fresh = discovery.new_artists(session, uid, f)
        spikes = discovery.obsessions(session, uid, f)
        gone = discovery.forgotten(session, uid, f)
        links = genres.artist_genre_links(session, uid, f)
    return (
        listening_charts.month_bars(
            fresh,
            "artists",
            theme,
            "New artists per month (heard for the first time)",
            "artists",
            "%{x|%B %Y}: %{y} new artists",
        ),
        listening_charts.obsessions(spikes, theme),
        forgotten_list(gone, f.measure),
        listening_charts.artist_genre_sankey(links, theme, f.measure),
    )


# Clicking a month bar or a calendar day narrows the page to it: customdata is "month:<date>"
# or "day:<date>". One callback per chart: the charts live on different tabs, which are built
# only when first shown.
for _chart in (ids.WRAPPED_MONTHLY, ids.WRAPPED_NEW_ARTISTS, ids.WRAPPED_CALENDAR):
    clientside_callback(
        ClientsideFunction("rewrapped", "wrappedChartRange"),
        Output(ids.WRAPPED_PERIOD, "value", allow_duplicate=True),
        Output(ids.WRAPPED_RANGE, "start_date", allow_duplicate=True),
        Output(ids.WRAPPED_RANGE, "end_date", allow_duplicate=True),
        Input(_chart, "clickData"),
        prevent_initial_call=True,
    )

# Clicking an artist (obsessions bar, sankey node) opens the artist's page.
clientside_callback(
    ClientsideFunction("rewrapped", "openArtist"),
    Output(ids.WRAPPED_NAVIGATE, "data"),
    Input(ids.WRAPPED_OBSESSIONS, "clickData"),
    Input(ids.WRAPPED_SANKEY, "clickData"),
    prevent_initial_call=True,
)
