"""The promoter-wide rollups on PostgreSQL (bit masks, FILTER, extract): the unit tier's
comparisons with the per-event rollups (tests/unit/test_promoter_rollups.py), run again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from data.db import make_engine
from data.models import Base
from tests.unit.test_promoter_rollups import (  # noqa: F401  (fixture and tests run here again)
    test_a_deleted_event_leaves_the_promoters_totals,
    test_a_feeds_copy_that_becomes_a_promoters_brings_its_history,
    test_a_viewer_on_both_sides_of_a_month_counts_once,
    test_all_events_audience_equals_the_per_event_one,
    test_all_events_series_equals_the_per_event_one,
    test_all_events_totals_equal_the_per_event_ones,
    test_kpis_of_all_events_compare_with_the_period_before,
    test_the_job_fills_empty_promoter_rollups_from_the_per_event_ones,
    world,
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
