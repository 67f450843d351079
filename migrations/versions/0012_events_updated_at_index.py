"""events.updated_at indexed: the explorer's cached lists check the newest edit in one lookup

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 05:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_events_updated_at"), "events", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_events_updated_at"), table_name="events")
