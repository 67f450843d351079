"""Listener-visible fixes: a 20-year calendar, dark heat scales, Sankey links, a neutral 0%,
the forbidden-page notice."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import dash
import pandas as pd
import plotly.graph_objects as go
import pytest
from flask_login import login_user

from callbacks.server.sessions import LoginUser
from components import calendar_chart, figures, ids, listening_charts
from components.import_history import how_to_export
from components.shell import forbidden_notice
from components.wrapped_lists import overview_cards, top_list
from data.db import session_scope
from data.importers.platforms import platform_label
from data.models import User
from data.queries.accounts import find_user_id, get_account
from data.queries.listening.filters import dashboard_href, default_period
from tests.unit.wrapped_fixtures import add_history, add_user


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
    spec = calendar_chart.calendar_heatmap(daily, "light")
    go.Figure(spec)  # a valid plotly spec
    layout = spec["layout"]
    domains = sorted(
        (layout[k]["domain"] for k in layout if k.startswith("yaxis") and "domain" in layout[k]),
        reverse=True,
    )
    assert len(domains) == 20
    plot_px = layout["height"] - calendar_chart.CAL_MARGIN_PX
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


def test_default_period_is_the_most_recent_with_data():
    today = date(2026, 3, 1)
    assert default_period(None, today) == {"period": "year"}
    assert default_period(date(2026, 1, 5), today) == {"period": "year"}
    assert default_period(date(2024, 12, 31), today) == {"period": "y", "year": "2024"}
    assert dashboard_href(date(2024, 12, 31), today) == "/wrapped?period=y&year=2024"


def _wrapped_layout_as(dash_app, email: str, **query):
    with session_scope() as session:
        account = get_account(session, find_user_id(session, email))
    wrapped_page = next(p for p in dash.page_registry.values() if p["path"] == "/wrapped")
    with dash_app.server.test_request_context():
        login_user(LoginUser(account))
        return wrapped_page["layout"](**query)


def _control_values(tree) -> dict:
    found = {}

    def walk(node) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                walk(item)
            return
        if getattr(node, "id", None) in (ids.WRAPPED_PERIOD, ids.WRAPPED_YEAR):
            found[node.id] = node.value
        if hasattr(node, "children"):
            walk(node.children)

    walk(tree)
    return found


def test_wrapped_opens_on_the_last_year_with_plays_unless_the_url_says_otherwise(dash_app):
    with session_scope() as session:
        uid = add_user(session, "old-history@example.test", tz="UTC")
        add_history(session, uid, prefix="Old ")  # plays end in January 2025
    email = "old-history@example.test"
    assert _control_values(_wrapped_layout_as(dash_app, email)) == {
        ids.WRAPPED_PERIOD: "y",
        ids.WRAPPED_YEAR: 2025,
    }
    chosen = _wrapped_layout_as(dash_app, email, period="all")
    assert _control_values(chosen)[ids.WRAPPED_PERIOD] == "all"


def test_import_page_with_plays_but_no_import_does_not_say_no_history():
    text = str(how_to_export(35_000).children[0].children)
    assert "35,000 plays" in text and "No listening history yet" not in text
    assert how_to_export(0).children[0].children == "No listening history yet"


def test_session_expired_only_when_a_login_lapsed(client, login, csrf_token):
    client.get("/login")  # a first-time guest now carries a cookie with the form's CSRF token
    first_visit = client.get("/wrapped")
    assert first_visit.status_code == 302 and "expired" not in first_visit.headers["Location"]
    login()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    after_logout = client.get("/wrapped")
    assert "expired" not in after_logout.headers["Location"]
    # a cookie that no longer decodes (out of date, or from before a key change) has expired
    client.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.bad.signature")
    lapsed = client.get("/wrapped")
    assert "expired=1" in lapsed.headers["Location"]


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("web_player", "Web player"),
        ("web_player windows 10;chrome 87.0.4280.88;desktop", "Web player"),
        ("iOS 14.4 (iPhone12,1)", "iPhone / iPad"),
        ("Android OS 9 API 28 (samsung, SM-G960F)", "Android"),
        ("Partner android_tv Sony;BRAVIA 4K", "TV"),
        ("Windows 10 (10.0.19041; x64)", "Windows"),
        ("OS X 10.15.7 [x86 8]", "Mac"),
        ("cast_to_device", "Cast to a speaker or TV"),
        (None, "Unknown"),
        ("unknown", "Unknown"),
        ("some_new_thing", "Some new thing"),
    ],
)
def test_platforms_read_as_device_families(raw, label):
    assert platform_label(raw) == label


def test_podcast_mode_names_shows_and_episodes():
    df = pd.DataFrame(
        [{"metric": "artists", "value": 3.0, "previous": None, "change": None}],
    )
    assert overview_cards(df, "podcast").children[0].children.children.children[0].children == (
        "Shows"
    )
    assert overview_cards(df, "music").children[0].children.children.children[0].children == (
        "Artists"
    )
    empty = pd.DataFrame()
    shows = top_list(empty, "artists", "minutes", content="podcast")
    assert shows.children[0].children == "Top shows"
    albums = top_list(empty, "albums", "minutes", content="podcast")
    assert "no albums" in albums.children[1].children
    assert top_list(empty, "tracks", "minutes").children[0].children == "Top tracks"


def test_the_import_job_leaves_the_dashboards_tables_built(dash_app, tmp_path):
    from data.frame_cache import get_frame_cache, init_frame_cache
    from data.queries.listening.frame import cache_key
    from data.services.accounts import register
    from tests import import_samples as samples
    from workers.imports import import_history_job

    init_frame_cache(dash_app.server.config["SETTINGS"])
    with session_scope() as session:
        account = register(session, "warm-frames@example.test", "warm-password")
        session.get(User, account.id).timezone = "Asia/Tokyo"
    path = samples.write_json(
        tmp_path / "StreamingHistory_music_0.json",
        [samples.account_music("2024-05-01 10:00", "Warm Band", "Warm Song", 200_000)],
    )
    result = import_history_job(account.id, [str(path)], 10**8)
    assert result["ok"] and result["plays_added"] == 1
    with session_scope() as session:
        key = f"{cache_key(session, account.id)}:plays:Asia/Tokyo"
    table = get_frame_cache().get(key)
    assert table is not None and table.num_rows == 1  # the first view only reads it


def test_audiobooks_are_a_content_of_their_own():
    from data.queries.listening.filters import make_filters

    assert make_filters({"content": "audiobook"}, "UTC").content == "audiobook"
    df = pd.DataFrame([{"metric": "tracks", "value": 3.0, "previous": None, "change": None}])
    card = overview_cards(df, "audiobook").children[0].children.children.children[0]
    assert card.children == "Chapters"
    empty = pd.DataFrame()
    assert top_list(empty, "artists", "minutes", content="audiobook").children[0].children == (
        "Top books"
    )
    assert (
        "Audiobooks have no albums"
        in top_list(empty, "albums", "minutes", content="audiobook").children[1].children
    )
