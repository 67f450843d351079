"""SQLite never hands a deleted row's id to a new one where ids reach URLs and cookies."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from data import migrate
from data.db import make_engine
from tests.migration_checks import ids_are_never_reused

TABLES = (
    "users",
    "artists",
    "albums",
    "tracks",
    "imports",
    "venues",
    "events",
    "feed_runs",
    "subscriptions",
    "saved_views",
)


def test_ids_are_never_reused_on_sqlite(tmp_path):
    ids_are_never_reused(f"sqlite:///{tmp_path / 'reuse.db'}")


def test_models_ask_for_autoincrement_where_ids_reach_urls(db_session):
    schema = dict(db_session.execute(text("SELECT name, sql FROM sqlite_master")).all())
    assert [t for t in TABLES if "AUTOINCREMENT" not in schema[t]] == []


def test_the_rebuild_keeps_every_row_and_the_highest_id(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    config = migrate.alembic_config(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.execute(
            text(
                "INSERT INTO users (id, email, password_hash, display_name, timezone, is_demo, "
                "data_version, created_at) VALUES (1, 'a@x.org', 'h', 'A', 'UTC', 0, 0, "
                "'2026-01-01'), (2, 'b@x.org', 'h', 'B', 'UTC', 0, 0, '2026-01-01')"
            )
        )
        conn.execute(text("INSERT INTO user_roles VALUES (1, 'listener'), (2, 'admin')"))
        conn.execute(
            text(
                "INSERT INTO saved_views (owner_id, name, path, query, visibility, token, "
                "created_at) VALUES (1, 'v', '/map', '', 'private', 't1', '2026-01-01')"
            )
        )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM user_roles")).scalar() == 2
        assert conn.execute(text("SELECT count(*) FROM saved_views")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        conn.execute(text("DELETE FROM users WHERE id = 2"))
        conn.execute(
            text(
                "INSERT INTO users (email, password_hash, display_name, timezone, is_demo, "
                "data_version, created_at) VALUES ('c@x.org', 'h', 'C', 'UTC', 0, 0, '2026-01-01')"
            )
        )
        assert conn.execute(text("SELECT max(id) FROM users")).scalar() == 3
    assert migrate.drift(engine) == []
    engine.dispose()
