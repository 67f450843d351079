"""Checks shared by the SQLite (unit) and PostgreSQL (integration) migration tests."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from data import migrate
from data.db import make_engine

_PLAYS = [
    (1, "2024-01-01 10:00:00", 180000, 7),
    (1, "2024-01-01 10:03:00", 0, 7),
    (2, "2024-01-01 10:00:00", 180000, 7),
]
_KEYS = text("SELECT user_id, ended_at, ms_played FROM plays ORDER BY user_id, ended_at")
_WITH_IDS = text("SELECT id, user_id, ended_at, ms_played FROM plays ORDER BY user_id, ended_at")


def plays_survive_the_natural_key_migration(url: str) -> None:
    """Plays stored under revision 0001 (surrogate id) are all there after 0002 and back."""
    engine = make_engine(url)
    config = migrate.alembic_config(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        for user_id, ended, ms, track in _PLAYS:
            conn.execute(
                text(
                    "INSERT INTO plays (user_id, ended_at, ms_played, kind, track_id, artist_id, "
                    "source) VALUES (:u, :e, :m, 'music', :t, 3, 'extended')"
                ),
                {"u": user_id, "e": ended, "m": ms, "t": track},
            )
        before = conn.execute(_KEYS).all()
        command.upgrade(config, "head")
        assert conn.execute(_KEYS).all() == before
        command.downgrade(config, "0001")
        rows = conn.execute(_WITH_IDS).all()
        assert [row[1:] for row in rows] == before
        assert len({row[0] for row in rows}) == len(before)  # every play has its own id again
        command.upgrade(config, "head")
    assert not migrate.pending(engine, url)
    assert migrate.drift(engine) == []
    engine.dispose()
