"""Login and accounts resist abuse: timing, lockout, weak passwords, probing registration."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from callbacks.server.auth import LOGIN_FAILED
from data.db import session_scope
from data.models import User
from data.queries.accounts import find_user_id
from data.services import accounts
from data.services.accounts import register
from data.services.password_policy import password_problem
from tests.unit.test_sessions import PASSWORD, _change_password, _login

STRONG = "velvet-kettle-orbit-93"


def _address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def _post(client, csrf_token, path: str, address: str | None = None, **data):
    token = csrf_token(client.get(path).get_data(as_text=True))
    return client.post(
        path,
        data={**data, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address or _address()},
    )


@pytest.fixture
def strict(dash_app, monkeypatch):
    def _set(**rules: str) -> None:
        settings = replace(dash_app.server.config["SETTINGS"], **rules)
        monkeypatch.setitem(dash_app.server.config, "SETTINGS", settings)

    return _set


def test_unknown_and_known_emails_cost_the_same_password_hashing(client, csrf_token, monkeypatch):
    calls: list[str] = []
    real = accounts.verify_password

    def counting(password_hash: str, password: str) -> bool:
        calls.append(password_hash[:6])
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    unknown = _post(client, csrf_token, "/login", email="nobody@example.org", password="x" * 12)
    assert len(calls) == 1 and calls[0].startswith("scrypt")
    known = _post(client, csrf_token, "/login", email="listener@demo.rewrapped", password="x" * 12)
    assert len(calls) == 2
    assert unknown.status_code == known.status_code == 401
    assert LOGIN_FAILED in unknown.get_data(as_text=True)
    assert LOGIN_FAILED in known.get_data(as_text=True)


def test_registering_a_taken_address_answers_exactly_like_a_failed_login(client, csrf_token):
    form = {"password": STRONG, "confirm": STRONG, "display_name": "Probe"}
    taken = _post(client, csrf_token, "/register", email="analyst@demo.rewrapped", **form)
    login = _post(client, csrf_token, "/login", email="analyst@demo.rewrapped", password=STRONG)
    assert taken.status_code == login.status_code == 401
    page = taken.get_data(as_text=True)
    assert LOGIN_FAILED in page and "exist" not in page.lower()
    assert 'action="/login"' in page  # the form shown logs in, from wherever it was rendered
    with session_scope() as session:
        assert session.get(User, find_user_id(session, "analyst@demo.rewrapped")).display_name != (
            "Probe"
        )


def test_registering_a_taken_address_with_its_password_logs_in_like_the_login_form(
    dash_app, client, csrf_token
):
    email = f"owner-{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as session:
        register(session, email, PASSWORD)
    form = {"password": PASSWORD, "confirm": PASSWORD}
    response = _post(client, csrf_token, "/register", email=email, **form)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/profile").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-1", "at least 10 characters"),
        ("password1234", "too easy to guess"),
        ("demo-password", "too easy to guess"),
    ],
)
def test_registration_refuses_weak_passwords_with_a_clear_message(
    client, csrf_token, password, message
):
    email = f"weak-{uuid.uuid4().hex[:8]}@example.org"
    form = {"password": password, "confirm": password}
    response = _post(client, csrf_token, "/register", email=email, **form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with session_scope() as session:
        assert find_user_id(session, email) is None


def test_a_password_made_of_the_email_is_too_easy():
    assert password_problem("janedoe2024!") is None  # strong for anyone else
    assert password_problem("janedoe2024!", ("jane.doe@example.org",))
    assert password_problem(STRONG, ("jane.doe@example.org",)) is None


def test_registration_offers_no_role_choice(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'name="roles"' not in page and "Promoter" not in page


def test_registration_is_rate_limited_per_address(client, csrf_token, strict):
    strict(register_rate_limit="2 per hour")
    address = _address()

    def attempt() -> int:
        email = f"burst-{uuid.uuid4().hex[:8]}@example.org"
        form = {"password": "x", "confirm": "y"}
        return _post(client, csrf_token, "/register", address, email=email, **form).status_code

    assert [attempt() for _ in range(3)] == [400, 400, 429]


def test_password_change_refuses_weak_passwords_and_is_rate_limited(dash_app, csrf_token, strict):
    email = f"pw-{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as session:
        register(session, email, PASSWORD)
    client = _login(dash_app, csrf_token, email)
    strict(password_change_rate_limit="3 per hour")

    def change(current: str, new: str) -> str:
        body = _change_password(current, new)
        return client.post("/_dash-update-component", json=body).get_data(as_text=True)

    assert "too easy to guess" in change(PASSWORD, "password1234")
    assert "not right" in change("wrong-current-password", STRONG)
    assert "not right" in change("another-wrong-password", STRONG)
    assert "Too many password changes" in change(PASSWORD, STRONG)
    with session_scope() as session:
        assert accounts.authenticate(session, email, PASSWORD) is not None
