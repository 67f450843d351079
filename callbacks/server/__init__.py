"""Plain Flask routes (login, registration, uploads, OAuth redirects) and the auth guard."""

from __future__ import annotations

from datetime import timedelta

import flask
from flask_login import LoginManager, UserMixin

from callbacks.server import admin_uploads, auth, events, guard, spotify, uploads
from callbacks.server.extensions import limiter
from data.bootstrap import SCHEMA_MESSAGE
from data.db import session_scope
from data.services.accounts import Account, get_account
from settings import Settings


class LoginUser(UserMixin):
    """Flask-Login's view of an Account."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.id = account.id

    def __getattr__(self, name: str):
        return getattr(self.account, name)


def init_server(server: flask.Flask, settings: Settings, *, schema_current: bool = True) -> None:
    """Configure the Flask server: secrets, cookies, login, rate limits, routes, the guard."""
    server.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.session_cookie_secure,
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        WTF_CSRF_TIME_LIMIT=None,
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
    )
    login = LoginManager(server)
    login.login_view = "auth.login"
    login.session_protection = "strong"

    @login.user_loader
    def _load(user_id: str) -> LoginUser | None:
        with session_scope() as session:
            account = get_account(session, int(user_id))
        return LoginUser(account) if account else None

    limiter.init_app(server)
    server.register_blueprint(auth.blueprint)
    server.register_blueprint(spotify.blueprint)
    server.register_blueprint(uploads.blueprint)
    server.register_blueprint(admin_uploads.blueprint)
    server.register_blueprint(events.blueprint)
    if not schema_current:
        server.before_request(lambda: (SCHEMA_MESSAGE, 503))
    guard.install(server)
