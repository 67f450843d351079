"""Insights aggregates against hand-computed numbers; the page's callbacks as an analyst."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from data.csv_export import safe_csv
from data.models import Artist, City, Event, EventArtist, EventGenre, Genre, Venue
from data.queries import insights as q
from tests.dash_calls import post_callback

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture
def market(db_session):
    """Berlin: Jan 3 events (EUR 10, 20, 30; one cancelled), Feb 2 (EUR 40 postponed, USD 99),
    Mar 1 (EUR 50); Paris: one in Jan. Artist A plays Dec 2025 (before the range), Jan and
    Mar; B first in Jan; C first in Feb. Genre rock on 1 Jan + 3 later events."""
    s = db_session
    berlin = City(
        name="Berlin",
        slug="berlin",
        country_code="DE",
        lat=52.5,
        lng=13.4,
        timezone="Europe/Berlin",
    )
    paris = City(
        name="Paris", slug="paris", country_code="FR", lat=48.9, lng=2.35, timezone="Europe/Paris"
    )
    s.add_all([berlin, paris])
    s.flush()
    hall = Venue(name="=HYPERLINK(evil)", name_key="hall", city_id=berlin.id)
    club = Venue(name="Club", name_key="club", city_id=berlin.id)
    cave = Venue(name="Cave", name_key="cave", city_id=paris.id)
    a, b, c = (Artist(name=n, name_key=n.lower()) for n in "ABC")
    rock = Genre(name="rock", key="rock")
    s.add_all([hall, club, cave, a, b, c, rock])
    s.flush()
    rows = [  # (day, venue, status, price, currency, artists, rock?)
        (date(2025, 12, 5), hall, "scheduled", 15, "EUR", [a], False),
        (date(2026, 1, 3), hall, "scheduled", 10, "EUR", [a, b], True),
        (date(2026, 1, 9), hall, "cancelled", 20, "EUR", [b], False),
        (date(2026, 1, 20), club, "scheduled", 30, "EUR", [], False),
        (date(2026, 2, 2), club, "postponed", 40, "EUR", [c], True),
        (date(2026, 2, 9), club, "scheduled", 99, "USD", [], True),
        (date(2026, 3, 1), hall, "scheduled", 50, "EUR", [a], True),
        (date(2026, 1, 15), cave, "scheduled", 5, "EUR", [], False),
    ]
    for day, venue, status, price, currency, lineup, is_rock in rows:
        event = Event(
            title="x",
            local_date=day,
            timezone="UTC",
            status=status,
            price_min=price,
            currency=currency,
            venue_id=venue.id,
            city_id=venue.city_id,
        )
        s.add(event)
        s.flush()
        s.add_all(EventArtist(event_id=event.id, artist_id=x.id) for x in lineup)
        if is_rock:
            s.add(EventGenre(event_id=event.id, genre_id=rock.id))
    s.commit()
    return q.market_frames(s, q.MarketScope(JAN, MAR, city_id=berlin.id))


def _by_month(df: pd.DataFrame, column: str) -> list:
    return df.set_index("month")[column].tolist()


def test_events_prices_and_statuses_per_month(market):
    events = market["events"]
    assert _by_month(q.events_per_month(events), "events") == [3, 2, 1]
    currency = q.main_currency(events)
    assert currency == "EUR"
    prices = q.price_stats(events, currency)
    assert _by_month(prices, "median") == [20, 40, 50]  # USD 99 is left out
    assert _by_month(prices, "q1") == [15, 40, 50] and _by_month(prices, "priced") == [3, 1, 1]
    shares = q.status_shares(events)
    assert _by_month(shares, "cancelled") == [33.3, 0.0, 0.0]
    assert _by_month(shares, "moved") == [0.0, 50.0, 0.0]


def test_new_vs_returning_artists_venues_and_genre_growth(market):
    events = market["events"]
    artists = q.new_vs_returning(events, market["artists"], market["first"])
    # Jan: A returning (played Dec), B new; Feb: C new; Mar: A returning
    assert _by_month(artists, "new") == [1, 1, 0]
    assert _by_month(artists, "returning") == [1, 0, 1]
    venues = q.venue_activity(events)
    assert venues[["venue", "events", "cancelled"]].values.tolist() == [
        ["=HYPERLINK(evil)", 3, 1],
        ["Club", 3, 0],
    ]
    growth = q.genre_growth(events, market["genres"])
    # months Jan, Feb, Mar: the second half starts in Feb; rock 1 event before, 3 after
    assert growth.values.tolist() == [["rock", 1, 3, 200.0]]


def test_csv_export_neutralises_formula_cells(market):
    venues = q.venue_activity(market["events"])[["venue", "events"]]
    text = safe_csv(
        pd.concat([venues, pd.DataFrame({"venue": ["-1+2", "@cmd", "ok"], "events": [-3, 0, 1]})])
    )
    assert "'=HYPERLINK(evil)" in text and "'-1+2" in text and "'@cmd" in text
    assert "\n-3" not in text and ",-3" in text  # numbers stay numbers


def test_insights_page_for_analysts_only(login):
    outputs = [
        "insights-summary.children",
        "insights-monthly.figure",
        "insights-prices.figure",
        "insights-status.figure",
        "insights-artists.figure",
        "insights-genres.children",
    ]
    inputs = {
        "insights-city.value": None,
        "insights-genre.value": None,
        "insights-start.value": "2020-01",
        "insights-end.value": "2030-12",
        "theme.data": "dark",
    }
    client = login("analyst@demo.rewrapped")
    status, body = post_callback(client, outputs, inputs)
    assert status == 200
    assert body["response"]["insights-monthly"]["figure"]["data"][0]["y"]
    assert "events" in json.dumps(body["response"]["insights-summary"])
    client = login("listener@demo.rewrapped")
    status, body = post_callback(client, outputs, inputs)
    assert status == 204 or not body or "response" not in body
