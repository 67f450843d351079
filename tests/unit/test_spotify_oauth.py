"""OAuth routes (connect, callback, disconnect) with the Flask test client and a loopback fake."""

from __future__ import annotations

import dataclasses
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from data.db import session_scope
from data.models import JobRun, Play, SpotifyAccount
from data.services import accounts
from tests.integration.fake_spotify import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeSpotify,
    track_object,
)
from workers import context


@pytest.fixture
def fake():
    server = FakeSpotify()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def spotify_app(dash_app, fake, monkeypatch):
    """The test app with Spotify configured against the fake (web and in-process jobs)."""
    settings = dataclasses.replace(
        dash_app.server.config["SETTINGS"],
        spotify_client_id=CLIENT_ID,
        spotify_client_secret=CLIENT_SECRET,
        spotify_accounts_url=fake.base_url,
        spotify_api_url=f"{fake.base_url}/v1/",
    )
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", settings)
    monkeypatch.setattr(context.PROCESS, "settings", settings)
    return settings


@pytest.fixture
def listener(login):
    """A fresh listener of this test, logged in; returns (client, user id)."""
    email = f"sp-{uuid.uuid4().hex[:10]}@example.org"
    with session_scope() as session:
        user_id = accounts.register(session, email, "password-123").id
    return login(email, "password-123"), user_id


def _account(user_id: int) -> SpotifyAccount | None:
    with session_scope() as session:
        return session.get(SpotifyAccount, user_id)


def _authorize(client, fake) -> dict:
    """Start the flow and let the fake consent page answer; returns the callback's query."""
    start = client.get("/spotify/connect")
    assert start.status_code == 302
    target = start.headers["Location"]
    assert target.startswith(f"{fake.base_url}/authorize?")
    consent = requests.get(target, allow_redirects=False, timeout=5)
    assert consent.status_code == 303
    back = urlsplit(consent.headers["Location"])
    assert back.path == "/spotify/callback"
    return {k: v[0] for k, v in parse_qs(back.query).items()}


def test_connect_requires_login(client):
    response = client.get("/spotify/connect")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_callback_requires_login(client):
    response = client.get("/spotify/callback?code=abc&state=xyz")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_connect_without_client_id_explains_on_profile(listener):
    client, _ = listener
    response = client.get("/spotify/connect")
    assert response.headers["Location"] == "/profile?spotify=not-configured"


def test_authorize_url_asks_for_the_right_scopes_and_state(spotify_app, listener):
    client, _ = listener
    target = urlsplit(client.get("/spotify/connect").headers["Location"])
    query = parse_qs(target.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://127.0.0.1:8050/spotify/callback"]
    assert set(query["scope"][0].split()) == {"user-read-recently-played", "user-top-read"}
    with client.session_transaction() as flask_session:
        assert query["state"] == [flask_session["spotify_oauth_state"]]


def test_full_connect_stores_encrypted_tokens_and_runs_a_first_sync(spotify_app, listener, fake):
    client, user_id = listener
    fake.add_play(1_700_000_000_000, track_object("t1", "Maria", "a1", "Khruangbin", "Con", 1000))
    query = _authorize(client, fake)
    response = client.get("/spotify/callback", query_string=query)
    assert response.headers["Location"] == "/profile?spotify=connected"
    account = _account(user_id)
    assert account.status == "connected"
    assert account.spotify_user_id == "fakelistener"
    tokens = set(fake.access_tokens) | fake.refresh_tokens
    assert account.access_token_enc not in tokens
    assert account.refresh_token_enc not in tokens
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with session_scope() as session:
            run = session.scalar(select(JobRun).where(JobRun.user_id == user_id))
            if run is not None and run.status in ("finished", "failed"):
                break
        time.sleep(0.2)
    assert run.status == "finished", run.error
    with session_scope() as session:
        assert session.scalar(select(Play.ms_played).where(Play.user_id == user_id)) == 1000


def test_state_mismatch_is_rejected_and_the_code_is_never_used(spotify_app, listener, fake):
    client, user_id = listener
    query = _authorize(client, fake)
    query["state"] = "forged-" + query["state"]
    response = client.get("/spotify/callback", query_string=query)
    assert response.status_code == 400
    assert _account(user_id) is None
    assert fake.count("/api/token") == 0


def test_callback_without_a_started_flow_is_rejected(spotify_app, listener, fake):
    client, user_id = listener
    response = client.get("/spotify/callback?code=whatever&state=whatever")
    assert response.status_code == 400
    assert _account(user_id) is None


def test_state_is_single_use(spotify_app, listener, fake):
    client, _ = listener
    query = _authorize(client, fake)
    assert client.get("/spotify/callback", query_string=query).status_code == 302
    assert client.get("/spotify/callback", query_string=query).status_code == 400


def test_user_denying_access_goes_back_to_profile(spotify_app, listener, fake):
    client, user_id = listener
    query = _authorize(client, fake)
    response = client.get(
        "/spotify/callback", query_string={"error": "access_denied", "state": query["state"]}
    )
    assert response.headers["Location"] == "/profile?spotify=denied"
    assert _account(user_id) is None


def test_disconnect_needs_csrf_and_deletes_tokens(spotify_app, listener, fake, csrf_token):
    client, user_id = listener
    client.get("/spotify/callback", query_string=_authorize(client, fake))
    assert client.post("/spotify/disconnect").status_code == 400
    assert _account(user_id).access_token_enc is not None
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/spotify/disconnect", data={"csrf_token": token})
    assert response.headers["Location"] == "/profile?spotify=disconnected"
    account = _account(user_id)
    assert account.status == "disconnected"
    assert account.access_token_enc is None
    assert account.refresh_token_enc is None
