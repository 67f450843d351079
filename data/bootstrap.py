"""Database preparation at start: connect, migrate (embedded) or check (production), seed demo."""

from __future__ import annotations

import logging

from data import migrate
from data.db import Database, init_database
from settings import Settings

log = logging.getLogger(__name__)


SCHEMA_MESSAGE = "The database schema is out of date: run `flask --app app db-upgrade`."


def prepare_database(settings: Settings) -> tuple[Database, bool]:
    """Connect, migrate (not in production) and seed; returns (database, schema_current)."""
    db = init_database(settings)
    if settings.env == "production":
        if migrate.pending(db.engine, settings.database_url):
            # Production migrates explicitly; requests get 503 until then, the CLI still works.
            log.error(SCHEMA_MESSAGE)
            return db, False
    else:
        migrate.upgrade(db.engine, settings.database_url)
    if settings.load_demo:
        from data.demo import load_demo_if_empty

        with db.session_scope() as session:
            if load_demo_if_empty(session, artwork_dir=settings.instance_dir):
                log.info("Loaded the demo data set (first start)")
    return db, True
