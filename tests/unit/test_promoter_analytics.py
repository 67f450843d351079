"""Promoter analytics against hand-counted fixtures (tests/unit/promoter_fixtures.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from data.models import EventInteraction, EventViewerDay, User
from data.queries import promoter_analytics as pa
from data.queries import promoter_audience as aud
from data.queries.promoter_scope import scope_ids
from data.services.rollups import recompute_daily
from tests.unit.promoter_fixtures import DAY, build


@pytest.fixture
def world(db_session):
    return build(db_session)


def _kpi(frame, name):
    return frame.set_index("kpi").loc[name]


def test_kpis_count_the_period_and_compare_with_the_one_before(db_session, world):
    scope = scope_ids(world.alice, False, [world.mine])
    frame = pa.kpis(db_session, scope, DAY, DAY)
    assert _kpi(frame, "impressions")["value"] == 8
    assert _kpi(frame, "impressions")["previous"] == 4
    assert _kpi(frame, "impressions")["change"] == pytest.approx(1.0)
    assert _kpi(frame, "views")["value"] == 6
    assert _kpi(frame, "unique_viewers")["value"] == 6
    assert _kpi(frame, "saves")["value"] == 2
    assert _kpi(frame, "ticket_clicks")["value"] == 1
    assert _kpi(frame, "ctr")["value"] == pytest.approx(1 / 6)
    assert _kpi(frame, "save_rate")["value"] == pytest.approx(2 / 6)


def test_all_own_events_without_a_selection_and_never_anothers(db_session, world):
    own = pa.totals(db_session, scope_ids(world.alice, False), DAY, DAY)
    assert own["impressions"] == 10 and own["views"] == 7
    forged = pa.totals(db_session, scope_ids(world.alice, False, [world.theirs]), DAY, DAY)
    assert forged["impressions"] == 0 and forged["saves"] == 0
    admin = pa.totals(db_session, scope_ids(world.bob, True), DAY, DAY)
    assert admin["impressions"] == 15


def test_funnel_converts_each_step():
    frame = pa.funnel({"impressions": 8, "views": 6, "saves": 2, "ticket_clicks": 1})
    assert frame["count"].tolist() == [8, 6, 2, 1]
    assert frame["conversion"].tolist()[1:] == pytest.approx([6 / 8, 2 / 6, 1 / 2])


def test_daily_series_and_comparison(db_session, world):
    scope = scope_ids(world.alice, False)
    frame = pa.daily(db_session, scope, DAY - timedelta(days=1), DAY)
    views = frame[(frame.kind == "view") & (frame.event_id == world.mine)]
    assert views.sort_values("day")["count"].tolist() == [2, 6]
    overall, lines = pa.series(db_session, scope, DAY - timedelta(days=1), DAY, "impression", 8)
    assert [count for _day, count in overall] == [4, 10]
    assert list(dict.fromkeys(title for _id, title, _day, _n in lines)) == [
        "Alice Night",
        "Alice Matinee",
    ]
    table = pa.compare(db_session, scope, DAY, DAY)
    assert table["title"].tolist() == ["Alice Night", "Alice Matinee"]
    assert table["views"].tolist() == [6, 1]


def test_targeting_by_band_beside_other_events_and_the_city(db_session, world):
    mine = scope_ids(world.alice, False, [world.mine])
    rates = aud.band_rates(aud.band_counts(db_session, mine, DAY, DAY)).set_index("band")
    assert rates.loc["high", "impression_share"] == pytest.approx(6 / 8)
    assert rates.loc["none", "impressions"] == 2
    assert rates.loc["high", "save_rate"] == pytest.approx(2 / 6)
    assert rates.loc["high", "click_rate"] == pytest.approx(1 / 6)
    city = aud.market_counts(db_session, mine, DAY, DAY).set_index("band")
    # Every techno show in Berlin: Alice's night (6 high, 2 none), her matinee (2 low) and
    # Bob's night (5 medium impressions).
    assert city["impressions"].tolist() == [6, 5, 2, 2]
    table = aud.targeting(db_session, {"Mine": mine}, DAY, DAY, market=mine)
    assert table["group"].unique().tolist() == ["Mine", aud.MARKET]


def test_sources_share_of_views(db_session, world):
    frame = aud.sources(db_session, scope_ids(world.alice, False, [world.mine]), DAY, DAY)
    assert frame["source"].tolist() == ["explore", "map"]
    assert frame["views"].tolist() == [4, 2]


def test_unique_viewers_count_a_person_once_across_days(db_session, world):
    # Viewers 0 and 1 opened "mine" on DAY - 1 and again on DAY; viewers 2-5 on DAY only.
    scope = scope_ids(world.alice, False, [world.mine])
    assert pa.unique_viewers(db_session, scope, DAY - timedelta(days=1), DAY) == 6
    assert pa.unique_viewers(db_session, scope, DAY - timedelta(days=1), DAY - timedelta(1)) == 2
    two_days = pa.totals(db_session, scope, DAY - timedelta(days=1), DAY)
    assert two_days["views"] == 8 and two_days["unique_viewers"] == 6
    # Across both of Alice's events: viewer 0 also opened the matinee; still six people.
    everything = scope_ids(world.alice, False)
    assert pa.unique_viewers(db_session, everything, DAY - timedelta(days=1), DAY) == 6
    later = DAY + timedelta(days=1)
    assert pa.unique_viewers(db_session, everything, later, later) == 0


def test_a_guest_counts_by_session_and_an_account_by_its_home_city(db_session, world):
    noon = datetime.combine(DAY, time(12))
    rows = [
        EventInteraction(event_id=world.mine2, session_id="guest-a", kind="view", occurred_at=noon),
        EventInteraction(event_id=world.mine2, session_id="guest-a", kind="view", occurred_at=noon),
        EventInteraction(event_id=world.mine2, session_id="guest-b", kind="view", occurred_at=noon),
        EventInteraction(event_id=world.mine2, user_id=world.bob, kind="save", occurred_at=noon),
    ]
    db_session.add_all(rows)
    db_session.execute(update(User).where(User.id == world.bob).values(home_city_id=world.paris))
    db_session.flush()
    recompute_daily(db_session, DAY, DAY)
    scope = scope_ids(world.alice, False, [world.mine2])
    assert pa.unique_viewers(db_session, scope, DAY, DAY) == 3  # viewer 0, guest a, guest b
    saver = db_session.execute(
        select(EventViewerDay.viewer, EventViewerDay.city_id).where(
            EventViewerDay.event_id == world.mine2, EventViewerDay.kind == "save"
        )
    ).all()
    assert saver == [(f"u{world.bob}", world.paris)]  # no city logged: the account's home city


def test_geography_groups_cities_under_five_people(db_session, world):
    frame = aud.geography(db_session, scope_ids(world.alice, False, [world.mine]), DAY, DAY)
    # Six Berlin viewers are shown; the two Paris impressions had no view or save.
    assert frame[aud.GEOGRAPHY_COLUMNS].to_dict("records") == [
        {"city": "Berlin", "people": 6, "views": 6, "saves": 2}
    ]
    assert frame["city_id"].tolist() == [world.berlin]
    alice_all = aud.geography(db_session, scope_ids(world.alice, False, [world.mine2]), DAY, DAY)
    # One Berlin viewer of the matinee: grouped, never named, and their number not printed.
    assert alice_all[aud.GEOGRAPHY_COLUMNS].to_dict("records") == [
        {"city": aud.OTHER_CITIES, "people": None, "views": 1, "saves": 0}
    ]
    assert alice_all["lat"].isna().all()


def test_geography_counts_a_returning_person_once(db_session, world):
    # Over two days Berlin has 6 people and 8 views (viewers 0 and 1 came back).
    scope = scope_ids(world.alice, False, [world.mine])
    frame = aud.geography(db_session, scope, DAY - timedelta(days=1), DAY)
    assert frame[["city", "people", "views"]].to_dict("records") == [
        {"city": "Berlin", "people": 6, "views": 8}
    ]


@pytest.mark.parametrize("limit", [1, 2, 20])
def test_comparison_is_the_busiest_by_impressions_then_id(db_session, world, limit):
    # A view of the matinee on a day without impressions: it follows, with 0 impressions.
    later = DAY + timedelta(days=1)
    db_session.add(
        EventInteraction(
            event_id=world.mine2,
            user_id=world.bob,
            kind="view",
            occurred_at=datetime.combine(later, time(9)),
        )
    )
    db_session.flush()
    recompute_daily(db_session, later, later)
    for first, last in ((DAY, DAY), (later, later), (DAY - timedelta(days=1), later)):
        scope = scope_ids(world.bob, True)
        table = pa.compare(db_session, scope, first, last, limit=limit)
        daily = pa.daily(db_session, scope, first, last)
        daily = daily[daily["kind"].isin(pa.FUNNEL)]
        wide = daily.pivot_table("count", ["event_id", "title"], "kind", aggfunc="sum")
        wide = wide.reindex(columns=list(pa.FUNNEL)).fillna(0).astype("int64").reset_index()
        wide = wide.sort_values(["impression", "event_id"], ascending=[False, True]).head(limit)
        assert table["event_id"].tolist() == wide["event_id"].tolist()
        assert table["title"].tolist() == wide["title"].tolist()
        assert table["views"].tolist() == wide["view"].tolist()
        assert table["impressions"].tolist() == wide["impression"].tolist()
    assert pa.compare(db_session, scope, later, later, limit)["impressions"].tolist() == [0]
