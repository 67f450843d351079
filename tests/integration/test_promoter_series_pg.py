"""The daily series query on PostgreSQL (event ids as one array parameter, CTEs, UNION ALL).

Runs the unit tier's comparison with the old computation (tests/unit/test_promoter_series.py)
against a real PostgreSQL schema instead of SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from data.db import make_engine
from data.models import Base
from tests.unit.test_promoter_series import (  # noqa: F401  (fixture and tests run here again)
    busy,
    test_series_draws_the_same_traces_as_the_old_computation,
    test_series_of_another_promoters_event_is_empty,
    test_series_sums_only_the_callers_events_and_ranks_ties_by_id,
)


@pytest.fixture
def db_session(postgres_url) -> Iterator[Session]:
    """A session on a fresh PostgreSQL schema (the unit tests' ``db_session``, on PostgreSQL)."""
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    session = sessionmaker(engine, expire_on_commit=False)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()
