"""Event search on both databases: the index follows every write; typos in artist names match."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import sessionmaker

from data import migrate
from data.db import make_engine
from data.models import Artist, City, Event, EventArtist, Venue
from data.queries.search import search_condition

TODAY = date(2026, 12, 7)


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'search.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    migrate.upgrade(engine, url)
    assert migrate.drift(engine) == []
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s:
        yield s
    engine.dispose()


def _event(s, title: str, artists: list[str], venue: str, description: str = "") -> int:
    city = s.scalar(select(City).where(City.slug == "oxford-gb"))
    if city is None:
        city = City(
            name="Oxford",
            slug="oxford-gb",
            country_code="GB",
            lat=51.75,
            lng=-1.25,
            timezone="Europe/London",
        )
        s.add(city)
        s.flush()
    place = Venue(name=venue, name_key=venue.lower(), city_id=city.id, timezone="Europe/London")
    s.add(place)
    s.flush()
    event = Event(
        title=title,
        local_date=TODAY + timedelta(days=3),
        timezone="Europe/London",
        venue_id=place.id,
        city_id=city.id,
        description=description,
    )
    s.add(event)
    s.flush()
    for pos, name in enumerate(artists):
        artist = s.scalar(select(Artist).where(Artist.name == name))
        if artist is None:
            artist = Artist(name=name, name_key=name.lower())
            s.add(artist)
            s.flush()
        s.add(EventArtist(event_id=event.id, artist_id=artist.id, position=pos))
    s.flush()
    return event.id


def _find(s, query: str) -> set[int]:
    condition = search_condition(s, query, TODAY)
    return set(s.scalars(select(Event.id).where(condition))) if condition is not None else set()


def test_search_covers_title_lineup_venue_and_description(session):
    s = session
    a = _event(s, "In Rainbows Tour", ["Radiohead", "Caribou"], "The Bullingdon")
    b = _event(s, "Late Night", ["Four Tet"], "Zodiac", "A dusty électronique warm-up set")
    s.commit()
    assert _find(s, "rainbows") == {a}
    assert _find(s, "caribou") == {a}  # a support act in the lineup
    assert _find(s, "bulling") == {a}  # a prefix of the venue
    assert _find(s, "oxford") == {a, b}  # the city
    assert _find(s, "electronique") == {b}  # description, accents folded
    assert _find(s, "four tet zodiac") == {b}  # every word must match
    assert _find(s, "radiohed") == {a}  # a typo in an artist name
    assert _find(s, "karibu") == set()
    assert search_condition(s, "  !!! ", TODAY) is None


def test_the_index_follows_updates_and_lineup_changes(session):
    s = session
    a = _event(s, "Old Title", ["Slowdive"], "O2 Academy")
    s.commit()
    s.get(Event, a).title = "Souvlaki Anniversary"
    s.commit()
    assert _find(s, "souvlaki") == {a} and _find(s, "old title") == set()
    s.execute(delete(EventArtist).where(EventArtist.event_id == a))
    s.commit()
    assert _find(s, "slowdive") == set()
    s.execute(delete(Event).where(Event.id == a))
    s.commit()
    assert _find(s, "souvlaki") == set()
