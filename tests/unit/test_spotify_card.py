"""The Profile page's Spotify card: callbacks called directly, as the logged-in user."""

from __future__ import annotations

import dataclasses
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask_login import login_user

from callbacks import spotify as cb
from callbacks.server.sessions import LoginUser
from components import ids
from components import spotify as card
from data.crypto import TokenCipher
from data.db import session_scope
from data.job_vocabulary import Job
from data.models import JobRun, SpotifyAccount, utcnow
from data.services import accounts, spotify_accounts
from tests.unit.layout_tree import find, text


@pytest.fixture
def user(dash_app):
    with session_scope() as session:
        account = accounts.register(session, f"card-{uuid.uuid4().hex[:8]}@x.org", "pw-123456")
    return account


@contextmanager
def as_user(dash_app, account, *, configured: bool = True, path: str = "/_dash-update-component"):
    settings = dash_app.server.config["SETTINGS"]
    if configured:
        settings = dataclasses.replace(settings, spotify_client_id="id", spotify_client_secret="s")
    with dash_app.server.test_request_context(path, method="POST"):
        dash_app.server.config["SETTINGS"], saved = settings, dash_app.server.config["SETTINGS"]
        try:
            login_user(LoginUser(account))
            yield
        finally:
            dash_app.server.config["SETTINGS"] = saved


def connect(account, settings, **fields) -> None:
    token = {"access_token": "a", "refresh_token": "r", "expires_in": 3600}
    with session_scope() as session:
        spotify_accounts.save_connection(
            session,
            account.id,
            token,
            {"id": "spotify-user", "display_name": "DJ Test"},
            TokenCipher(settings.token_encryption_key),
        )
        row = session.get(SpotifyAccount, account.id)
        for key, value in fields.items():
            setattr(row, key, value)


def test_card_is_on_the_profile_page(dash_app):
    from components.profile import profile_layout

    layout = profile_layout(display_name="x", timezone="UTC", welcome=False)
    assert find(layout, ids.SPOTIFY_SECTION) is not None
    assert find(layout, ids.SPOTIFY_POLL).interval == card.IDLE_POLL_MS


def test_without_client_id_a_listener_is_told_the_admin_has_not_enabled_it(dash_app, user):
    with as_user(dash_app, user, configured=False):
        status, buttons, state = cb.show_card(0, "", None)
    assert state == "not-configured"
    words = text(status)
    assert "your server admin has not enabled Spotify" in words
    assert "SPOTIFY_CLIENT_ID" not in words and "developer.spotify.com" not in words
    assert buttons == []


def test_without_client_id_the_card_explains_the_setup_to_admins(dash_app, user):
    admin = dataclasses.replace(user, roles=frozenset({"listener", "admin"}))
    with as_user(dash_app, admin, configured=False):
        status, buttons, state = cb.show_card(0, "", None)
    assert state == "not-configured"
    words = text(status)
    assert "developer.spotify.com/dashboard" in words
    assert "http://127.0.0.1:8050/spotify/callback" in words
    assert "SPOTIFY_CLIENT_ID" in words
    assert buttons == []


def test_not_connected_offers_connect(dash_app, user):
    with as_user(dash_app, user):
        status, buttons, state = cb.show_card(0, "?spotify=denied", None)
    assert state == "none"
    assert "Not connected" in text(status)
    assert "was not granted" in text(status)
    assert buttons[0].href == "/spotify/connect"


def test_connected_card_shows_sync_facts_runs_and_last_error(dash_app, user):
    settings = dash_app.server.config["SETTINGS"]
    connect(
        user,
        settings,
        last_success_at=utcnow() - timedelta(minutes=20),
        next_sync_at=utcnow() + timedelta(minutes=10),
        last_error="Spotify had a server error (502). Next try in 30 min.",
    )
    with session_scope() as session:
        session.add(
            JobRun(
                id=str(uuid.uuid4()),
                func=Job.SPOTIFY_SYNC,
                queue="sync",
                user_id=user.id,
                status="finished",
                result={"added": 1234},
            )
        )
    with as_user(dash_app, user):
        status, buttons, state = cb.show_card(0, "", None)
        again = cb.show_card(1, "", state)
    words = text(status)
    assert state == "connected"
    assert "DJ Test" in words
    assert "20 min ago" in words and "in 10 min" in words
    assert "server error (502)" in words
    assert "1,234" in words
    assert text(buttons).count("Sync now") == 1
    form = buttons[1]
    assert form.action == "/spotify/disconnect" and form.method == "POST"
    assert form.children[0].name == "csrf_token" and form.children[0].value
    assert again[1] is cb.no_update  # same state: buttons are not re-rendered while polling


def test_revoked_account_says_so_and_offers_reconnect(dash_app, user):
    settings = dash_app.server.config["SETTINGS"]
    connect(user, settings)
    with session_scope() as session:
        spotify_accounts.mark_revoked(session, user.id, "Spotify no longer accepts this.")
    with as_user(dash_app, user):
        status, buttons, state = cb.show_card(0, "", None)
    assert state == "revoked"
    assert "Spotify is disconnected" in text(status)
    assert "no longer accepts" in text(status)
    assert buttons[0].children == "Reconnect Spotify"


def test_sync_now_enqueues_a_job_and_progress_polls_until_done(dash_app, user):
    with as_user(dash_app, user):
        job_id = cb.sync_now(1)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            view, interval = cb.show_progress(1, job_id)
            if interval == card.IDLE_POLL_MS:
                break
            assert "Progress" in type(view[0]).__name__
            time.sleep(0.2)
    with session_scope() as session:
        run = session.get(JobRun, job_id)
        assert run.user_id == user.id and run.args == {"for_user": user.id}
    assert interval == card.IDLE_POLL_MS
    assert "Nothing to do" in text(view)  # this user never connected Spotify


def test_progress_view_of_a_running_job():
    view = card.progress_view(
        {"status": "started", "progress": 0.5, "message": "12 new plays", "added": None}
    )
    assert view[0].value == 50
    assert text(view).strip() == "12 new plays"


def test_progress_is_only_shown_for_the_users_own_job(dash_app, user):
    other = str(uuid.uuid4())
    with session_scope() as session:
        session.add(
            JobRun(id=other, func=Job.SPOTIFY_SYNC, queue="sync", user_id=None, status="started")
        )
    with as_user(dash_app, user):
        view, interval = cb.show_progress(1, other)
    assert view == [] and interval == card.IDLE_POLL_MS
