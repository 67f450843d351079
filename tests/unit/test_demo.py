"""The demo generator is deterministic and produces the promised shape."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from data.demo import DEMO_ACCOUNTS, demo_loaded, load_demo, remove_demo
from data.demo import geography as geo_demo
from data.demo.spoken import SPOKEN
from data.models import City, Event, EventInteraction, Play, User, Venue
from data.queries.genre_audience import listeners_by_city
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
        count(City) == 12 and count(Venue) == 80 and count(Event) == 800 + 700 + geo_demo.EVENTS
    )  # explorer, map
    listener = select(User.id).where(User.email == "listener@demo.rewrapped").scalar_subquery()
    spoken = sum(parts for _kind, parts, _minutes in SPOKEN.values())
    listener_plays = db_session.scalar(select(func.count()).where(Play.user_id == listener))
    assert listener_plays == 5_000 + spoken == counts["plays"]
    assert count(Play) > listener_plays  # the demo crowds (map, promoter audience) listen too
    kinds = dict(db_session.execute(select(Play.kind, func.count()).group_by(Play.kind)).all())
    assert kinds["podcast"] > 0 and kinds["audiobook"] > 0  # those views are not empty
    last_play = db_session.scalar(select(func.max(Play.ended_at)).where(Play.user_id == listener))
    assert last_play.date() < TODAY  # history up to yesterday, never in the future
    first_play = db_session.scalar(select(func.min(Play.ended_at)).where(Play.user_id == listener))
    assert (TODAY - first_play.date()).days <= 730
    assert count(EventInteraction) > 0
    explorer = Event.ticket_url.notlike("%/demo/map/%")  # the map's own shows span past months
    span = db_session.execute(
        select(func.min(Event.local_date), func.max(Event.local_date)).where(explorer)
    ).one()
    assert (TODAY - span[0]).days <= 30 and (span[1] - TODAY).days < 120  # 3 past saved shows
    promoter = db_session.scalar(select(User).where(User.email == "promoter@demo.rewrapped"))
    assert db_session.scalar(select(func.count()).where(Event.promoter_id == promoter.id)) == 20
    assert {a.email for a in DEMO_ACCOUNTS} <= set(db_session.scalars(select(User.email)))


def test_demo_fills_the_map_audience_layers(db_session):
    load_demo(db_session, TODAY, plays=1_000)
    shown, elsewhere = listeners_by_city(db_session, ())
    assert len(shown) >= 8 and shown["people"].min() >= 5
    assert elsewhere > 0  # the two smallest demo crowds are merged, never shown
    past = db_session.scalar(select(func.count()).where(Event.local_date < TODAY))
    assert past > 1_000


def test_removing_demo_data_hides_demo_credentials(db_session):
    load_demo(db_session, TODAY, plays=1_000)
    assert demo_loaded(db_session)
    remove_demo(db_session)
    assert not demo_loaded(db_session)
    assert db_session.scalar(select(func.count()).select_from(Event)) == 0
    assert db_session.scalar(select(func.count()).select_from(Play)) == 0
    assert orphan_plays(db_session) == orphan_tracks(db_session) == 0


def test_demo_listener_has_spotify_top_lists_over_time(db_session):
    from data.models import TopSnapshot
    from data.queries.spotify import top_history

    load_demo(db_session, TODAY, plays=2_000)
    listener = db_session.scalar(select(User).where(User.email == "listener@demo.rewrapped"))
    history = top_history(db_session, listener.id, "tracks", "short_term")
    assert history["taken_on"].nunique() == 60 and history["rank"].max() == 15
    assert history["track"].notna().all() and history["artist"].notna().all()
    assert db_session.scalar(select(func.count()).select_from(TopSnapshot)) == 60 * 15 * 6
