"""Every page restores every control from a full query string (the URL is the state)."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

import flask_login
import pytest

from callbacks.server.sessions import LoginUser
from components import ids
from data.db import session_scope
from data.queries.accounts import find_user_id, get_account


def _find(component, wanted) -> object | None:
    """The component with id ``wanted`` anywhere in the tree."""
    if getattr(component, "id", None) == wanted:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found = _find(child, wanted)
            if found is not None:
                return found
    return None


PAGES = [
    ("home", {"city": "berlin"}, {ids.HOME_CITY: {"value": "berlin"}}),
    (
        "wrapped",
        {
            "period": "custom",
            "year": "2025",
            "start": "2025-02-01",
            "end": "2025-03-31",
            "measure": "plays",
            "content": "podcast",
            "skips": "1",
            "tz": "Asia/Tokyo",
            "tab": "overview",
            "recent": "4",
        },
        {
            ids.WRAPPED_PERIOD: {"value": "custom"},
            ids.WRAPPED_YEAR: {"value": 2025},
            ids.WRAPPED_RANGE: {"start_date": "2025-02-01", "end_date": "2025-03-31"},
            ids.WRAPPED_MEASURE: {"value": "plays"},
            ids.WRAPPED_CONTENT: {"value": "podcast"},
            ids.WRAPPED_SKIPS: {"value": True},
            ids.WRAPPED_TZ: {"value": "Asia/Tokyo"},
            ids.WRAPPED_TABS: {"active_tab": "overview"},
            ids.WRAPPED_RECENT_PAGE: {"active_page": 4},
        },
    ),
    ("year", {"year": "2024"}, {ids.YEAR_VALUE: {"data": 2024}}),
    (
        "artist",
        {"artist_id": "7", "measure": "plays"},
        {ids.ARTIST_ID: {"data": {"artist_id": 7, "measure": "plays"}}},
    ),
    ("import_history", {"job": "job-1"}, {ids.IMPORT_JOB: {"data": "job-1"}}),
    (
        "admin",
        {
            "source": "ical",
            "status": "failed",
            "page": "2",
            "jobs_status": "finished",
            "jobs": "3",
            "job": "job-9",
            "sync": "2",
            "beats": "3",
            "mail": "4",
        },
        {
            ids.ADMIN_RUNS_SOURCE: {"value": "ical"},
            ids.ADMIN_RUNS_STATUS: {"value": "failed"},
            ids.ADMIN_RUNS_PAGE: {"active_page": 2},
            ids.ADMIN_JOBS_STATUS: {"value": "finished"},
            ids.ADMIN_JOBS_PAGE: {"active_page": 3},
            ids.ADMIN_UPLOAD_JOB: {"data": "job-9"},
            ids.ADMIN_SYNC_PAGE: {"active_page": 2},
            ids.ADMIN_BEATS_PAGE: {"active_page": 3},
            ids.ADMIN_MAIL_PAGE: {"active_page": 4},
        },
    ),
    ("views", {"page": "2"}, {ids.VIEWS_PAGE: {"active_page": 2}}),
    (
        "insights",
        {"city": "3", "genre": "4", "start": "2026-01", "end": "2026-06", "vpage": "2"},
        {
            ids.INSIGHTS_CITY: {"value": 3},
            ids.INSIGHTS_GENRE: {"value": 4},
            ids.INSIGHTS_START: {"value": "2026-01"},
            ids.INSIGHTS_END: {"value": "2026-06"},
            ids.INSIGHTS_VENUES_PAGE: {"active_page": 2},
        },
    ),
    (
        "events",
        {
            "q": "jazz",
            "city": "leipzig",
            "radius": "50",
            "when": "custom",
            "start": "2030-01-01",
            "end": "2030-02-01",
            "genres": "jazz,techno",
            "price_max": "30",
            "free": "1",
            "hide_cancelled": "0",
            "source": "ical",
            "sort": "date",
            "page": "3",
        },
        {
            ids.EXPLORER_Q: {"value": "jazz"},
            ids.EXPLORER_CITY: {"value": "leipzig"},
            ids.EXPLORER_RADIUS: {"value": 50},
            ids.EXPLORER_DATES: {"start_date": date(2030, 1, 1), "end_date": date(2030, 2, 1)},
            ids.EXPLORER_GENRES: {"value": ["jazz", "techno"]},
            ids.EXPLORER_PRICE: {"value": 30.0},
            ids.EXPLORER_CANCELLED: {"value": ["free"]},
            ids.EXPLORER_SOURCE: {"value": "ical"},
            ids.EXPLORER_SORT: {"value": "date"},
            ids.EXPLORER_PAGE: {"active_page": 3},
        },
    ),
    (
        "map",
        {
            "start": "2026-01-01",
            "end": "2026-06-30",
            "layers": "events,heat,listeners",
            "genres": "3,1",
            "month": "2026-03",
            "place": "city:7",
        },
        {
            ids.MAP_RANGE: {"start_date": "2026-01-01", "end_date": "2026-06-30"},
            ids.MAP_LAYERS: {"value": ["events", "heat", "listeners"]},
            ids.MAP_GENRES: {"value": [1, 3]},
            ids.MAP_MONTH: {"value": 3},  # 0 is "All", then January
            ids.MAP_PLACE: {"data": "city:7"},
        },
    ),
    (
        "promoter",
        {
            "tab": "venues",
            "venue": "12",
            "from": "2030-03-01",
            "to": "2030-03-31",
            "epage": "2",
            "tpage": "3",
        },
        {
            ids.PROMOTER_EVENTS_PAGE: {"active_page": 2},
            ids.PROMOTER_TALENT_PAGE: {"active_page": 3},
            ids.PROMOTER_TABS: {"active_tab": "venues"},
            ids.PROMOTER_VENUE: {"value": 12},
            ids.PROMOTER_VENUE_RANGE: {"start_date": "2030-03-01", "end_date": "2030-03-31"},
        },
    ),
    (
        "promoter_analytics",
        {"start": "2026-01-01", "end": "2026-01-31", "events": "4,9", "kind": "save"},
        {
            ids.ANALYTICS_RANGE: {"start_date": "2026-01-01", "end_date": "2026-01-31"},
            ids.ANALYTICS_EVENTS: {"value": [4, 9]},
            ids.ANALYTICS_SERIES_KIND: {"value": "save"},
        },
    ),
    ("search", {"q": "radiohead"}, {ids.SEARCH_INPUT: {"value": "radiohead"}}),
    (
        "saved",
        {"upcoming": "2", "past": "3", "hidden": "4"},
        {
            ids.SAVED_UPCOMING_PAGE: {"active_page": 2},
            ids.SAVED_PAST_PAGE: {"active_page": 3},
            ids.SAVED_HIDDEN_PAGE: {"active_page": 4},
        },
    ),
    (
        "tops",
        {"items": "tracks", "span": "long_term"},
        {ids.TOPS_TYPE: {"value": "tracks"}, ids.TOPS_RANGE: {"value": "long_term"}},
    ),
    ("track", {"track_id": "5"}, {ids.ITEM_ID: {"data": {"kind": "track", "id": 5}}}),
    ("album", {"album_id": "6"}, {ids.ITEM_ID: {"data": {"kind": "album", "id": 6}}}),
]


# Pages with no control to restore: their path is the whole state (an id or a token), or the
# query carries a one-off message (Profile's ``welcome``), not a choice.
WITHOUT_CONTROLS = {"about", "not_found_404", "profile", "event", "shared_recap", "recap"}


def test_every_page_is_checked_or_named_as_having_no_controls():
    modules = {p.stem for p in (Path(__file__).parents[2] / "pages").glob("*.py")}
    checked = {page for page, _query, _expected in PAGES}
    assert modules - {"__init__"} == checked | WITHOUT_CONTROLS
    assert not checked & WITHOUT_CONTROLS


@pytest.mark.parametrize(("page", "query", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_restores_every_control_from_the_url(dash_app, page, query, expected):
    with session_scope() as session:
        account = get_account(session, find_user_id(session, "admin@demo.rewrapped"))
    module = importlib.import_module(f"pages.{page}")
    with dash_app.server.test_request_context("/"):
        flask_login.login_user(LoginUser(account))
        tree = module.layout(**query)
    for component_id, props in expected.items():
        found = _find(tree, component_id)
        assert found is not None, component_id
        for prop, value in props.items():
            assert getattr(found, prop) == value, (component_id, prop)
