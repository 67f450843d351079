"""promoter_interaction_daily and promoter_viewer_months: KPIs of all a promoter's events

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 10:40:00

The KPIs of "all my events" summed the per-event rollups and counted distinct people over every
viewer-day of every event, so their cost followed the log (measured: 11x from 1M to 10M
interactions). Per promoter and day, and per promoter, person and month with a day bitmask, it
follows the days and the audience instead. The rollup job sums them from the per-event rollups
once when they are empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "promoter_interaction_daily",
        sa.Column("promoter_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promoter_id"],
            ["users.id"],
            name=op.f("fk_promoter_interaction_daily_promoter_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "promoter_id", "day", "kind", name=op.f("pk_promoter_interaction_daily")
        ),
    )
    op.create_table(
        "promoter_viewer_months",
        sa.Column("promoter_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("viewer", sa.String(length=40), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promoter_id"],
            ["users.id"],
            name=op.f("fk_promoter_viewer_months_promoter_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "promoter_id", "month", "viewer", name=op.f("pk_promoter_viewer_months")
        ),
    )


def downgrade() -> None:
    op.drop_table("promoter_viewer_months")
    op.drop_table("promoter_interaction_daily")
