"""Apply and check Alembic migrations programmatically (app start, CLI, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.runtime.migration import MigrationContext as _Ctx
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from data.models import Base
from data.models.search import is_search_table

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(engine: Engine, database_url: str) -> None:
    """Apply every pending migration on ``engine``."""
    cfg = alembic_config(database_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def pending(engine: Engine, database_url: str) -> bool:
    """True when the database is not at the newest revision."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    with engine.connect() as conn:
        current = set(_Ctx.configure(conn).get_current_heads())
    return current != set(script.get_heads())


def drift(engine: Engine) -> list:
    """Differences between the migrated schema and the models (empty when they agree)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": _not_search}
        )
        return compare_metadata(ctx, Base.metadata)


def _not_search(name, type_, _parent) -> bool:
    # The search table is trigger-maintained DDL, not a model (see data.models.search).
    return not (type_ == "table" and is_search_table(name))
