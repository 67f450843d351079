"""Declarative base with a naming convention so Alembic names constraints the same everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT primary keys on PostgreSQL, INTEGER (rowid alias) on SQLite.
BigId = BigInteger().with_variant(sqlite.INTEGER(), "sqlite")
Json = JSON().with_variant(postgresql.JSONB(), "postgresql")

# For tables whose ids reach a URL or a cookie: SQLite otherwise hands the highest id out again
# after that row is deleted, so an old link or session would point at someone else's row.
# PostgreSQL sequences never go back; the option means nothing there.
NO_ID_REUSE = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    """Naive UTC now: every timestamp column in the schema is UTC without tzinfo."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
