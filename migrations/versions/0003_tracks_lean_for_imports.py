"""tracks: no foreign keys to artists and albums, no index on artist_id

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 11:20:00

An import creates tens of thousands of tracks; checking their two foreign keys per row was a
third of the server's time for them. The resolver creates a track's artist and album first,
in the same transaction, and neither is ever deleted. Nothing looks tracks up by artist, so
its index only cost writes (see ``data.models.music.Track``).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tracks") as batch_op:
        batch_op.drop_index("ix_tracks_artist_id")
        batch_op.drop_constraint("fk_tracks_album_id_albums", type_="foreignkey")
        batch_op.drop_constraint("fk_tracks_artist_id_artists", type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("tracks") as batch_op:
        batch_op.create_foreign_key(
            "fk_tracks_artist_id_artists", "artists", ["artist_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key(
            "fk_tracks_album_id_albums", "albums", ["album_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_tracks_artist_id", ["artist_id"], unique=False)
