"""PostgreSQL sequences never hand a deleted row's id out again (the SQLite test's twin)."""

from __future__ import annotations

from tests.migration_checks import ids_are_never_reused


def test_ids_are_never_reused_on_postgresql(postgres_url):
    ids_are_never_reused(postgres_url)
