"""Landing-page windows and the public home callbacks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from callbacks.home import show_city
from components import ids
from components.home import home_layout
from data.db import session_scope
from data.models import Artist, City, Event, EventArtist, Play, User
from data.queries.landing import (
    artists_by_listeners,
    event_counts,
    random_show_tonight,
    weekend_range,
    weekend_totals,
)
from tests.unit.layout_tree import find


@pytest.mark.parametrize(
    ("today", "friday"),
    [
        (date(2026, 11, 23), date(2026, 11, 27)),  # Monday -> coming Friday
        (date(2026, 11, 27), date(2026, 11, 27)),  # Friday itself
        (date(2026, 11, 29), date(2026, 11, 27)),  # Sunday -> this weekend's Friday
    ],
)
def test_weekend_is_friday_to_sunday(today, friday):
    assert weekend_range(today) == (friday, date.fromordinal(friday.toordinal() + 2))


def test_anonymous_visitor_gets_public_home_data(client):
    payload = {
        "output": "..home-city.options...home-city.value...home-stats.children..."
        "home-city-title.children...home-next-shows.children...home-artists.children..",
        "outputs": [
            {"id": "home-city", "property": "options"},
            {"id": "home-city", "property": "value"},
            {"id": "home-stats", "property": "children"},
            {"id": "home-city-title", "property": "children"},
            {"id": "home-next-shows", "property": "children"},
            {"id": "home-artists", "property": "children"},
        ],
        "inputs": [{"id": "home-city", "property": "value", "value": None}],
        "changedPropIds": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert body["home-city"]["options"]  # cities with upcoming demo events
    assert body["home-city-title"]["children"].startswith("Next shows in ")


def _city_id(slug: str) -> int:
    with session_scope() as session:
        return session.scalar(select(City.id).where(City.slug == slug))


def test_a_city_in_the_url_is_the_city_shown(dash_app):
    """`/?city=london-gb` opened Barcelona: the dropdown dropped a value it had no option for."""
    layout = home_layout("london-gb")
    dropdown = find(layout, ids.HOME_CITY)
    assert dropdown.value == "london-gb"
    assert {"label": "london-gb", "value": "london-gb"} in dropdown.options
    with dash_app.server.test_request_context():
        out = show_city("london-gb")
    assert out[1] == "london-gb" and out[3] == "Next shows in London"


def test_counts_per_window_and_the_random_show_stay_in_the_city(dash_app):
    london = _city_id("london-gb")
    today = date.today()
    with session_scope() as session:
        counts = event_counts(session, today, london)
        weekend = weekend_totals(session, today, london)
        frame = random_show_tonight(session, today, seed=1, city_id=london)
        cities = set(
            session.scalars(select(Event.city_id).where(Event.id.in_(frame["id"].tolist())))
        )
    assert counts["tonight"] <= counts["month"] <= counts["year"]
    assert weekend["events"] == 0 or weekend["artists"] > 0
    assert cities <= {london}


def _play(session, user_id: int, artist_id: int, minute: int) -> None:
    session.add(
        Play(
            user_id=user_id,
            ended_at=datetime(2025, 1, 1, 12, minute),
            ms_played=200_000,
            track_id=1,
            artist_id=artist_id,
        )
    )


def test_artists_are_ranked_by_listeners_only_from_five_up(db_session):
    today = date(2026, 12, 7)
    city = City(
        name="Oxford",
        slug="oxford-gb",
        country_code="GB",
        lat=51.75,
        lng=-1.25,
        timezone="Europe/London",
    )
    big, small = Artist(name="Big", name_key="big"), Artist(name="Small", name_key="small")
    db_session.add_all([city, big, small])
    db_session.flush()
    for artist in (big, small):
        event = Event(
            title=artist.name, local_date=today + timedelta(days=3), timezone="UTC", city_id=city.id
        )
        db_session.add(event)
        db_session.flush()
        db_session.add(EventArtist(event_id=event.id, artist_id=artist.id))
    users = [User(email=f"u{i}@example.org", password_hash="x", display_name="u") for i in range(6)]
    db_session.add_all(users)
    db_session.flush()
    for i, user in enumerate(users):
        _play(db_session, user.id, big.id, i)
        if i < 4:  # four listeners: fewer than five, so never shown
            _play(db_session, user.id, small.id, 30 + i)
    db_session.flush()
    frame = artists_by_listeners(db_session, today, city.id)
    assert frame["name"].tolist() == ["Big"] and frame["listeners"].tolist() == [6]
