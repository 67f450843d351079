"""event_viewer_days: distinct viewers per event and day, for exact unique viewers over a period

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 07:30:00

"Unique viewers" summed each day's distinct viewers, so a person who came back on a second day
counted twice. One row per (event, kind, day, viewer) makes the count exact for any period and
any set of events, and gives geography distinct people per home city; it replaces
``event_audience_daily``. The rollup job refills it from the raw log when it is empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_viewer_days",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("viewer", sa.String(length=40), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_viewer_days_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "kind", "day", "viewer", name=op.f("pk_event_viewer_days")
        ),
    )
    op.drop_table("event_audience_daily")


def downgrade() -> None:
    op.create_table(
        "event_audience_daily",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("unique_users", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_audience_daily_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "day", "kind", "city_id", name=op.f("pk_event_audience_daily")
        ),
    )
    op.drop_table("event_viewer_days")
