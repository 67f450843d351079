"""event explorer: full-text search, calendar feed tokens, anonymous viewer ids

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-07 05:00:00

``event_search`` is an FTS5 table on SQLite and a tsvector table with a GIN index on
PostgreSQL, both kept current by triggers (see ``data.models.search``) and filled here from
the events already stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data.models import search

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_tokens",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_tokens_token_hash")),
    )
    with op.batch_alter_table("event_interactions") as batch_op:
        batch_op.add_column(sa.Column("session_id", sa.String(length=32), nullable=True))
    search.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    for sql in search.DROP.get(bind.dialect.name, []):
        bind.exec_driver_sql(sql)
    with op.batch_alter_table("event_interactions") as batch_op:
        batch_op.drop_column("session_id")
    op.drop_table("calendar_tokens")
