"""Who is logged in: Flask-Login wired to the login sessions table.

Flask-Login's "alternative id" (``get_id``) is ``"{user id}:{token}"``. It is what the signed
session cookie and the remember cookie carry, and the user loader accepts it only while the
login's row exists, so a copied or replayed cookie dies with its login.
"""

from __future__ import annotations

from datetime import timedelta

import flask
from flask_login import LoginManager, UserMixin, login_user, logout_user, user_loaded_from_cookie

from data.db import session_scope
from data.queries.accounts import Account, get_account
from data.queries.login_sessions import login_is_live
from data.services.login_sessions import end_login_session, start_login_session

SESSION_LIFETIME = timedelta(days=14)
REMEMBER_LIFETIME = timedelta(days=30)


class LoginUser(UserMixin):
    """Flask-Login's view of an Account, holding the token of this login."""

    def __init__(self, account: Account, token: str = "") -> None:
        self.account = account
        self.id = account.id
        self.token = token

    def get_id(self) -> str:
        return f"{self.id}:{self.token}"

    def __getattr__(self, name: str):
        return getattr(self.account, name)


def install(server: flask.Flask) -> None:
    """Configure Flask-Login on ``server`` with the token-checking user loader."""
    login = LoginManager(server)
    login.login_view = "auth.login"
    login.session_protection = "strong"
    login.user_loader(load_user)

    def _restored(_app, user) -> None:
        # A login restored from the remember cookie gets a session that strong protection
        # accepts on the next request: Flask-Login 0.6 stores no identifier for it, so the
        # very next callback found a mismatch, dropped the session and answered 401.
        flask.session["_id"] = login._session_identifier_generator()
        flask.session.permanent = True

    user_loaded_from_cookie.connect(_restored, server, weak=False)


def load_user(alternative_id: str) -> LoginUser | None:
    """The user of a live login, from the id a cookie carries; None for anything else."""
    user_part, _, token = (alternative_id or "").partition(":")
    if not user_part.isdigit() or not token:
        return None
    with session_scope() as session:
        if not login_is_live(session, int(user_part), token):
            return None
        account = get_account(session, int(user_part))
    return LoginUser(account, token) if account else None


def new_token(user_id: int, *, remember: bool) -> str:
    """Record a login for ``user_id`` in its own transaction; returns its token."""
    with session_scope() as session:
        return start_login_session(session, user_id, lifetime(remember=remember))


def lifetime(*, remember: bool) -> timedelta:
    return REMEMBER_LIFETIME if remember else SESSION_LIFETIME


def sign_in(account: Account, token: str, *, remember: bool) -> None:
    """Start a fresh Flask session for this login (a new session id: no fixation)."""
    flask.session.clear()
    login_user(LoginUser(account, token), remember=remember, duration=REMEMBER_LIFETIME)
    flask.session.permanent = True


def sign_out(user: LoginUser) -> None:
    """End this browser's login: its row, the session and the remember cookie."""
    with session_scope() as session:
        end_login_session(session, user.id, user.token)
    forget_browser()


def forget_browser() -> None:
    """Drop this browser's session and make the response delete its remember cookie."""
    logout_user()
    flask.session.clear()
    # Set after clearing: Flask-Login deletes the remember cookie only when it finds this.
    flask.session["_remember"] = "clear"


def remembered() -> bool:
    """True when this browser holds a remember cookie (kept across a re-issued login)."""
    name = flask.current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return name in flask.request.cookies
