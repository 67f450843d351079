"""The demo generator is deterministic and produces the promised shape."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from data.demo import DEMO_ACCOUNTS, demo_loaded, load_demo, remove_demo
from data.models import City, Event, EventInteraction, Play, User, Venue
from data.queries.integrity import orphan_plays, orphan_tracks

TODAY = date(2026, 11, 23)


def _fingerprint(session) -> tuple:
    events = session.execute(
        select(Event.title, Event.local_date, Event.local_time, Event.price_min).order_by(Event.id)
    ).all()
    plays = session.execute(
        select(Play.ended_at, Play.ms_played, Play.skipped)
        .order_by(Play.ended_at, Play.track_id, Play.ms_played)
        .limit(500)
    ).all()
    return tuple(events), tuple(plays)


def test_same_seed_same_day_gives_identical_data(db_session, tmp_path):
    from sqlalchemy.orm import sessionmaker

    from data.db import make_engine
    from data.models import Base

    load_demo(db_session, TODAY, plays=3_000)
    other_engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    Base.metadata.create_all(other_engine)
    with sessionmaker(other_engine)() as other:
        load_demo(other, TODAY, plays=3_000)
        assert _fingerprint(db_session) == _fingerprint(other)


def test_demo_shape(db_session):
    counts = load_demo(db_session, TODAY, plays=5_000)
    count = lambda model: db_session.scalar(select(func.count()).select_from(model))  # noqa: E731
    assert (
        count(City) == 12 and count(Venue) == 80 and count(Event) == 800 + 700
    )  # the explorer adds 700
    assert count(Play) == 5_000 == counts["plays"]
    last_play = db_session.scalar(select(func.max(Play.ended_at)))
    assert last_play.date() < TODAY  # history up to yesterday, never in the future
    assert (TODAY - db_session.scalar(select(func.min(Play.ended_at))).date()).days <= 730
    assert count(EventInteraction) > 0
    span = db_session.execute(select(func.min(Event.local_date), func.max(Event.local_date))).one()
    assert (TODAY - span[0]).days <= 30 and (span[1] - TODAY).days < 120  # 3 past saved shows
    promoter = db_session.scalar(select(User).where(User.email == "promoter@demo.rewrapped"))
    assert db_session.scalar(select(func.count()).where(Event.promoter_id == promoter.id)) == 20
    assert {a.email for a in DEMO_ACCOUNTS} <= set(db_session.scalars(select(User.email)))


def test_removing_demo_data_hides_demo_credentials(db_session):
    load_demo(db_session, TODAY, plays=1_000)
    assert demo_loaded(db_session)
    remove_demo(db_session)
    assert not demo_loaded(db_session)
    assert db_session.scalar(select(func.count()).select_from(Event)) == 0
    assert db_session.scalar(select(func.count()).select_from(Play)) == 0
    assert orphan_plays(db_session) == orphan_tracks(db_session) == 0
