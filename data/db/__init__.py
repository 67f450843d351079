"""Ground floor of ``data/``: the engine and session factory, and the SQL plumbing.

The engine and session factory are built once per process from Settings. The submodules hold
the SQL plumbing every higher floor shares: bulk inserts and list filters (``bulk``,
``pg_copy``), where ingestion's writes go (``writes``), the per-user data version
(``data_version``) and pausing garbage collection for bulk work (``gc_pause``).
Imports only ``data.models`` and ``settings``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from settings import Settings


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be reached; the message is meant for a human."""


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine
    sessionmaker: sessionmaker[Session]

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


_DATABASE: Database | None = None


def make_engine(url: str) -> Engine:
    """An engine with the pragmas each backend needs (SQLite: WAL, foreign keys, busy timeout)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        _fast_sqlite_binds()
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _fast_sqlite_binds() -> None:
    """Bind bools and None without the driver's failed adapter search.

    ``sqlite3`` binds only exact ints, floats, str and bytes directly; anything else is first
    looked up as an adaptable object, and a miss (two attribute lookups that fail) made a bool
    or None cost three times an int: two of a million-play import's seconds on SQLite. A
    registered adapter is one dict hit and a C call; the values stored are the same (a bool is
    stored as 1 or 0 either way, None as NULL). Registering again replaces, so repeats are safe.
    """
    sqlite3.register_adapter(bool, int)
    sqlite3.register_adapter(type(None), {}.get)  # {}.get(None) is None: bound as NULL


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_database(settings: Settings) -> Database:
    """Create (once per process) the engine for ``settings.database_url`` and check it answers."""
    global _DATABASE
    if _DATABASE is not None and _DATABASE.url == settings.database_url:
        return _DATABASE
    if settings.is_sqlite:
        settings.instance_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"DATABASE_URL: cannot connect to {engine.url.render_as_string(hide_password=True)}"
            f" ({reason})"
        ) from None
    _DATABASE = Database(
        settings.database_url, engine, sessionmaker(engine, expire_on_commit=False)
    )
    return _DATABASE


def get_database() -> Database:
    """The process's database; init_database must have run (app factory, worker or CLI)."""
    if _DATABASE is None:
        raise RuntimeError("init_database(settings) has not been called in this process")
    return _DATABASE


@contextmanager
def session_scope() -> Iterator[Session]:
    """Shorthand for ``get_database().session_scope()``: the edge owns the transaction."""
    with get_database().session_scope() as session:
        yield session
