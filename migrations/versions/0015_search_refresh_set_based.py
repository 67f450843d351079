"""event_search_refresh aggregates the lineups of all ids in one join (bulk inserts: seconds)

The refresh before this ran a correlated subquery per event. Before ANALYZE had seen a bulk
COPY, PostgreSQL planned it as a scan of every artist per event: 20k new events with their
lineups waited 8+ minutes in the statement-level triggers. Fresh installs get the new body from
0006 (``search.install``); this replaces the function of databases upgraded past 0006 before.
SQLite's per-row triggers are unchanged.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 09:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from data.models import search

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = """
CREATE OR REPLACE FUNCTION event_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
INSERT INTO event_search (event_id, doc)
SELECT e.id,
       setweight(to_tsvector('simple', FOLD(coalesce(e.title, ''))), 'A')
       || setweight(to_tsvector('simple', FOLD(coalesce((SELECT string_agg(a.name, ' ')
            FROM event_artists ea JOIN artists a ON a.id = ea.artist_id
            WHERE ea.event_id = e.id), ''))), 'A')
       || setweight(to_tsvector('simple',
            FOLD(coalesce(v.name, '') || ' ' || coalesce(c.name, ''))), 'B')
       || setweight(to_tsvector('simple', FOLD(coalesce(e.description, ''))), 'C')
FROM events e LEFT JOIN venues v ON v.id = e.venue_id LEFT JOIN cities c ON c.id = e.city_id
WHERE e.id = ANY(ids)
ON CONFLICT (event_id) DO UPDATE SET doc = EXCLUDED.doc
$$
"""


def upgrade() -> None:
    search.replace_refresh(op.get_bind())


def downgrade() -> None:
    search.replace_refresh(op.get_bind(), _BEFORE)
