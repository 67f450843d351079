"""Wrapped, artist and year callbacks: called directly, through the endpoint, and forged."""

from __future__ import annotations

import json
from contextvars import copy_context
from datetime import UTC, date, datetime

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from flask_login import login_user
from plotly.utils import PlotlyJSONEncoder

from callbacks import artist as artist_callbacks
from callbacks import wrapped, year
from callbacks.server.sessions import LoginUser
from data.db import session_scope
from data.db.data_version import bump_data_version
from data.frame_cache import init_frame_cache
from data.queries.accounts import find_user_id, get_account
from data.queries.listening import overview
from data.queries.listening.filters import make_filters
from data.queries.listening.year import year_recap
from data.queries.summary import year_summary
from tests.dash_calls import post_callback
from tests.unit.wrapped_fixtures import add_history, add_user

LISTENER = "listener@demo.rewrapped"
YEAR = datetime.now(UTC).year - 1  # a full year inside the demo's two years of plays
OVERVIEW = [
    "wrapped-period-label.children",
    "wrapped-cards.children",
    "wrapped-top-artists.children",
    "wrapped-top-tracks.children",
    "wrapped-top-albums.children",
    "wrapped-recent.children",
    "wrapped-recent-page.max_value",
    "wrapped-recent-page.active_page",
    "wrapped-overview-shown.data",
]
# Inputs then the State, in the callback's order (the endpoint maps them by position).
OVERVIEW_INPUTS = {
    "wrapped-recent-page.active_page": 1,
    "wrapped-tabs.active_tab": "overview",
    "wrapped-overview-shown.data": None,
}
ARTIST = [
    "artist-header.children",
    "artist-months.figure",
    "artist-hours.figure",
    "artist-tracks.children",
    "artist-shows.children",
    "artist-genres.children",
]


def as_user(dash_app, email, func, *args, trigger="wrapped-filters.data"):
    """Run a callback function as ``email`` inside a request and a callback context."""
    with session_scope() as session:
        account = get_account(session, find_user_id(session, email))

    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": None}]))
        with dash_app.server.test_request_context():
            login_user(LoginUser(account))
            return func(*args)

    return copy_context().run(run)


@pytest.fixture(scope="module")
def other_user(dash_app):
    """Another listener whose artists appear nowhere in the demo listener's history."""
    with session_scope() as session:
        uid = add_user(session, "other-wrapped@example.test", tz="UTC")
        ids = add_history(session, uid, prefix="Secretive ")
    return uid, ids


def test_year_figures_agree_with_the_cli_summary(dash_app):
    init_frame_cache(dash_app.server.config["SETTINGS"])
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        summary = year_summary(session, uid, YEAR, "UTC")
        f = make_filters({"period": "y", "year": str(YEAR), "skips": "1", "tz": "UTC"}, "UTC")
        cards = overview.overview(session, uid, f).set_index("metric")["value"]
        recap = year_recap(session, uid, YEAR, "UTC")
    assert summary["plays"] > 1000
    assert cards["plays"] == summary["plays"] == recap["plays"]
    assert cards["minutes"] == pytest.approx(summary["minutes"], abs=0.05)
    assert recap["minutes"] == pytest.approx(summary["minutes"], abs=0.05)
    assert cards["artists"] == summary["distinct_artists"]
    assert cards["tracks"] == summary["distinct_tracks"]
    assert recap["top_artists"]["id"].tolist() == [a["artist_id"] for a in summary["top_artists"]]
    assert recap["top_tracks"]["id"].tolist() == [t["track_id"] for t in summary["top_tracks"]]
    # The page shows the same numbers: the rendered cards carry the formatted plays count.
    data = {"period": "y", "year": str(YEAR), "skips": "1", "tz": "UTC"}
    out = as_user(dash_app, LISTENER, wrapped.show_overview, data, 1, "overview", None)
    label, cards_html = out[0], out[1]
    assert f"{summary['plays']:,}" in json.dumps(cards_html.to_plotly_json(), default=str)
    assert f"01 Jan {YEAR} to 31 Dec {YEAR}" in label


def test_each_tab_renders_and_hidden_tabs_do_no_work(dash_app):
    data = {"period": "all"}
    artists = as_user(dash_app, LISTENER, wrapped.show_overview, data, 1, "overview", None)[2]
    assert "/artist/" in json.dumps(artists.to_plotly_json(), default=str)
    clock, cal, radial = as_user(dash_app, LISTENER, wrapped.show_clock, data, "clock", "dark")
    assert clock["layout"]["title"]["text"].startswith("Listening clock")
    assert cal["data"] and radial["data"]
    habits_out = as_user(dash_app, LISTENER, wrapped.show_habits, data, "habits", "light")
    assert "days" in json.dumps(habits_out[0].to_plotly_json(), default=str)
    discovery_out = as_user(dash_app, LISTENER, wrapped.show_discovery, data, "discovery", None)
    assert discovery_out[0]["layout"]["title"]["text"].startswith("New artists")
    genres_fig = as_user(dash_app, LISTENER, wrapped.show_genres, data, "genres", "dark")
    assert len(genres_fig["data"]) >= 2
    assert as_user(dash_app, LISTENER, wrapped.show_clock, data, "overview", "dark") == (
        no_update,
        no_update,
        no_update,
    )


def test_recent_page_keeps_the_urls_page_on_load_and_resets_on_new_filters(dash_app):
    # The page renders (nothing shown yet): the URL's page stays.
    first = as_user(
        dash_app, LISTENER, wrapped.show_overview, {"period": "all"}, 3, "overview", None
    )
    assert first[7] == 3 and first[6] > 100
    # A real filter change (something else was shown): back to the first page.
    shown = {"base": {"period": "y", "year": 2024}, "measure": None}
    out = as_user(
        dash_app, LISTENER, wrapped.show_overview, {"period": "all"}, 3, "overview", shown
    )
    assert out[7] == 1
    # Paging redraws recently played only.
    out = as_user(
        dash_app,
        LISTENER,
        wrapped.show_overview,
        {"period": "all"},
        3,
        "overview",
        out[8],
        trigger="wrapped-recent-page.active_page",
    )
    assert out[7] == 3 and out[5] is not no_update
    assert all(o is no_update for o in out[:5]) and out[8] is no_update


def test_overview_redraws_only_what_a_filter_change_touches(dash_app):
    """A Minutes/Plays switch redraws the top lists only; an unchanged return to the tab
    redraws nothing; a hidden tab updates just the period label."""
    first = as_user(
        dash_app, LISTENER, wrapped.show_overview, {"period": "all"}, 1, "overview", None
    )
    assert all(o is not no_update for o in first)
    plays = {"period": "all", "measure": "plays"}
    out = as_user(dash_app, LISTENER, wrapped.show_overview, plays, 1, "overview", first[8])
    assert out[1] is no_update and out[5:8] == (no_update,) * 3
    assert " plays" in json.dumps(out[2].to_plotly_json(), default=str)
    assert out[8] == wrapped.overview_key(plays)
    again = as_user(
        dash_app,
        LISTENER,
        wrapped.show_overview,
        plays,
        1,
        "overview",
        out[8],
        trigger="wrapped-tabs.active_tab",
    )
    assert all(o is no_update for o in again[1:])
    year = {"period": "y", "year": str(YEAR), "measure": "plays"}
    hidden = as_user(dash_app, LISTENER, wrapped.show_overview, year, 1, "clock", out[8])
    assert f"01 Jan {YEAR}" in hidden[0] and all(o is no_update for o in hidden[1:])
    shown = as_user(dash_app, LISTENER, wrapped.show_overview, year, 1, "overview", out[8])
    assert all(o is not no_update for o in shown)


def test_year_callback_renders_recap_and_comparison_hint(dash_app):
    fig, spotify, links = as_user(dash_app, LISTENER, year.show_year, YEAR, "light")
    # a share card: the listener's name, their own background for the downloaded image
    assert fig["layout"]["title"]["text"].startswith(f"<b>Demo Listener's {YEAR}</b> on Re-Wrapped")
    assert fig["layout"]["paper_bgcolor"] not in ("rgba(0,0,0,0)", None)
    assert f"Wrapped{YEAR}.json" in json.dumps(spotify.to_plotly_json())
    hrefs = [link.href for link in links]
    assert f"/wrapped/year/{YEAR}" in hrefs
    assert hrefs == sorted(hrefs, reverse=True)  # only years with plays, newest first


def test_forged_payloads_never_reveal_another_listeners_plays(dash_app, login, other_user):
    other_id, other_ids = other_user
    client = login(LISTENER)
    forged = {"period": "all", "user_id": other_id, "uid": other_id, "tz": "UTC"}
    status, body = post_callback(
        client, OVERVIEW, {"wrapped-filters.data": forged, **OVERVIEW_INPUTS}
    )
    assert status == 200 and "Top artists" in json.dumps(body)
    assert "Secretive" not in json.dumps(body)
    status, body = post_callback(
        client,
        ARTIST,
        {
            "artist-id.data": {"artist_id": other_ids["A"], "user_id": other_id},
            "theme.data": "dark",
        },
    )
    text = json.dumps(body)
    assert status == 200
    assert "You have not played this artist yet." in text
    assert "Secretive A one" not in text  # the other listener's top track of that artist


def test_anonymous_callback_calls_are_refused(client):
    status, _ = post_callback(client, OVERVIEW, {"wrapped-filters.data": {}, **OVERVIEW_INPUTS})
    assert status == 401


def test_a_new_data_version_refreshes_the_cached_frame(dash_app, other_user):
    other_id, _ = other_user
    init_frame_cache(dash_app.server.config["SETTINGS"])
    f = make_filters({"period": "all", "skips": "1"}, "UTC")
    with session_scope() as session:
        before = overview.overview(session, other_id, f).set_index("metric")["value"]["plays"]
        before_again = overview.overview(session, other_id, f).set_index("metric")["value"]["plays"]
    assert before == before_again == 9
    with session_scope() as session:
        add_history(
            session,
            other_id,
            {"new": ("2025-06-01 12:00:00", 200_000, "c1", None, "ios")},
            prefix="Later ",
        )
        bump_data_version(session, other_id)
    with session_scope() as session:
        after = overview.overview(session, other_id, f).set_index("metric")["value"]["plays"]
    assert after == 10


def test_artist_page_carries_the_genre_editor_and_edits_reach_the_genre_charts(dash_app):
    from callbacks.genres import edit_genres
    from components import ids
    from data.services.genres import set_user_genres

    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        top = overview.top_items(session, uid, make_filters({"period": "all"}, "UTC"), "artists", 1)
    artist_id = int(top.iloc[0]["id"])
    out = as_user(dash_app, LISTENER, artist_callbacks.show_artist, {"artist_id": artist_id}, None)
    editor = json.dumps(out[5], cls=PlotlyJSONEncoder)
    assert json.dumps(ids.genre_edit_save(artist_id))[1:-1] in editor
    as_user(
        dash_app,
        LISTENER,
        edit_genres,
        1,
        0,
        "Zydeco Test Genre",
        trigger=json.dumps(ids.genre_edit_save(artist_id)) + ".n_clicks",
    )
    try:
        links = as_user(
            dash_app, LISTENER, wrapped.show_discovery, {"period": "all"}, "discovery", None
        )[3]
        assert "zydeco test genre" in links["data"][0]["node"]["label"]  # stored lower-case
    finally:  # drop the edit: the demo data is shared by the whole test session
        with session_scope() as session:
            set_user_genres(session, uid, artist_id, [])


def test_unknown_artist_says_so(dash_app):
    out = as_user(dash_app, LISTENER, artist_callbacks.show_artist, {"artist_id": 0}, "light")
    assert "No such artist." in json.dumps(out[0], cls=PlotlyJSONEncoder)
    assert out[1]["layout"]["annotations"][0]["text"] == "No such artist."


def test_artist_callback_shows_the_listeners_numbers(dash_app):
    with session_scope() as session:
        uid = find_user_id(session, LISTENER)
        f = make_filters({"period": "all"}, "UTC")
        top = overview.top_items(session, uid, f, "artists", 1).iloc[0]
    out = as_user(
        dash_app, LISTENER, artist_callbacks.show_artist, {"artist_id": int(top["id"])}, "dark"
    )
    header = json.dumps(out[0], cls=PlotlyJSONEncoder)
    assert top["name"] in header and "#1 of" in header
    assert sum(out[1]["data"][0]["y"]) == top["plays"]  # monthly plays add up
    assert len(out[2]["data"][0]["r"]) == 24


def test_a_tab_is_built_once_the_first_time_it_is_shown():
    from callbacks.wrapped_tabs import fill_tab
    from components.wrapped import PANE_EMPTY, PANE_FILLED, wrapped_layout

    layout = wrapped_layout({"tab": "overview"}, "UTC", date(2025, 6, 1))
    panes = {
        c.id: c for c in layout.children if str(getattr(c, "id", "")).startswith("wrapped-pane")
    }
    assert panes["wrapped-pane-overview"].children is not None
    assert panes["wrapped-pane-clock"].children is None  # built on first show
    classes = [PANE_FILLED, PANE_EMPTY, PANE_EMPTY, PANE_EMPTY, PANE_EMPTY]
    out = fill_tab("clock", *classes)
    children, marks = out[:5], out[5:]
    assert [c is no_update for c in children] == [True, True, False, True, True]
    assert "wrapped-calendar" in str(children[2])
    assert marks[2] == PANE_FILLED
    classes[2] = PANE_FILLED
    assert all(v is no_update for v in fill_tab("clock", *classes))  # shown again: kept as is


def test_the_top_lists_download_as_csv_for_the_chosen_period(dash_app):
    import csv
    import io

    from callbacks import wrapped_export

    download = as_user(dash_app, LISTENER, wrapped_export.export_tops, 1, {"period": "all"})
    rows = list(csv.DictReader(io.StringIO(download["content"])))
    assert download["filename"].endswith(".csv") and download["type"] == "text/csv"
    lists = {r["list"] for r in rows}
    assert lists == {"artists", "tracks", "albums"}
    artists = [r for r in rows if r["list"] == "artists"]
    assert artists[0]["rank"] == "1" and len(artists) <= 50
    assert float(artists[0]["minutes"]) >= float(artists[-1]["minutes"])
