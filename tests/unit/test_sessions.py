"""A session belongs to one login of one account, for as long as the account says.

Every test drives the real server through the Flask test client: log in with the form, copy
cookies between clients like a thief or a second device would, and call callbacks by POST.
"""

from __future__ import annotations

import uuid

import pytest

from data.db import session_scope
from data.services.accounts import register

PASSWORD = "quiet-maple-harbor-71"
NEW_PASSWORD = "amber-otter-lantern-42"


def _body(outputs: list[str], inputs: list[tuple[str, object]], state=()) -> dict:
    def spec(text: str, value=None) -> dict:
        component, prop = text.rsplit(".", 1)
        return {"id": component, "property": prop, "value": value}

    outs = [{k: v for k, v in spec(o).items() if k != "value"} for o in outputs]
    return {
        "output": outputs[0] if len(outs) == 1 else ".." + "...".join(outputs) + "..",
        "outputs": outs[0] if len(outs) == 1 else outs,
        "inputs": [spec(name, value) for name, value in inputs],
        "changedPropIds": [inputs[0][0]],
        "state": [spec(name, value) for name, value in state],
    }


SAVE_DETAILS = _body(
    ["profile-status.children"],
    [("profile-save.n_clicks", 1)],
    [("profile-name.value", "Me"), ("profile-tz.value", "UTC"), ("profile-city.value", None)],
)
LOGOUT_ALL = _body(["profile-logout-all-redirect.href"], [("profile-logout-all.n_clicks", 1)])
DELETE = _body(["profile-redirect.href"], [("profile-delete-confirm.submit_n_clicks", 1)])


def _change_password(current: str, new: str) -> dict:
    return _body(
        ["profile-pw-status.children", "profile-pw-current.value", "profile-pw-new.value"],
        [("profile-pw-save.n_clicks", 1)],
        [("profile-pw-current.value", current), ("profile-pw-new.value", new)],
    )


@pytest.fixture
def email() -> str:
    address = f"session-{uuid.uuid4().hex[:10]}@example.org"
    with session_scope() as session:
        register(session, address, PASSWORD, "Session tester")
    return address


def _login(dash_app, csrf_token, email: str, *, remember: bool = False, password=PASSWORD):
    client = dash_app.server.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    data = {"email": email, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def _with_cookies(dash_app, **cookies: str):
    """A fresh browser holding only these cookies (copied from another one)."""
    client = dash_app.server.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def _logged_in(client) -> bool:
    page = client.get("/profile").status_code
    callback = client.post("/_dash-update-component", json=SAVE_DETAILS).status_code
    assert (page == 200) == (callback == 200), (page, callback)
    return page == 200


def test_keep_me_logged_in_survives_the_session_and_the_next_callback(dash_app, csrf_token, email):
    first = _login(dash_app, csrf_token, email, remember=True)
    remember = first.get_cookie("remember_token")
    assert remember is not None
    # The browser was closed: the session cookie is gone, the remember cookie is not.
    later = _with_cookies(dash_app, remember_token=remember.value)
    assert later.get("/profile").status_code == 200
    response = later.post("/_dash-update-component", json=SAVE_DETAILS)
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    assert later.post("/_dash-update-component", json=SAVE_DETAILS).status_code == 200


def test_a_session_cookie_replayed_after_logout_is_not_logged_in(dash_app, csrf_token, email):
    client = _login(dash_app, csrf_token, email, remember=True)
    stolen_session = client.get_cookie("session").value
    stolen_remember = client.get_cookie("remember_token").value
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get_cookie("remember_token") is None  # the browser was told to drop it
    assert not _logged_in(_with_cookies(dash_app, session=stolen_session))
    assert not _logged_in(_with_cookies(dash_app, remember_token=stolen_remember))


def test_logging_out_one_device_keeps_the_other_logged_in(dash_app, csrf_token, email):
    laptop = _login(dash_app, csrf_token, email)
    phone = _login(dash_app, csrf_token, email)
    token = csrf_token(laptop.get("/login").get_data(as_text=True))
    laptop.post("/logout", data={"csrf_token": token})
    assert not _logged_in(laptop)
    assert _logged_in(phone)


def test_log_out_everywhere_ends_every_login_and_remember_cookie(dash_app, csrf_token, email):
    laptop = _login(dash_app, csrf_token, email, remember=True)
    phone = _login(dash_app, csrf_token, email, remember=True)
    phone_remember = phone.get_cookie("remember_token").value
    assert phone_remember != laptop.get_cookie("remember_token").value  # one cookie per login
    response = laptop.post("/_dash-update-component", json=LOGOUT_ALL)
    assert response.status_code == 200
    assert response.get_json()["response"]["profile-logout-all-redirect"]["href"] == (
        "/login?everywhere=1"
    )
    assert laptop.get_cookie("remember_token") is None
    assert not _logged_in(laptop)
    assert not _logged_in(phone)
    assert not _logged_in(_with_cookies(dash_app, remember_token=phone_remember))


def test_password_change_ends_other_logins_and_keeps_this_one(dash_app, csrf_token, email):
    laptop = _login(dash_app, csrf_token, email, remember=True)
    phone = _login(dash_app, csrf_token, email, remember=True)
    phone_remember = phone.get_cookie("remember_token").value
    old_laptop_session = laptop.get_cookie("session").value
    response = laptop.post("/_dash-update-component", json=_change_password(PASSWORD, NEW_PASSWORD))
    assert "Password changed" in response.get_data(as_text=True)
    assert _logged_in(laptop)
    assert not _logged_in(phone)
    assert not _logged_in(_with_cookies(dash_app, remember_token=phone_remember))
    assert not _logged_in(_with_cookies(dash_app, session=old_laptop_session))
    # This browser's remember cookie was re-issued with the new login.
    renewed = laptop.get_cookie("remember_token").value
    assert _logged_in(_with_cookies(dash_app, remember_token=renewed))


def test_a_deleted_accounts_cookie_never_opens_the_next_account(dash_app, csrf_token, email):
    client = _login(dash_app, csrf_token, email, remember=True)
    old_session = client.get_cookie("session").value
    old_remember = client.get_cookie("remember_token").value
    response = client.post("/_dash-update-component", json=DELETE)
    assert response.get_json()["response"]["profile-redirect"]["href"] == "/login?deleted=1"
    # The next person to register must not be reachable with the deleted account's cookies.
    with session_scope() as session:
        register(session, f"next-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, "Next")
    assert not _logged_in(_with_cookies(dash_app, session=old_session))
    assert not _logged_in(_with_cookies(dash_app, remember_token=old_remember))
