"""What callbacks may know about the request: the logged-in user and the settings."""

from __future__ import annotations

import secrets

import flask
from dash.exceptions import PreventUpdate
from flask_login import current_user

from data.queries.accounts import Account
from settings import Settings


def account() -> Account:
    """The logged-in account (the guard already refused anonymous callers)."""
    if not current_user.is_authenticated:
        raise PreventUpdate
    return current_user.account


def optional_account() -> Account | None:
    return current_user.account if current_user.is_authenticated else None


def settings() -> Settings:
    return flask.current_app.config["SETTINGS"]


def viewer() -> tuple[int | None, str, str | None]:
    """(user id or None, a random per-browser session id, User-Agent) for interaction logs."""
    sid = flask.session.get("sid")
    if not sid:
        sid = flask.session["sid"] = secrets.token_hex(8)
    user_id = current_user.id if current_user.is_authenticated else None
    return user_id, sid, flask.request.headers.get("User-Agent")
