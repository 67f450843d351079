"""Natural keys make duplicates impossible; the migration builds exactly the models' schema."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from data import migrate
from data.db import make_engine
from data.models import (
    Artist,
    Delivery,
    Event,
    EventSource,
    Play,
    Subscription,
    Track,
    User,
)
from data.queries.integrity import orphan_tracks
from tests.migration_checks import plays_survive_the_natural_key_migration


def _user(session) -> User:
    user = User(email="a@example.org", password_hash="x", display_name="A")
    session.add(user)
    session.flush()
    return user


def test_a_play_per_user_time_track_and_length_is_unique(db_session):
    user = _user(db_session)
    artist = Artist(name="Khruangbin", name_key="khruangbin")
    db_session.add(artist)
    db_session.flush()
    track = Track(name="Maria También", artist_id=artist.id, track_key="music|khruangbin|maria")
    db_session.add(track)
    db_session.flush()
    ended = datetime(2024, 5, 1, 21, 30)
    for _ in range(2):
        db_session.add(
            Play(
                user_id=user.id,
                ended_at=ended,
                ms_played=180_000,
                track_id=track.id,
                artist_id=artist.id,
            )
        )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_an_event_source_per_source_and_source_id_is_unique(db_session):
    event = Event(title="Show", local_date=date(2026, 12, 1), timezone="Europe/Berlin")
    db_session.add(event)
    db_session.flush()
    db_session.add_all(
        [
            EventSource(event_id=event.id, source="ticketmaster", source_id="G5v0Z9"),
            EventSource(event_id=event.id, source="ticketmaster", source_id="G5v0Z9"),
        ]
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_an_alert_per_subscription_and_event_is_unique(db_session):
    user = _user(db_session)
    event = Event(title="Show", local_date=date(2026, 12, 1), timezone="UTC")
    sub = Subscription(user_id=user.id, kind="new_show")
    db_session.add_all([event, sub])
    db_session.flush()
    db_session.add_all([Delivery(subscription_id=sub.id, event_id=event.id) for _ in range(2)])
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_migration_on_sqlite_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine, url)
    assert not migrate.pending(engine, url)
    assert migrate.drift(engine) == []


def test_plays_survive_the_natural_key_migration_on_sqlite(tmp_path):
    plays_survive_the_natural_key_migration(f"sqlite:///{tmp_path / 'migrated.db'}")


def test_orphan_tracks_finds_a_track_whose_artist_or_album_is_missing(db_session):
    artist = Artist(name="Khruangbin", name_key="khruangbin")
    db_session.add(artist)
    db_session.flush()
    db_session.add_all(
        [
            Track(name="Fine", artist_id=artist.id, track_key="music|khruangbin|fine"),
            Track(name="No artist", artist_id=artist.id + 1, track_key="music|x|no artist"),
            Track(name="No album", artist_id=artist.id, album_id=99, track_key="music|k|no album"),
        ]
    )
    db_session.flush()
    assert orphan_tracks(db_session) == 2
