"""promoter tools: sponsored events, doors time, role requests, talent shortlist, breakdown rollup

Revision ID: 0009
Revises: 0003
Create Date: 2026-12-07 04:40:00

Targeting and sources need interactions split by match band and page, geography by viewer
city: ``event_interaction_breakdown`` and ``event_audience_daily`` keep that per day so
analytics never scan the raw log.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: on SQLite a rebuild of events would trip the
    # search triggers of 0006, which name the table. The default stays (harmless, and it is
    # what SQLite needs to add a NOT NULL column).
    op.add_column(
        "events", sa.Column("sponsored", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("events", sa.Column("doors_time", sa.Time(), nullable=True))
    op.create_table(
        "role_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_role_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_role_requests_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_requests")),
    )
    with op.batch_alter_table("role_requests") as batch_op:
        batch_op.create_index("ix_role_requests_status", ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_requests_user_id"), ["user_id"], unique=False)
    op.create_table(
        "talent_shortlist",
        sa.Column("promoter_id", sa.Integer(), nullable=False),
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promoter_id"],
            ["users.id"],
            name=op.f("fk_talent_shortlist_promoter_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["artist_id"],
            ["artists.id"],
            name=op.f("fk_talent_shortlist_artist_id_artists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("promoter_id", "artist_id", name=op.f("pk_talent_shortlist")),
    )
    op.create_table(
        "event_interaction_breakdown",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("band", sa.String(length=8), nullable=False),
        sa.Column("page", sa.String(length=40), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("unique_users", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_interaction_breakdown_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id",
            "day",
            "kind",
            "band",
            "page",
            name=op.f("pk_event_interaction_breakdown"),
        ),
    )

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


    op.create_table(
        "market_band_daily",
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("genre_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("band", sa.String(length=8), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "city_id", "genre_id", "day", "kind", "band", name=op.f("pk_market_band_daily")
        ),
    )


def downgrade() -> None:
    op.drop_table("market_band_daily")
    op.drop_table("event_audience_daily")
    op.drop_table("event_interaction_breakdown")
    op.drop_table("talent_shortlist")
    with op.batch_alter_table("role_requests") as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_requests_user_id"))
        batch_op.drop_index("ix_role_requests_status")
    op.drop_table("role_requests")
    # SQLite (3.35+) drops a plain column in place, so no rebuild meets 0006's triggers.
    op.execute("ALTER TABLE events DROP COLUMN doors_time")
    op.execute("ALTER TABLE events DROP COLUMN sponsored")
