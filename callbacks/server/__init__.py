"""Plain Flask routes (login, registration, uploads, OAuth redirects) and the auth guard."""

from __future__ import annotations

import flask

from callbacks.server import (
    admin_uploads,
    artwork,
    auth,
    events,
    exports,
    guard,
    hardening,
    health,
    sessions,
    spotify,
    unsubscribe,
    uploads,
    views,
)
from callbacks.server.extensions import limiter
from data.bootstrap import SCHEMA_MESSAGE
from settings import Settings


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
        PERMANENT_SESSION_LIFETIME=sessions.SESSION_LIFETIME,
        REMEMBER_COOKIE_DURATION=sessions.REMEMBER_LIFETIME,
        SCHEMA_CURRENT=schema_current,
        WTF_CSRF_TIME_LIMIT=None,
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
    )
    # First hooks of all: a body is bounded before any other hook or the guard reads it.
    hardening.install(server, settings.max_request_bytes)
    sessions.install(server)
    limiter.init_app(server)
    server.register_blueprint(health.blueprint)
    server.register_blueprint(auth.blueprint)
    server.register_blueprint(spotify.blueprint)
    server.register_blueprint(uploads.blueprint)
    server.register_blueprint(admin_uploads.blueprint)
    server.register_blueprint(unsubscribe.blueprint)
    server.register_blueprint(views.blueprint)
    server.register_blueprint(events.blueprint)
    server.register_blueprint(artwork.blueprint)
    server.register_blueprint(exports.blueprint)
    if not schema_current:
        server.before_request(
            lambda: None if flask.request.path in health.PATHS else (SCHEMA_MESSAGE, 503)
        )
    guard.install(server)
