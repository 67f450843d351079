"""Settings: embedded defaults, generated secrets, production refusals, one error per bad value."""

from __future__ import annotations

import pytest

from settings import Settings, SettingsError
from tests.conftest import TEST_FERNET


def test_embedded_default_uses_sqlite_under_instance_and_keeps_generated_secret(tmp_path):
    first = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    second = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    assert first.database_url == f"sqlite:///{tmp_path / 'rewrapped.db'}"
    assert first.embedded and first.is_sqlite
    assert first.secret_key == second.secret_key and len(first.secret_key) > 40
    assert first.token_encryption_key == second.token_encryption_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # owner-only


def test_redis_url_switches_to_scaled_topology(tmp_path):
    settings = Settings.from_env(
        {"INSTANCE_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/0"}
    )
    assert not settings.embedded


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"ENV": "production"}, "SECRET_KEY"),
        ({"ENV": "production", "SECRET_KEY": "dev-abcdefghijklmnopqrstuvwxyz"}, "SECRET_KEY"),
        (
            {"ENV": "production", "SECRET_KEY": "a-real-secret-0123456789abcdef"},
            "TOKEN_ENCRYPTION_KEY",
        ),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"SMTP_PORT": "seventy"}, "SMTP_PORT"),
        ({"SMTP_PORT": "70000"}, "SMTP_PORT"),
        ({"PORT": "0"}, "PORT"),
        ({"PORT": "http"}, "PORT"),
        ({"SESSION_COOKIE_SECURE": "maybe"}, "SESSION_COOKIE_SECURE"),
        ({"TOKEN_ENCRYPTION_KEY": "short"}, "TOKEN_ENCRYPTION_KEY"),
        ({"DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE"),
        ({"MAX_UPLOAD_MB": "0"}, "MAX_UPLOAD_MB"),
        ({"TILE_URL": "https://tiles.example/tile.png"}, "TILE_URL"),
        (
            {"SPOTIFY_REDIRECT_URI": "http://localhost:8050/spotify/callback"},
            "SPOTIFY_REDIRECT_URI",
        ),
        ({"ENV": "staging"}, "ENV"),
    ],
)
def test_bad_value_stops_startup_naming_the_variable(tmp_path, env, variable):
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"INSTANCE_DIR": str(tmp_path), **env})
    assert str(err.value).startswith(f"{variable}:")


def test_production_accepts_real_secrets(tmp_path):
    settings = Settings.from_env(
        {
            "INSTANCE_DIR": str(tmp_path),
            "ENV": "production",
            "SECRET_KEY": "a-real-secret-0123456789abcdef",
            "TOKEN_ENCRYPTION_KEY": TEST_FERNET,
            "EVENTBRITE_ORGANIZERS": "123, 456",
        }
    )
    assert settings.env == "production"
    assert settings.eventbrite_organizers == ("123", "456")
    assert not (tmp_path / "secret_key").exists()  # production never generates secrets
