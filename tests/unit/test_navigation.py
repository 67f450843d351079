"""The navbar and user menu show only what the user's roles allow; demo data is labelled."""

from __future__ import annotations

import flask_login
import pytest

from callbacks.server.guard import page_allowed
from callbacks.server.sessions import LoginUser
from callbacks.shell import serve_layout
from data.queries.accounts import Account


def _account(*roles: str) -> Account:
    return Account(1, "a@example.org", "Ada", "UTC", None, False, frozenset(roles))


def _hrefs(component) -> set[str]:
    found = set()

    def walk(node):
        href = getattr(node, "href", None)
        if isinstance(href, str):
            found.add(href)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str | int | float):
                walk(child)

    walk(component)
    return found


@pytest.mark.parametrize(
    ("roles", "page_roles", "allowed"),
    [
        (("listener",), ("promoter",), False),
        (("listener", "promoter"), ("promoter",), True),
        (("analyst",), ("analyst", "admin"), True),
        (("listener",), None, True),
    ],
)
def test_role_gated_pages(roles, page_roles, allowed):
    page = {"path": "/x", "roles": page_roles}
    assert page_allowed(page, LoginUser(_account(*roles))) is allowed


def test_anonymous_sees_only_public_pages():
    anonymous = flask_login.AnonymousUserMixin()
    assert page_allowed({"path": "/", "public": True}, anonymous)
    assert not page_allowed({"path": "/profile"}, anonymous)


def test_guest_navbar_offers_login_and_no_private_links(dash_app):
    with dash_app.server.test_request_context("/"):
        hrefs = _hrefs(serve_layout())
    assert {"/", "/about", "/login", "/register"} <= hrefs
    assert "/profile" not in hrefs


def test_logged_in_menu_has_profile_and_logout(dash_app):
    with dash_app.server.test_request_context("/"):
        flask_login.login_user(LoginUser(_account("listener")))
        layout = serve_layout()
    hrefs = _hrefs(layout)
    assert "/profile" in hrefs and "/login" not in hrefs
    assert "demo data" in str(layout)  # the demo set is loaded in the test app
