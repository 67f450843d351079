"""The daily series query on PostgreSQL (event ids as one array parameter, CTEs, UNION ALL).

Runs the unit tier's comparison with the old computation (tests/unit/test_promoter_series.py)
against a real PostgreSQL schema instead of SQLite.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.unit.test_promoter_series import (  # noqa: F401  (fixture and tests run here again)
    busy,
    test_series_draws_the_same_traces_as_the_old_computation,
    test_series_of_another_promoters_event_is_empty,
    test_series_sums_only_the_callers_events_and_ranks_ties_by_id,
)


@pytest.fixture
def db_session(postgres_db_session: Session) -> Session:
    """The unit tests' ``db_session``, on PostgreSQL."""
    return postgres_db_session
