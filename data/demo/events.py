"""Demo events: venues around the demo cities, 800 events with lineups, promoter interactions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from data.demo.words import ADJ, VENUE
from data.models import City, Event, EventArtist, EventGenre, EventInteraction, EventSource, Venue
from data.text import name_key


def make_venues(session: Session, rng: random.Random, cities: list[City]) -> list[Venue]:
    venues = []
    for i in range(80):
        city = cities[i % len(cities)]
        name = f"{rng.choice(ADJ)} {rng.choice(VENUE)}"
        venues.append(
            Venue(
                name=name,
                name_key=name_key(name),
                city_id=city.id,
                timezone=city.timezone,
                lat=city.lat + rng.uniform(-0.04, 0.04),
                lng=city.lng + rng.uniform(-0.06, 0.06),
                capacity=rng.choice((150, 300, 600, 1200, 2500)),
            )
        )
    session.add_all(venues)
    session.flush()
    return venues


def make_events(session, rng, today, venues, cities, artists, genres, promoter_id) -> list[int]:
    event_rows, lineups = [], []
    touring = artists[:120]  # the demo listener's favourites come from here too
    for i in range(800):
        venue = venues[rng.randrange(len(venues))]
        tz = ZoneInfo(venue.timezone)
        day = today + timedelta(days=rng.randrange(0, 120))
        start = time(rng.choice((18, 19, 19, 20, 20, 21, 22)), rng.choice((0, 0, 30)))
        known_time = rng.random() > 0.05
        lineup = rng.sample(touring if rng.random() < 0.6 else artists, rng.choice((1, 2, 2, 3, 4)))
        price = rng.choice((0, 12, 15, 18, 22, 25, 30, 35, 45, 60))
        starts = datetime.combine(day, start, tz).astimezone(UTC).replace(tzinfo=None)
        event_rows.append(
            Event(
                title=lineup[0][1]
                if len(lineup) == 1 or rng.random() < 0.7
                else f"{lineup[0][1]} & friends",
                local_date=day,
                local_time=start if known_time else None,
                starts_at=starts if known_time else None,
                timezone=venue.timezone,
                status="cancelled" if rng.random() < 0.02 else "scheduled",
                venue_id=venue.id,
                city_id=venue.city_id,
                price_min=float(price),
                price_max=float(price + rng.choice((0, 5, 10))),
                currency=_currency(cities[venue.city_id]),
                ticket_url=f"https://tickets.example/demo/{i}",
                popularity=rng.random(),
                is_demo=True,
                promoter_id=promoter_id if i < 20 else None,
            )
        )
        lineups.append(lineup)
    session.add_all(event_rows)
    session.flush()
    ea, eg, es = [], [], []
    for event, lineup in zip(event_rows, lineups, strict=True):
        for pos, (artist_id, _name) in enumerate(lineup):
            ea.append(
                {
                    "event_id": event.id,
                    "artist_id": artist_id,
                    "position": pos,
                    "is_headliner": pos == 0,
                }
            )
        eg.append({"event_id": event.id, "genre_id": rng.choice(genres), "source": "demo"})
        es.append(
            {
                "event_id": event.id,
                "source": "demo",
                "source_id": f"demo-{event.id}",
                "url": event.ticket_url,
            }
        )
    session.execute(insert(EventArtist), ea)
    session.execute(insert(EventGenre), eg)
    session.execute(insert(EventSource), es)
    return [e.id for e in event_rows]


def _currency(city: City) -> str:
    return {"US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "JP": "JPY", "MX": "MXN"}.get(
        city.country_code, "EUR"
    )


def make_interactions(session, rng, event_ids, user_ids, today) -> int:
    rows = []
    kinds = (
        ("impression", 1.0),
        ("view", 0.35),
        ("save", 0.08),
        ("ticket_click", 0.05),
        ("hide", 0.02),
        ("calendar", 0.02),
    )
    for day_offset in range(30):
        day = datetime.combine(today - timedelta(days=day_offset), time(12))
        for event_id in event_ids:
            for _ in range(rng.randint(5, 40)):
                viewer = rng.choice([*user_ids, None])
                score = round(rng.random(), 3)
                for kind, p in kinds:
                    if rng.random() < p * (0.5 + score):
                        rows.append(
                            {
                                "event_id": event_id,
                                "user_id": viewer,
                                "kind": kind,
                                "occurred_at": day + timedelta(minutes=rng.randint(0, 600)),
                                "match_score": score,
                                "page": "explore",
                            }
                        )
    session.execute(insert(EventInteraction), rows)
    return len(rows)
