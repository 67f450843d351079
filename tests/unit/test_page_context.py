"""Pages ask components.page_context about the request; the composition root answers."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace

import flask
import flask_login
import pytest

from callbacks.server.sessions import LoginUser
from components import ids, page_context
from data.db import session_scope
from data.queries.accounts import find_user_id, get_account
from data.queries.listening.filters import default_period, today_in, valid_tz
from data.queries.summary import last_play_day
from tests.unit.layout_tree import find, text


@dataclass(frozen=True)
class _Viewer:
    display_name: str = "Ada"
    timezone: str = "Asia/Tokyo"
    roles: frozenset[str] = frozenset({"listener", "admin"})

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


@pytest.fixture
def swapped(dash_app):
    """Install a stand-in context on the app for one test, then put the real one back."""
    real = dash_app.server.extensions[page_context.EXTENSION]

    def _swap(**answers):
        dash_app.server.extensions[page_context.EXTENSION] = replace(real, **answers)

    yield _swap
    dash_app.server.extensions[page_context.EXTENSION] = real


def test_without_an_installed_context_a_page_is_told_who_installs_it():
    with flask.Flask("bare").app_context(), pytest.raises(RuntimeError, match="create_app"):
        page_context.viewer()


def test_pages_build_their_first_paint_from_the_installed_answers(dash_app, swapped):
    swapped(viewer=_Viewer, recap_year=lambda: 2019, wrapped_query=lambda q: {**q, "tab": "habits"})
    with dash_app.server.test_request_context("/"):
        recap = importlib.import_module("pages.recap").layout()
        wrapped = importlib.import_module("pages.wrapped").layout()
        promoter = importlib.import_module("pages.promoter").layout()
        profile = importlib.import_module("pages.profile").layout()
    assert find(recap, ids.YEAR_VALUE).data == 2019
    assert find(wrapped, ids.WRAPPED_TABS).active_tab == "habits"
    assert find(wrapped, ids.WRAPPED_TZ).value == "Asia/Tokyo"
    assert "As an admin" in text(promoter)
    assert find(profile, ids.PROFILE_NAME).value == "Ada"


def test_the_real_answers_give_a_listener_their_latest_period_with_plays(dash_app):
    with session_scope() as session:
        account = get_account(session, find_user_id(session, "listener@demo.rewrapped"))
        tz = valid_tz(account.timezone)
        expected = default_period(last_play_day(session, account.id, tz), today_in(tz))
    with dash_app.server.test_request_context("/"):
        flask_login.login_user(LoginUser(account))
        wrapped = importlib.import_module("pages.wrapped").layout()
        recap = importlib.import_module("pages.recap").layout()
    assert find(wrapped, ids.WRAPPED_PERIOD).value == expected["period"]
    if "year" in expected:
        assert find(wrapped, ids.WRAPPED_YEAR).value == int(expected["year"])
        assert find(recap, ids.YEAR_VALUE).data == int(expected["year"])


def test_a_guest_gets_no_viewer_and_this_years_recap(dash_app):
    with dash_app.server.test_request_context("/"):
        assert page_context.viewer() is None
        assert page_context.recap_year() == today_in("UTC").year
        assert page_context.settings() is dash_app.server.config["SETTINGS"]
