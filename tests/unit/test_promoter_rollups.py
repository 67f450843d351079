"""The promoter-wide rollups answer "all my events" exactly as the per-event ones do.

``AllEvents`` reads ``data.models.promoter_rollups``; these tests compare its KPIs, match
bands, sources, city average and geography with the same reads over the listed event ids
(``scope_ids``), across a month boundary, after a delete, and after the rollup job's first run
fills them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from data.feeds.manual import from_fields
from data.feeds.promoter_form import validate
from data.models import Event, EventInteraction, PromoterBreakdownDaily, PromoterViewerMonth
from data.models.promoter_rollups import month_number, period_masks
from data.queries import promoter_analytics as pa
from data.queries import promoter_audience as aud
from data.queries.promoter_events import known
from data.queries.promoter_scope import AllEvents, caller_scope, scope_ids
from data.services.feed_runs import ingest_events
from data.services.promoter_events import delete_event, save_event
from data.services.promoter_rollups import first_unrolled_promoter_day, recompute_promoters
from data.services.rollups import recompute_daily
from tests.unit.promoter_fixtures import DAY, build

WINDOWS = [
    (DAY, DAY),
    (DAY - timedelta(days=1), DAY),
    (DAY - timedelta(days=1), DAY - timedelta(days=1)),
    (date(2026, 10, 31), date(2026, 11, 1)),
    (date(2026, 10, 1), date(2026, 12, 31)),
    (DAY + timedelta(days=1), DAY + timedelta(days=3)),
]


@pytest.fixture
def world(db_session):
    world = build(db_session)
    # One viewer on both sides of the month boundary, on Alice's matinee.
    for day in (date(2026, 10, 31), date(2026, 11, 1)):
        db_session.add(
            EventInteraction(
                event_id=world.mine2,
                user_id=world.bob,
                kind="view",
                occurred_at=datetime.combine(day, time(23, 30)),
            )
        )
    db_session.flush()
    recompute_daily(db_session, date(2026, 10, 30), date(2026, 11, 2))
    return world


def _both(session, promoter: int | None, admin_id: int, first: date, last: date):
    whole = pa.totals(session, AllEvents(promoter), first, last)
    listed = scope_ids(admin_id if promoter is None else promoter, promoter is None)
    return whole, pa.totals(session, listed, first, last)


@pytest.mark.parametrize(("first", "last"), WINDOWS)
def test_all_events_totals_equal_the_per_event_ones(db_session, world, first, last):
    for promoter in (world.alice, world.bob, None):
        whole, listed = _both(db_session, promoter, world.bob, first, last)
        assert whole == listed, (promoter, first, last)


@pytest.mark.parametrize(("first", "last"), WINDOWS)
def test_all_events_series_equals_the_per_event_one(db_session, world, first, last):
    for promoter in (world.alice, world.bob, None):
        listed = scope_ids(world.bob if promoter is None else promoter, promoter is None)
        for kind in ("impression", "view", "save"):
            mine = pa.series(db_session, AllEvents(promoter), first, last, kind, 1)
            assert mine == pa.series(db_session, listed, first, last, kind, 1)


@pytest.mark.parametrize(("first", "last"), WINDOWS)
def test_all_events_audience_equals_the_per_event_one(db_session, world, first, last):
    for promoter in (world.alice, world.bob, None):
        whole = AllEvents(promoter)
        listed = scope_ids(world.bob if promoter is None else promoter, promoter is None)
        for read in (aud.band_counts, aud.sources, aud.geography, aud.market_counts):
            mine = read(db_session, whole, first, last)
            theirs = read(db_session, listed, first, last)
            assert mine.equals(theirs), (read.__name__, promoter, first, last, mine, theirs)


def test_a_viewer_on_both_sides_of_a_month_counts_once(db_session, world):
    alice = AllEvents(world.alice)
    assert pa.totals(db_session, alice, date(2026, 10, 31), date(2026, 11, 1))["views"] == 2
    assert (
        pa.totals(db_session, alice, date(2026, 10, 31), date(2026, 11, 1))["unique_viewers"] == 1
    )
    assert (
        pa.totals(db_session, alice, date(2026, 10, 31), date(2026, 10, 31))["unique_viewers"] == 1
    )
    assert (
        pa.totals(db_session, alice, date(2026, 10, 30), date(2026, 10, 30))["unique_viewers"] == 0
    )


def test_kpis_of_all_events_compare_with_the_period_before(db_session, world):
    whole = pa.kpis(db_session, AllEvents(world.alice), DAY, DAY)
    listed = pa.kpis(db_session, scope_ids(world.alice, False), DAY, DAY)
    assert whole.equals(listed)
    assert whole.set_index("kpi").loc["impressions", "value"] == 10


def test_caller_scope_lists_ids_only_for_a_selection(world):
    assert caller_scope(world.alice, False, []) == AllEvents(world.alice)
    assert caller_scope(world.alice, True, None) == AllEvents(None)
    assert caller_scope(world.alice, False, ["x"]) == AllEvents(world.alice)
    assert not isinstance(caller_scope(world.alice, False, [world.mine]), AllEvents)


def test_a_deleted_event_leaves_the_promoters_totals(db_session, world):
    delete_event(db_session, world.alice, False, world.mine)
    for first, last in WINDOWS:
        whole, listed = _both(db_session, world.alice, world.bob, first, last)
        assert whole == listed, (first, last)
    assert pa.totals(db_session, AllEvents(world.alice), DAY, DAY)["impressions"] == 2


def test_empty_promoter_rollups_are_summed_from_the_per_event_ones(db_session, world):
    first = first_unrolled_promoter_day(db_session)
    assert first is None  # filled by recompute_daily already
    db_session.execute(delete(PromoterBreakdownDaily))
    db_session.execute(delete(PromoterViewerMonth))
    assert first_unrolled_promoter_day(db_session) == date(2026, 10, 31)
    recompute_promoters(db_session, date(2026, 10, 31), DAY + timedelta(days=1))
    for first, last in WINDOWS:
        whole, listed = _both(db_session, None, world.bob, first, last)
        assert whole == listed
    assert db_session.scalar(select(func.count()).select_from(PromoterViewerMonth)) > 0


@given(
    st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_period_masks_hold_exactly_the_days_of_the_period(first, length):
    last = first + timedelta(days=length)
    days = set()
    for month, mask, whole in period_masks(first, last):
        year, index = divmod(month, 12)
        for d in range(1, 32):
            if mask >> (d - 1) & 1:
                days.add(date(year, index + 1, d))
        start = date(year, index + 1, 1)
        assert whole == (
            start >= first
            and (start + timedelta(days=31)).replace(day=1) - timedelta(days=1) <= last
        )
    assert days == {first + timedelta(days=i) for i in range(length + 1)}
    assert [m for m, _mask, _w in period_masks(first, last)] == list(
        range(month_number(first), month_number(last) + 1)
    )


def test_a_feeds_copy_that_becomes_a_promoters_brings_its_history(db_session, world):
    form = {
        "title": "Warehouse Sessions",
        "artists": [],
        "new_artists": "Newcomer",
        "venue_id": db_session.scalar(select(Event.venue_id).where(Event.id == world.mine)),
        "date": (DAY + timedelta(days=20)).isoformat(),
        "time": "23:00",
        "genres": ["Techno"],
        "currency": "EUR",
    }
    fields = validate(form, known(db_session), DAY)
    fields.pop("doors"), fields.pop("sponsored")
    ingest_events(db_session, "csv", [from_fields("csv", "wh-1", fields)])
    copy = db_session.scalar(select(Event.id).where(Event.title == "Warehouse Sessions"))
    noon = datetime.combine(DAY, time(12))
    db_session.add_all(
        EventInteraction(event_id=copy, user_id=world.bob, kind=kind, occurred_at=noon)
        for kind in ("impression", "view", "save")
    )
    db_session.flush()
    recompute_daily(db_session, DAY, DAY)
    before = pa.totals(db_session, AllEvents(world.alice), DAY, DAY)
    assert save_event(db_session, world.alice, False, None, form, DAY) == copy
    after = pa.totals(db_session, AllEvents(world.alice), DAY, DAY)
    assert after["impressions"] == before["impressions"] + 1
    assert after == pa.totals(db_session, scope_ids(world.alice, False), DAY, DAY)
