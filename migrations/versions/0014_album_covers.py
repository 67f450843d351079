"""albums.mbid and albums.cover_checked_at: covers from the Cover Art Archive by release group

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 07:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("albums") as batch:
        batch.add_column(sa.Column("mbid", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("cover_checked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("albums") as batch:
        batch.drop_column("cover_checked_at")
        batch.drop_column("mbid")
