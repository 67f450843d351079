"""Operator commands run through Flask's CLI runner against the test app."""

from __future__ import annotations

from dataclasses import replace

from data.db import session_scope
from data.queries.accounts import find_user_id
from data.services.accounts import authenticate


def test_create_user_with_role(dash_app):
    runner = dash_app.server.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "ops@example.org",
            "--password",
            "ops-password-1",
            "--role",
            "admin",
            "--role",
            "analyst",
        ]
    )
    assert result.exit_code == 0, result.output
    with session_scope() as session:
        account = authenticate(session, "ops@example.org", "ops-password-1")
    assert account.roles == {"admin", "analyst"}


def test_create_user_rejects_bad_input_with_a_message(dash_app):
    runner = dash_app.server.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "--email", "bad", "--password", "x", "--role", "listener"]
    )
    assert result.exit_code != 0
    assert "valid email" in result.output


def test_db_upgrade_is_idempotent(dash_app):
    result = dash_app.server.test_cli_runner().invoke(args=["db-upgrade"])
    assert result.exit_code == 0 and "up to date" in result.output


def test_create_user_refuses_an_easy_password_and_keeps_nothing(dash_app):
    runner = dash_app.server.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "--email", "ops2@example.org", "--password", "password1234"]
    )
    assert result.exit_code != 0 and "too easy to guess" in result.output
    with session_scope() as session:
        assert find_user_id(session, "ops2@example.org") is None


def test_load_demo_refuses_in_production(dash_app, monkeypatch):
    from workers import context

    production = replace(context.settings(), env="production", load_demo=False)
    monkeypatch.setattr(context.PROCESS, "settings", production)
    result = dash_app.server.test_cli_runner().invoke(args=["load-demo", "--plays", "10"])
    assert result.exit_code != 0 and "ENV=production" in result.output
