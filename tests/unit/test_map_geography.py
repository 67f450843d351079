"""Genre map: aggregation against hand-computed fixtures, the k >= 5 rule, districts, URL state."""

from __future__ import annotations

import base64
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from components import map_layers
from components.map_state import DEFAULT_LAYERS, MapState, month_window, months_between, parse_state
from data.feeds.model import NormalisedVenue
from data.matching.venues import CityCache, VenueResolver
from data.models import (
    Artist,
    ArtistGenre,
    City,
    Event,
    EventGenre,
    EventInteraction,
    Genre,
    Play,
    SavedEvent,
    User,
    Venue,
)
from data.privacy import K_ANONYMITY, elsewhere_label, suppress_small
from data.queries import genre_audience, geography
from data.queries.geography import MapWindow

TODAY = date(2026, 6, 15)


def test_k_anonymity_edge_four_hidden_five_shown():
    frame = pd.DataFrame({"city": ["A", "B", "C"], "people": [5, 4, 12]})
    shown, elsewhere = suppress_small(frame, "people")
    assert K_ANONYMITY == 5
    assert shown["city"].tolist() == ["A", "C"]
    assert elsewhere == 4
    assert elsewhere_label(4) == "Fewer than 5 people elsewhere."
    assert elsewhere_label(9).startswith("9 people elsewhere")


@pytest.fixture
def scene(db_session):
    """Two cities, three venues, two genres; events hand-placed in May and June 2026."""
    s = db_session
    berlin = City(
        name="Berlin",
        slug="berlin-de",
        country_code="DE",
        lat=52.5,
        lng=13.4,
        timezone="Europe/Berlin",
    )
    paris = City(
        name="Paris",
        slug="paris-fr",
        country_code="FR",
        lat=48.85,
        lng=2.35,
        timezone="Europe/Paris",
    )
    s.add_all([berlin, paris])
    s.flush()
    techno, jazz = Genre(name="Techno", key="techno"), Genre(name="Jazz", key="jazz")
    s.add_all([techno, jazz])
    s.flush()
    club = Venue(name="Club", name_key="club", city_id=berlin.id, lat=52.51, lng=13.41)
    bar = Venue(name="Bar", name_key="bar", city_id=berlin.id, lat=52.49, lng=13.39)
    cave = Venue(name="Cave", name_key="cave", city_id=paris.id, lat=48.86, lng=2.34)
    s.add_all([club, bar, cave])
    s.flush()
    plan = [  # venue, day, genres
        (club, date(2026, 5, 2), [techno]),
        (club, date(2026, 5, 9), [techno]),
        (club, date(2026, 6, 1), [techno, jazz]),  # main genre: the lower id (techno)
        (bar, date(2026, 6, 20), [jazz]),
        (cave, date(2026, 6, 21), [jazz]),
        (cave, date(2026, 7, 1), []),  # no genre
    ]
    for i, (venue, day, genres) in enumerate(plan):
        event = Event(
            title=f"Show {i}",
            local_date=day,
            timezone="UTC",
            venue_id=venue.id,
            city_id=venue.city_id,
        )
        s.add(event)
        s.flush()
        s.add_all([EventGenre(event_id=event.id, genre_id=g.id) for g in genres])
    s.flush()
    return {
        "berlin": berlin,
        "paris": paris,
        "techno": techno,
        "jazz": jazz,
        "club": club,
        "bar": bar,
        "cave": cave,
    }


def _cells(frame):
    return {
        (int(r.venue_id), int(r.genre_id), int(r.month)): int(r.events) for r in frame.itertuples()
    }


def test_cells_and_payload_match_hand_computed(db_session, scene):
    window = MapWindow(date(2026, 5, 1), date(2026, 6, 30))
    cells = geography.cell_counts(db_session, window)
    t, j = scene["techno"].id, scene["jazz"].id
    club, bar, cave = scene["club"].id, scene["bar"].id, scene["cave"].id
    may, june = geography.month_key(date(2026, 5, 1)), geography.month_key(date(2026, 6, 1))
    assert june == may + 1 == 2026 * 12 + 5
    assert _cells(cells) == {
        (club, t, may): 2,
        (club, t, june): 1,
        (bar, j, june): 1,
        (cave, j, june): 1,
    }
    names = geography.genre_names(db_session, [t, j])
    totals = geography.genre_totals_of(cells, names)
    assert totals[["name", "events"]].values.tolist() == [["Techno", 3], ["Jazz", 2]]
    palette = map_layers.genre_palette(totals, top=1)
    assert palette[str(t)]["name"] == "Techno" and palette["-1"]["name"] == "Other genres"
    places = geography.venue_places(db_session, [club, bar, cave])
    payload = map_layers.window_payload(cells, places, palette, names)
    block = np.frombuffer(base64.b64decode(payload["cells"]), dtype="<i4").reshape(4, -1)
    assert payload["count"] == 4 and block[3].sum() == 5
    venue_of = {int(i): payload["venues"]["id"][int(i)] for i in block[0]}
    assert sorted(venue_of.values()) == sorted([club, bar, cave])
    assert payload["cities"]["name"] == ["Berlin", "Paris"]
    berlin_venues = [
        payload["venues"]["name"][i] for i, c in enumerate(payload["venues"]["city"]) if c == 0
    ]
    assert sorted(berlin_venues) == ["Bar", "Club"]
    assert list(payload["colors"]) == [str(t)]  # jazz is outside the top-1 palette: "other"


def test_genre_filter_and_month_window(db_session, scene):
    j = scene["jazz"].id
    june = MapWindow(*month_window("2026-06", date(2026, 1, 1), date(2026, 12, 31)), (j,))
    cells = geography.cell_counts(db_session, june)
    # The June club show is techno and jazz: with a jazz filter its main genre is jazz.
    assert sorted(_cells(cells).values()) == [1, 1, 1]
    assert set(cells["genre_id"]) == {j}
    july = MapWindow(date(2026, 7, 1), date(2026, 7, 31))
    assert geography.cell_counts(db_session, july)["genre_id"].tolist() == [geography.NO_GENRE]


def test_place_summary(db_session, scene):
    window = MapWindow(date(2026, 5, 1), date(2026, 6, 30))
    events = geography.place_events(db_session, "city", scene["berlin"].id, window)
    names = geography.genre_names(db_session, events["genre_id"].unique().tolist())
    detail = geography.summarise_place(events, names)
    assert detail["total"] == 4
    assert detail["genres"][["name", "events"]].values.tolist() == [["Techno", 3], ["Jazz", 1]]
    assert detail["venues"].values.tolist() == [["Club", 3], ["Bar", 1]]
    techno = detail["trend"][detail["trend"]["name"] == "Techno"]
    assert techno["events"].tolist() == [2, 1]  # May, June
    shows = geography.next_shows(db_session, "city", scene["berlin"].id, TODAY, window)
    assert shows["title"].tolist() == ["Show 3"]


def _people(session, city, n, tag):
    users = [
        User(email=f"{tag}{i}@x.org", password_hash="!", display_name=tag, home_city_id=city.id)
        for i in range(n)
    ]
    session.add_all(users)
    session.flush()
    return users


def test_listeners_by_city_applies_k(db_session, scene):
    s = db_session
    artist = Artist(name="DJ", name_key="dj")
    s.add(artist)
    s.flush()
    s.add(ArtistGenre(artist_id=artist.id, genre_id=scene["techno"].id, source="demo"))
    five = _people(s, scene["berlin"], 5, "b")
    four = _people(s, scene["paris"], 4, "p")
    for user in five + four:
        for k in range(genre_audience.MIN_PLAYS):
            s.add(
                Play(
                    user_id=user.id,
                    ended_at=datetime(2026, 1, 1, 10, k),
                    ms_played=1000,
                    track_id=1,
                    artist_id=artist.id,
                )
            )
    s.flush()
    shown, elsewhere = genre_audience.listeners_by_city(s, (scene["techno"].id,))
    assert shown[["city", "people"]].values.tolist() == [["Berlin", 5]]
    assert elsewhere == 4
    nobody, rest = genre_audience.listeners_by_city(s, (scene["jazz"].id,))
    assert nobody.empty and rest == 0


def test_engaged_by_city_counts_saves_and_clicks_once(db_session, scene):
    s = db_session
    event_id = s.query(Event.id).filter(Event.title == "Show 3").scalar()  # jazz, June
    berliners = _people(s, scene["berlin"], 5, "e")
    for user in berliners[:3]:
        s.add(SavedEvent(user_id=user.id, event_id=event_id))
    for user in berliners[2:]:
        s.add(EventInteraction(event_id=event_id, user_id=user.id, kind="ticket_click"))
    s.add(EventInteraction(event_id=event_id, user_id=berliners[0].id, kind="view"))
    s.flush()
    jazz = (scene["jazz"].id,)
    shown, _ = genre_audience.engaged_by_city(s, jazz, date(2026, 6, 1), date(2026, 6, 30))
    assert shown[["city", "people"]].values.tolist() == [["Berlin", 5]]
    s.query(SavedEvent).filter(SavedEvent.user_id == berliners[0].id).delete()
    shown, elsewhere = genre_audience.engaged_by_city(s, jazz, date(2026, 6, 1), date(2026, 6, 30))
    assert shown.empty and elsewhere == 4


@pytest.mark.parametrize(
    ("venue", "expected"),
    [
        (NormalisedVenue(name="SO36", city="Kreuzberg", country_code="DE"), "Berlin"),
        (NormalisedVenue(name="SO36", lat=52.5003, lng=13.4226), "Berlin"),
        (NormalisedVenue(name="Hall", city="Brooklyn", country_code="US"), "New York City"),
        (NormalisedVenue(name="Waschhaus", city="Potsdam", country_code="DE"), "Potsdam"),
    ],
)
def test_districts_resolve_to_their_city(db_session, venue, expected):
    cities = CityCache(db_session)
    resolver = VenueResolver(db_session, cities)
    known = resolver.resolve("ical", venue)
    db_session.flush()
    assert db_session.get(City, known.city_id).name == expected
    assert db_session.query(City).count() == 1


def test_url_state_round_trip_and_bad_input():
    state = MapState(
        date(2026, 1, 1),
        date(2026, 12, 31),
        ("heat", "share"),
        (3, 8),
        "2026-04",
        "venue:12",
        (52.52, 13.405, 11),
    )
    assert parse_state(state.query(), TODAY) == state
    broken = parse_state(
        {
            "start": "2026-13-01",
            "layers": "x,events",
            "genres": "a,4",
            "month": "1999-01",
            "place": "city:x",
            "view": "999,0,3",
        },
        TODAY,
    )
    assert broken.layers == DEFAULT_LAYERS and broken.genres == (4,)
    assert (
        broken.month is None and broken.place is None and broken.view == MapState(TODAY, TODAY).view
    )
    assert months_between(date(2025, 12, 5), date(2026, 2, 1)) == ["2025-12", "2026-01", "2026-02"]


def test_nearest_place_of_a_cluster():
    layer = map_layers.collection(
        [
            map_layers._point(13.4, 52.5, {"place": "venue:1", "city": "city:1"}),
            map_layers._point(2.35, 48.85, {"place": "venue:2", "city": "city:2"}),
        ]
    )
    assert map_layers.nearest_place(layer, 48.9, 2.3, key="city") == "city:2"
