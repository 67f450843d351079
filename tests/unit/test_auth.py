"""Deny-by-default auth: the guard, login, registration, logout, cookies and rate limits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from data.db import session_scope
from data.models import User
from data.queries.accounts import find_user_id

PRIVATE_CALLBACK = {
    "output": "profile-status.children",
    "outputs": {"id": "profile-status", "property": "children"},
    "inputs": [{"id": "profile-save", "property": "n_clicks", "value": 1}],
    "changedPropIds": ["profile-save.n_clicks"],
    "state": [
        {"id": "profile-name", "property": "value", "value": "Mallory"},
        {"id": "profile-tz", "property": "value", "value": "UTC"},
        {"id": "profile-city", "property": "value", "value": None},
    ],
}


def _router(pathname: str) -> dict:
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }


def test_anonymous_callback_post_gets_401_and_no_data(client):
    response = client.post("/_dash-update-component", json=PRIVATE_CALLBACK)
    assert response.status_code == 401
    assert response.get_json() == {"error": "Login required."}


def test_anonymous_router_renders_public_pages_but_not_private_ones(client):
    assert client.post("/_dash-update-component", json=_router("/about")).status_code == 200
    assert client.post("/_dash-update-component", json=_router("/")).status_code == 200
    assert client.post("/_dash-update-component", json=_router("/profile")).status_code == 401


def test_unknown_route_renders_the_404_page(client):
    response = client.post("/_dash-update-component", json=_router("/no/such/page"))
    assert response.status_code == 200
    assert "Page not found" in response.get_data(as_text=True)


def test_every_private_flask_route_sends_a_guest_to_login(client):
    """A plain route added without a thought for auth is private: only named ones are open."""
    from callbacks.server.guard import DASH_PAGE_RULES, PUBLIC_ENDPOINTS, PUBLIC_PATHS

    checked = []
    for rule in client.application.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule in DASH_PAGE_RULES | PUBLIC_PATHS:
            continue
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.rule.startswith(("/assets/", "/_dash-")):
            continue
        url = rule.rule.replace("<int:", "<").replace("<path:", "<")
        url = url.replace("<token>", "tok").replace("<kind>", "artist").replace("<item_id>", "1")
        assert "<" not in url, f"teach this test a value for {rule.rule}"
        response = client.get(url)
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login?next="), rule.rule
        checked.append(rule.rule)
    expected = {"/export/plays.csv", "/artwork/<kind>/<int:item_id>", "/spotify/connect"}
    assert expected <= set(checked)


def test_private_page_redirects_to_login_with_next(client):
    response = client.get("/profile?tab=x")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/profile")


def test_wrong_password_shows_error_and_starts_no_session(client, csrf_token):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={"email": "listener@demo.rewrapped", "password": "wrong", "csrf_token": token},
    )
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302
    assert client.post("/_dash-update-component", json=PRIVATE_CALLBACK).status_code == 401


def test_login_without_csrf_token_is_refused(client):
    response = client.post(
        "/login", data={"email": "listener@demo.rewrapped", "password": "demo-password"}
    )
    assert response.status_code != 302
    assert client.get("/profile").status_code == 302


def test_login_sets_httponly_samesite_cookie_and_opens_private_pages(client, csrf_token):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=/profile",
        data={"email": "listener@demo.rewrapped", "password": "demo-password", "csrf_token": token},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/profile").status_code == 200
    assert client.post("/_dash-update-component", json=_router("/profile")).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_login_never_redirects_off_site(client, csrf_token, target):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        f"/login?next={target}",
        data={"email": "listener@demo.rewrapped", "password": "demo-password", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_logout_needs_post_with_csrf(login, csrf_token):
    client = login()
    client.get("/logout")  # a GET (e.g. a prefetched link) must not log anyone out
    assert client.get("/profile").status_code == 200
    assert client.post("/logout").status_code == 400
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/profile").status_code == 302


def test_registration_with_bad_input_shows_field_errors_and_writes_nothing(client, csrf_token):
    token = csrf_token(client.get("/register").get_data(as_text=True))
    response = client.post(
        "/register",
        data={
            "email": "not-an-email",
            "password": "short",
            "confirm": "other",
            "csrf_token": token,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "is-invalid" in html and "Passwords differ." in html
    with session_scope() as session:
        assert find_user_id(session, "not-an-email") is None


def test_registration_creates_a_hashed_listener_account_whatever_roles_are_posted(
    client, csrf_token
):
    token = csrf_token(client.get("/register").get_data(as_text=True))
    response = client.post(
        "/register",
        data={
            "email": "New.User@Example.org",
            "display_name": "New",
            "password": "long-enough-pw",
            "confirm": "long-enough-pw",
            "roles": ["listener", "promoter"],
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    with session_scope() as session:
        user = session.get(User, find_user_id(session, "new.user@example.org"))
        assert user.password_hash.startswith("scrypt:")
        assert "long-enough-pw" not in user.password_hash
        assert user.role_names == {"listener"}


def test_registration_cannot_grant_admin(client, csrf_token):
    token = csrf_token(client.get("/register").get_data(as_text=True))
    response = client.post(
        "/register",
        data={
            "email": "sneaky@example.org",
            "password": "long-enough-pw",
            "confirm": "long-enough-pw",
            "roles": ["admin"],
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    with session_scope() as session:
        assert session.get(User, find_user_id(session, "sneaky@example.org")).role_names == {
            "listener"
        }


def test_login_is_rate_limited(dash_app, csrf_token, monkeypatch):
    strict = replace(dash_app.server.config["SETTINGS"], login_rate_limit="10 per minute")
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", strict)
    client = dash_app.server.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    statuses = [
        client.post(
            "/login",
            data={"email": "ratelimit@example.org", "password": "x", "csrf_token": token},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        ).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_guessing_backs_off_the_account_and_address_pair_not_the_account(
    dash_app, csrf_token, monkeypatch
):
    strict = replace(dash_app.server.config["SETTINGS"], login_email_rate_limit="3 per hour")
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", strict)
    client = dash_app.server.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))

    def attempt(password: str, address: str) -> int:
        data = {"email": "promoter@demo.rewrapped", "password": password, "csrf_token": token}
        return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address}).status_code

    assert [attempt("guess", "10.8.0.1") for _ in range(5)] == [401, 401, 401, 429, 429]
    # The owner, from their own address, is not locked out by the stranger's guesses.
    assert attempt("demo-password", "10.8.0.2") == 302
