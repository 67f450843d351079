"""Profile callbacks, called directly as the logged-in user."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import flask_login
from dash._callback_context import context_value
from dash._utils import AttributeDict
from sqlalchemy import func, select

from callbacks import profile
from callbacks.server.sessions import LoginUser
from data.db import session_scope
from data.models import Play, User
from data.queries.accounts import get_account
from data.queries.integrity import orphan_plays
from data.services.accounts import register


@contextmanager
def _as_new_user(dash_app, email: str):
    with session_scope() as session:
        account = register(session, email, "old-password-1", "Tester")
    with dash_app.server.test_request_context("/_dash-update-component", method="POST"):
        flask_login.login_user(LoginUser(account))
        yield account


def test_save_details_validates_and_saves(dash_app):
    berlin = 2950159
    with _as_new_user(dash_app, "profile1@example.org") as account:
        bad = profile.save_details(1, "", "Nowhere/Zone", None)
        assert "Enter a name" in str(bad) and "time zone" in str(bad)
        ok = profile.save_details(1, "Renamed", "Europe/Berlin", berlin)
        assert "Saved" in str(ok)
    with session_scope() as session:
        saved = get_account(session, account.id)
    assert (saved.display_name, saved.timezone) == ("Renamed", "Europe/Berlin")
    assert saved.home_city_id is not None


def test_city_search_uses_the_offline_gazetteer(dash_app):
    triggered = [{"prop_id": "profile-city.search_value", "value": "mün"}]
    context_value.set(AttributeDict(triggered_inputs=triggered))
    with _as_new_user(dash_app, "profile2@example.org"):
        options, _ = profile.city_options("mün", None)
    labels = [o["label"] for o in options]
    assert labels[0] == "Munich, DE" and "Münster, DE" in labels


def test_change_password_requires_the_current_one(dash_app):
    with _as_new_user(dash_app, "profile3@example.org"):
        refused = profile.change_password(1, "wrong", "new-password-2")
        assert "not right" in str(refused[0])
        done = profile.change_password(1, "old-password-1", "new-password-2")
        assert "changed" in str(done[0])


def test_delete_account_removes_user_and_their_plays(dash_app):
    with session_scope() as session:
        listener = session.scalar(select(User).where(User.email == "listener@demo.rewrapped"))
        plays_before = session.scalar(select(func.count()).select_from(Play))
        theirs = session.scalar(select(func.count()).where(Play.user_id == listener.id))
    assert theirs > 0
    with _as_new_user(dash_app, "profile4@example.org") as account:
        assert profile.delete_account(1) == "/login?deleted=1"
    with session_scope() as session:
        assert session.get(User, account.id) is None
        assert session.scalar(select(func.count()).select_from(Play)) == plays_before
        assert orphan_plays(session) == 0  # plays have no foreign keys: deleted explicitly


def test_deleting_the_account_also_drops_its_cached_analytics(dash_app):
    from data.frame_cache import get_frame_cache
    from data.importers.rows import PlayRow
    from data.importers.store import insert_plays
    from data.queries.listening.frame import SCHEMA_VERSION, load_listening

    with _as_new_user(dash_app, "profile5@example.org") as account:
        row = PlayRow(datetime(2025, 3, 1, 20, 0), 200_000, "music", "Song", "Band")
        with session_scope() as session:
            insert_plays(session, account.id, [row], source="test", import_id=None)
        with session_scope() as session:
            assert not load_listening(session, account.id, "UTC").empty
        prefix = f"listening:v{SCHEMA_VERSION}:{account.id}:"
        profile.delete_account(1)
    with session_scope() as session:
        assert orphan_plays(session) == 0
    assert get_frame_cache().forget(prefix) == 0  # nothing of theirs was left to forget
