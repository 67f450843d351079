"""One alert run on PostgreSQL: 10,000 subscribers, 100,000 events (issue #17: p95 <= 60 s).

The run's cost should grow with what is new, not with the catalogue: the same database is
measured with the job's cursors set so that 10% and then all of the events (and changes) are
new. Each run happens in a transaction that is rolled back, so every repeat does the same work.
Run: .venv/bin/pytest tests/bench/test_alerts_speed.py -s  (ALERT_BENCH_EVENTS for a smaller set)
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.models import (
    AlertCursor,
    Artist,
    Base,
    City,
    Event,
    EventArtist,
    EventChange,
    Subscription,
    User,
    Venue,
    utcnow,
)
from data.services.alerts import collect

pytestmark = pytest.mark.bench

EVENTS = int(os.environ.get("ALERT_BENCH_EVENTS", "100000"))
USERS = EVENTS // 10
ARTISTS = EVENTS // 5
CITIES = 40
VENUES = 1000
CHANGES = EVENTS // 20
REPEATS = int(os.environ.get("ALERT_BENCH_REPEATS", "3"))
MAIL = {"secret": "bench-secret", "base_url": "http://bench", "sender": "bench <b@bench>"}


def _chunks(rows: list[dict], size: int = 10_000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _seed(session, rng: random.Random) -> None:
    today = date.today()
    cities = [
        {
            "id": i + 1,
            "name": f"City {i}",
            "slug": f"city-{i}",
            "country_code": "DE",
            "lat": 40 + i * 0.5,
            "lng": -5 + i * 0.7,
            "timezone": "Europe/Berlin",
        }
        for i in range(CITIES)
    ]
    venues = [
        {"id": i + 1, "name": f"Venue {i}", "name_key": f"venue {i}", "city_id": i % CITIES + 1}
        for i in range(VENUES)
    ]
    artists = [
        {"id": i + 1, "name": f"Artist {i}", "name_key": f"artist {i}"} for i in range(ARTISTS)
    ]
    events, lineups = [], []
    for i in range(EVENTS):
        venue = rng.randrange(VENUES)
        events.append(
            {
                "id": i + 1,
                "title": f"Show {i}",
                "timezone": "Europe/Berlin",
                "local_date": today + timedelta(days=rng.randrange(1, 180)),
                "status": "scheduled",
                "venue_id": venue + 1,
                "city_id": venue % CITIES + 1,
                "price_min": 20 + rng.random() * 40,
                "currency": "EUR",
            }
        )
        for artist in rng.sample(range(ARTISTS), rng.choice((1, 1, 2, 3))):
            lineups.append({"event_id": i + 1, "artist_id": artist + 1})
    users = [
        {
            "id": i + 1,
            "email": f"user{i}@bench.test",
            "password_hash": "x",
            "display_name": f"User {i}",
            "home_city_id": rng.randrange(CITIES) + 1,
            "timezone": "Europe/Berlin",
        }
        for i in range(USERS)
    ]
    subs = []
    for uid in range(1, USERS + 1):
        subs.append(
            {
                "user_id": uid,
                "kind": "new_shows",
                "artist_id": rng.randrange(ARTISTS) + 1,
                "genre_ids": [],
            }
        )
        if uid % 3 == 0:
            subs.append(
                {
                    "user_id": uid,
                    "kind": "digest",
                    "city_id": rng.randrange(CITIES) + 1,
                    "genre_ids": [],
                }
            )
        if uid % 2 == 0:
            subs.append(
                {
                    "user_id": uid,
                    "kind": "watch",
                    "event_id": rng.randrange(EVENTS) + 1,
                    "genre_ids": [],
                }
            )
    changes = [
        {
            "event_id": rng.randrange(EVENTS) + 1,
            "kind": "cancelled",
            "old": {"status": "scheduled"},
            "new": {"status": "cancelled"},
        }
        for _ in range(CHANGES)
    ]
    for model, rows in (
        (City, cities),
        (Venue, venues),
        (Artist, artists),
        (Event, events),
        (EventArtist, lineups),
        (User, users),
        (Subscription, subs),
        (EventChange, changes),
    ):
        for chunk in _chunks(rows):
            session.execute(insert(model), chunk)
    session.commit()
    session.execute(text("ANALYZE"))


def _run(session, new_share: float) -> tuple[float, dict]:
    """One collect with the cursors leaving ``new_share`` of events and changes unread."""
    top_event = session.scalar(select(func.max(Event.id)))
    top_change = session.scalar(select(func.max(EventChange.id)))
    session.add_all(
        [
            AlertCursor(name="events", last_id=int(top_event * (1 - new_share))),
            AlertCursor(name="changes", last_id=int(top_change * (1 - new_share))),
        ]
    )
    session.flush()
    started = time.perf_counter()
    counts = collect(session, utcnow(), MAIL)
    session.flush()
    elapsed = time.perf_counter() - started
    session.rollback()
    return elapsed, counts


def _vacuum(engine) -> None:
    """Clear the rolled-back run's dead rows (a committed run leaves none behind)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE deliveries, notifications, outbound_mails"))


def test_one_alert_run_on_postgres(postgres_url):
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session:
        started = time.perf_counter()
        _seed(session, random.Random(17))
        seeded = time.perf_counter() - started
    print(f"\nseeded {EVENTS:,} events, {USERS:,} subscribers in {seeded:.1f} s")
    results = {}
    for share in (0.1, 1.0):
        times = []
        for _ in range(REPEATS):
            with factory() as session:
                elapsed, counts = _run(session, share)
            _vacuum(engine)
            times.append(elapsed)
        p95 = max(times) if len(times) < 20 else statistics.quantiles(times, n=20)[-1]
        results[share] = p95
        print(
            f"{int(EVENTS * share):>7,} new events, {int(CHANGES * share):,} new changes: "
            f"runs {', '.join(f'{t:.2f}' for t in times)} s (p95 {p95:.2f} s); {counts}"
        )
    engine.dispose()
    assert results[1.0] <= 60
    # at most linear in new events: 10x the new events may cost at most ~10x (plus slack)
    assert results[1.0] <= 12 * max(results[0.1], 0.05)
