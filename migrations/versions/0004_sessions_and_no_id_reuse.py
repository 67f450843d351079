"""login sessions; SQLite never reuses ids that reach a URL or a cookie

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 04:50:00

``login_sessions`` holds one row per login (the SHA-256 of the token its cookies carry).

Without ``AUTOINCREMENT`` SQLite gives the highest id out again once that row is deleted: a
deleted user's old cookie then opened the next registered account, and an old link to an event
or a saved view could open another one. Each such table is rebuilt with ``AUTOINCREMENT`` and
its rows copied (SQLite cannot add it in place); PostgreSQL sequences never go back, so nothing
changes there. The rebuild drops and renames parent tables: with foreign keys on, dropping
``users`` would first delete every row that cascades from it, so foreign keys are off (outside
any transaction, where SQLite honours the pragma) while the tables are swapped, and checked
before they are switched on again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_login_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_login_sessions")),
    )
    with op.batch_alter_table("login_sessions") as batch_op:
        batch_op.create_index(batch_op.f("ix_login_sessions_user_id"), ["user_id"], unique=False)
    _rebuild_sqlite_tables(autoincrement=True)


def downgrade() -> None:
    _rebuild_sqlite_tables(autoincrement=False)
    with op.batch_alter_table("login_sessions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_sessions_user_id"))
    op.drop_table("login_sessions")


def _rebuild_sqlite_tables(*, autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    raw = bind.connection.dbapi_connection
    raw.commit()  # the pragma is ignored inside a transaction
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        for table in TABLES:
            with op.batch_alter_table(
                table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
            ):
                pass
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
        raw.commit()
    except BaseException:
        raw.rollback()  # so the pragma below runs outside a transaction and takes effect
        raise
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
