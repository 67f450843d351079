"""genre_lookups: when each artist was last asked of a keyless genre source (MusicBrainz)

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "genre_lookups",
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["artist_id"],
            ["artists.id"],
            name=op.f("fk_genre_lookups_artist_id_artists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("artist_id", "source", name=op.f("pk_genre_lookups")),
    )
    op.create_index(
        op.f("ix_genre_lookups_checked_at"), "genre_lookups", ["checked_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_genre_lookups_checked_at"), table_name="genre_lookups")
    op.drop_table("genre_lookups")
