"""Short event lists carry their venue and city names, and keep events that have neither."""

from __future__ import annotations

from data.models import Artist, Event, EventArtist
from data.queries.listening.artist import artist_shows
from data.queries.promoter_scope import own_events
from tests.unit.promoter_fixtures import DAY, build


def test_own_events_name_the_place_latest_first_and_keep_a_placeless_event(db_session):
    world = build(db_session)
    placeless = Event(
        title="Alice Secret Show", local_date=DAY, timezone="UTC", promoter_id=world.alice
    )
    db_session.add(placeless)
    db_session.flush()

    frame = own_events(db_session, world.alice, admin=False)

    assert list(frame.columns) == [
        "id",
        "title",
        "local_date",
        "local_time",
        "status",
        "sponsored",
        "venue",
        "city",
    ]
    assert frame["id"].tolist() == [placeless.id, world.mine2, world.mine]
    assert frame[["venue", "city"]].iloc[0].isna().all()
    assert frame[["venue", "city"]].iloc[1:].values.tolist() == [["Tresor", "Berlin"]] * 2


def test_an_admin_sees_every_promoters_events_with_their_places(db_session):
    world = build(db_session)
    frame = own_events(db_session, world.bob, admin=True)
    assert set(frame["id"]) == {world.mine, world.mine2, world.theirs}
    assert set(frame["city"]) == {"Berlin"}


def test_an_artists_upcoming_shows_name_their_place_and_skip_cancelled_ones(db_session):
    world = build(db_session)
    artist = Artist(name="Ada", name_key="ada")
    db_session.add(artist)
    db_session.flush()
    cancelled = db_session.get(Event, world.theirs)
    cancelled.status = "cancelled"
    for event_id in (world.mine, world.theirs):
        db_session.add(EventArtist(event_id=event_id, artist_id=artist.id))
    db_session.flush()

    frame = artist_shows(db_session, artist.id, DAY)

    assert frame["id"].tolist() == [world.mine]
    assert frame[["venue", "city"]].values.tolist() == [["Tresor", "Berlin"]]
    assert "ticket_url" in frame.columns
