"""Checks shared by the SQLite (unit) and PostgreSQL (integration) migration tests."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

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


def ids_are_never_reused(url: str) -> None:
    """A deleted user's, event's or saved view's id is never handed to a new row."""
    from sqlalchemy.orm import Session

    from data.models import Event, SavedView, User

    engine = make_engine(url)
    migrate.upgrade(engine, url)

    def make(kind: str):
        if kind == "user":
            return User(email=f"{uuid4().hex}@example.org", password_hash="x", display_name="U")
        if kind == "event":
            return Event(title="Show", local_date=date(2026, 12, 1), timezone="UTC")
        return SavedView(owner_id=keeper, name="v", path="/map", token=uuid4().hex)

    with Session(engine) as session:
        keeper_row = make("user")
        session.add(keeper_row)
        session.commit()
        keeper = keeper_row.id
        for kind in ("user", "event", "view"):
            row = make(kind)
            session.add(row)
            session.commit()
            old_id = row.id
            session.delete(row)
            session.commit()
            again = make(kind)
            session.add(again)
            session.commit()
            assert again.id > old_id, f"{kind} id {old_id} was handed out again"
    engine.dispose()
