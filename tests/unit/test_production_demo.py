"""No public admin in production: no demo accounts, no printed credentials."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data.bootstrap import prepare_database
from data.db import session_scope
from data.models import User
from settings import Settings, SettingsError
from tests.conftest import TEST_FERNET, make_settings, swapped_database

PRODUCTION = {
    "ENV": "production",
    "SECRET_KEY": "a-real-secret-0123456789abcdef",
    "TOKEN_ENCRYPTION_KEY": TEST_FERNET,
}


def test_load_demo_defaults_off_in_production_and_on_elsewhere(tmp_path):
    production = Settings.from_env({"INSTANCE_DIR": str(tmp_path), **PRODUCTION})
    development = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    assert production.load_demo is False
    assert development.load_demo is True


def test_load_demo_in_production_refuses_to_start_naming_the_variable(tmp_path):
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"INSTANCE_DIR": str(tmp_path), "LOAD_DEMO": "true", **PRODUCTION})
    assert str(err.value).startswith("LOAD_DEMO:")
    assert "\n" not in str(err.value)


def test_production_start_on_an_empty_database_creates_no_accounts(dash_app, tmp_path):
    # The schema exists (the operator ran db-upgrade), the database holds no users.
    with swapped_database(make_settings(tmp_path)):
        production = Settings.from_env(
            {"INSTANCE_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/rewrapped.db"}
            | PRODUCTION
        )
        _db, schema_current = prepare_database(production)
        with session_scope() as session:
            users = session.scalar(select(func.count(User.id)))
    assert schema_current and users == 0


def test_login_page_never_prints_demo_credentials_in_production(dash_app, client, monkeypatch):
    assert 'id="demo-credentials"' in client.get("/login").get_data(as_text=True)
    production = dash_app.server.config["SETTINGS"].__class__(
        **{**vars(dash_app.server.config["SETTINGS"]), "env": "production", "load_demo": False}
    )
    monkeypatch.setitem(dash_app.server.config, "SETTINGS", production)
    html = client.get("/login").get_data(as_text=True)
    assert "demo-password" not in html and 'id="demo-credentials"' not in html
