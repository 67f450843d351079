"""plays: the natural key is the primary key; no surrogate id

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 10:05:00

A play is (user, end time, track, ms played), which was already unique. The surrogate ``id``
cost a sequence value and a second index per row on PostgreSQL, and a second B-tree per row on
SQLite, where the table becomes ``WITHOUT ROWID`` (clustered on the key) and the rows are copied
into the new table. PostgreSQL builds the key's index once more, as the primary key's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = ("user_id", "ended_at", "track_id", "ms_played")
_UNIQUE = "uq_plays_user_id_ended_at_track_id_ms_played"
_COLUMNS = (
    "user_id, ended_at, ms_played, kind, track_id, artist_id, album_id, import_id, source, "
    "skipped, shuffle, offline, incognito, platform, country, reason_start, reason_end"
)


def _play_columns() -> list[sa.Column]:
    return [
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("ms_played", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.Column("album_id", sa.Integer(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("skipped", sa.Boolean(), nullable=True),
        sa.Column("shuffle", sa.Boolean(), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=True),
        sa.Column("incognito", sa.Boolean(), nullable=True),
        sa.Column("platform", sa.String(length=40), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("reason_start", sa.String(length=24), nullable=True),
        sa.Column("reason_end", sa.String(length=24), nullable=True),
    ]


def _sqlite_swap(*constraints: sa.Constraint, with_id: bool, **kwargs) -> None:
    """Copy plays into a table of the wanted shape and put it in the old one's place."""
    columns = _play_columns()
    if with_id:
        columns.insert(0, sa.Column("id", sa.INTEGER(), nullable=False))
    op.create_table("plays_new", *columns, *constraints, **kwargs)
    op.execute(f"INSERT INTO plays_new ({_COLUMNS}) SELECT {_COLUMNS} FROM plays")  # noqa: S608
    op.drop_table("plays")
    op.rename_table("plays_new", "plays")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_swap(
            sa.PrimaryKeyConstraint(*_KEY, name="pk_plays"), with_id=False, sqlite_with_rowid=False
        )
        return
    op.drop_constraint("pk_plays", "plays", type_="primary")
    op.drop_column("plays", "id")
    op.drop_constraint(_UNIQUE, "plays", type_="unique")
    op.create_primary_key("pk_plays", "plays", list(_KEY))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_swap(
            sa.PrimaryKeyConstraint("id", name="pk_plays"),
            sa.UniqueConstraint(*_KEY, name=_UNIQUE),
            with_id=True,
        )
        return
    op.drop_constraint("pk_plays", "plays", type_="primary")
    op.execute("ALTER TABLE plays ADD COLUMN id BIGSERIAL NOT NULL")
    op.create_primary_key("pk_plays", "plays", ["id"])
    op.create_unique_constraint(_UNIQUE, "plays", list(_KEY))
