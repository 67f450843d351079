"""The promoter-wide rollups on PostgreSQL (bit masks, FILTER, extract): the unit tier's
comparisons with the per-event rollups (tests/unit/test_promoter_rollups.py), run again."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.unit.test_promoter_rollups import (  # noqa: F401  (fixture and tests run here again)
    test_a_deleted_event_leaves_the_promoters_totals,
    test_a_feeds_copy_that_becomes_a_promoters_brings_its_history,
    test_a_viewer_on_both_sides_of_a_month_counts_once,
    test_all_events_audience_equals_the_per_event_one,
    test_all_events_series_equals_the_per_event_one,
    test_all_events_totals_equal_the_per_event_ones,
    test_empty_promoter_rollups_are_summed_from_the_per_event_ones,
    test_kpis_of_all_events_compare_with_the_period_before,
    world,
)


@pytest.fixture
def db_session(postgres_db_session: Session) -> Session:
    """The unit tests' ``db_session``, on PostgreSQL."""
    return postgres_db_session
