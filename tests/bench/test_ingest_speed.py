"""Ingest throughput on PostgreSQL with 100k events already stored.

Measures events/s for normalise (provider JSON -> NormalisedEvent) + match (venues, artists,
cross-source candidates) + upsert with provenance, page by page as a feed run does, beside a
plain bulk insert of the same rows in the same database. Also times an unchanged re-ingest and
a second source whose every record merges into an existing event.
Run: .venv/bin/pytest tests/bench/test_ingest_speed.py -s
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from datetime import time as dtime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import sessionmaker

from data.db import Database, make_engine
from data.db.bulk import insert_returning_ids, insert_rows
from data.feeds import ADAPTERS
from data.models import Artist, Base, City, Event, EventArtist, EventSource, Venue, VenueSource
from data.services.feed_runs import ingest_run
from data.text import name_key
from tests import feeds_payloads as fp

EXISTING = 100_000
NEW = 20_000
VENUES = 2_000
ARTISTS = 30_000
PAGE = 200  # Ticketmaster's page size
CITIES = [
    ("Berlin", "DE", "Germany", 52.52, 13.40, "Europe/Berlin"),
    ("London", "GB", "United Kingdom", 51.51, -0.13, "Europe/London"),
    ("Paris", "FR", "France", 48.86, 2.35, "Europe/Paris"),
    ("New York City", "US", "United States", 40.71, -74.01, "America/New_York"),
    ("Chicago", "US", "United States", 41.85, -87.65, "America/Chicago"),
    ("Amsterdam", "NL", "The Netherlands", 52.37, 4.89, "Europe/Amsterdam"),
]
START = date(2027, 1, 1)


def _catalogue(rng: random.Random):
    venues = []
    for i in range(VENUES):
        city, cc, country, lat, lng, tz = CITIES[i % len(CITIES)]
        venues.append(
            fp.Venue(
                f"Venue {i} {city}",
                lat + rng.uniform(-0.1, 0.1),
                lng + rng.uniform(-0.15, 0.15),
                city,
                cc,
                country,
                tz,
                {"tm": f"KV{i}"},
            )
        )
    artists = [
        f"Act {i} {rng.choice(['Band', 'Collective', 'Trio', 'Orchestra', 'DJ'])}"
        for i in range(ARTISTS)
    ]
    return venues, artists


def _seed(session, rng, venues, artists) -> None:
    """100k stored events (plain bulk insert; not part of the measurement)."""
    session.execute(
        insert(City),
        [
            {
                "name": c[0],
                "slug": name_key(c[0] + " " + c[1]).replace(" ", "-"),
                "country_code": c[1],
                "lat": c[3],
                "lng": c[4],
                "timezone": c[5],
            }
            for c in CITIES
        ],
    )
    city_ids = dict(session.execute(select(City.name, City.id)).all())
    venue_ids = session.scalars(
        insert(Venue).returning(Venue.id, sort_by_parameter_order=True),
        [
            {
                "name": v.name,
                "name_key": name_key(v.name),
                "city_id": city_ids[v.city],
                "lat": v.lat,
                "lng": v.lng,
                "timezone": v.tz,
            }
            for v in venues
        ],
    ).all()
    session.execute(
        insert(VenueSource),
        [
            {"venue_id": vid, "source": "ticketmaster", "source_id": v.ids["tm"]}
            for vid, v in zip(venue_ids, venues, strict=True)
        ],
    )
    artist_ids = session.scalars(
        insert(Artist).returning(Artist.id, sort_by_parameter_order=True),
        [{"name": a, "name_key": name_key(a)} for a in artists],
    ).all()
    rows, lineups = [], []
    for i in range(EXISTING):
        v = rng.randrange(VENUES)
        rows.append(
            {
                "title": f"Stored show {i}",
                "title_key": f"stored show {i}",
                "local_date": START + timedelta(days=rng.randrange(365)),
                "local_time": dtime(rng.choice([19, 20, 21])),
                "timezone": venues[v].tz,
                "venue_id": venue_ids[v],
                "city_id": city_ids[venues[v].city],
                "status": "scheduled",
            }
        )
        lineups.append(rng.sample(range(ARTISTS), rng.randint(1, 3)))
    event_ids = []
    for start in range(0, EXISTING, 10_000):
        event_ids += session.scalars(
            insert(Event).returning(Event.id, sort_by_parameter_order=True),
            rows[start : start + 10_000],
        ).all()
    session.execute(
        insert(EventSource),
        [
            {"event_id": eid, "source": "seatgeek", "source_id": str(i)}
            for i, eid in enumerate(event_ids)
        ],
    )
    # One COPY, not an executemany: the statement-level search trigger on event_artists
    # (data/models/search.py) would run once per row (the seed ran past 20 minutes).
    insert_rows(
        session,
        EventArtist,
        [
            {"event_id": eid, "artist_id": artist_ids[a], "position": p, "is_headliner": p == 0}
            for eid, lineup in zip(event_ids, lineups, strict=True)
            for p, a in enumerate(lineup)
        ],
    )
    session.commit()


def _new_shows(rng, venues, artists) -> list[fp.Show]:
    shows = []
    for i in range(NEW):
        names = rng.sample(artists, rng.randint(1, 3))
        if rng.random() < 0.2:
            names[0] = f"New Act {i}"
        shows.append(
            fp.Show(
                str(i),
                [(n, None, None) for n in names],
                rng.choice(venues),
                START + timedelta(days=rng.randrange(365)),
                dtime(rng.choice([18, 20, 22]), 30),
                genres=(rng.choice(["Rock", "House", "Jazz", "Hip-Hop"]),),
                price=(20.0, 45.0),
            )
        )
    return shows


def _pages(source: str, payloads: list[dict]):
    adapter = ADAPTERS[source](None)
    for page in payloads:
        yield adapter.parse_payload(page)


def _payloads(source: str, shows: list[fp.Show], offset: int) -> list[dict]:
    items = [fp.RENDER[source](s, offset + i) for i, s in enumerate(shows)]
    return [fp.wrap(source, items[i : i + PAGE]) for i in range(0, len(items), PAGE)]


def _plain_bulk_insert(
    session, rows: list[dict], sources: list[dict], lineups: list[dict]
) -> float:
    """The same rows with the same fast insert path, without parsing or matching."""
    started = time.perf_counter()
    ids = insert_returning_ids(session, Event, rows)
    insert_rows(session, EventSource, [{**s, "event_id": ids[s["event_id"]]} for s in sources])
    insert_rows(session, EventArtist, [{**a, "event_id": ids[a["event_id"]]} for a in lineups])
    session.commit()
    return time.perf_counter() - started


def test_ingest_speed(postgres_url):
    rng = random.Random(11)
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    database = Database(postgres_url, engine, sessionmaker(engine, expire_on_commit=False))
    venues, artists = _catalogue(rng)
    with database.session_scope() as session:
        _seed(session, rng, venues, artists)
    shows = _new_shows(rng, venues, artists)
    tm_pages = _payloads("ticketmaster", shows, 0)
    sk_pages = _payloads("songkick", shows, 0)

    started = time.perf_counter()
    first = ingest_run(database, "ticketmaster", {}, _pages("ticketmaster", tm_pages))
    pipeline = time.perf_counter() - started
    started = time.perf_counter()
    again = ingest_run(database, "ticketmaster", {}, _pages("ticketmaster", tm_pages))
    unchanged = time.perf_counter() - started
    started = time.perf_counter()
    merged = ingest_run(database, "songkick", {}, _pages("songkick", sk_pages))
    merging = time.perf_counter() - started

    print(f"\npipeline {pipeline:.2f}s, unchanged {unchanged:.2f}s, merging {merging:.2f}s")
    # the same rows the pipeline wrote, as a plain bulk insert (no parsing, no matching)
    with database.session_scope() as session:
        rows = [
            {
                c: getattr(e, c)
                for c in (
                    "title",
                    "title_key",
                    "starts_at",
                    "local_date",
                    "local_time",
                    "timezone",
                    "status",
                    "venue_id",
                    "city_id",
                    "price_min",
                    "price_max",
                    "currency",
                    "ticket_url",
                    "image_url",
                )
            }
            for e in session.scalars(
                select(Event).where(Event.created_run_id == first["run_id"]).order_by(Event.id)
            )
        ]
        index = {
            eid: i
            for i, eid in enumerate(
                session.scalars(
                    select(Event.id)
                    .where(Event.created_run_id == first["run_id"])
                    .order_by(Event.id)
                )
            )
        }
        sources = [
            {"event_id": index[eid], "source": "bulk", "source_id": sid}
            for eid, sid in session.execute(
                select(EventSource.event_id, EventSource.source_id).where(
                    EventSource.first_run_id == first["run_id"]
                )
            )
            if eid in index
        ]
        lineups = [
            {"event_id": index[eid], "artist_id": a, "position": p, "is_headliner": h}
            for eid, a, p, h in session.execute(
                select(
                    EventArtist.event_id,
                    EventArtist.artist_id,
                    EventArtist.position,
                    EventArtist.is_headliner,
                ).where(EventArtist.event_id.in_(list(index)))
            )
        ]
    with database.session_scope() as session:
        bulk = _plain_bulk_insert(session, rows, sources, lineups)
        total = session.scalar(select(func.count()).select_from(Event))

    print(f"\nPostgreSQL, {EXISTING:,} events stored before the run, pages of {PAGE}")
    print(f"{'step':<58}{'events':>8}{'seconds':>9}{'events/s':>10}{'of bulk':>9}")
    bulk_rate = len(rows) / bulk
    for label, n, secs in (
        ("normalise + match + upsert (Ticketmaster JSON)", NEW, pipeline),
        ("re-ingest of the same payload (unchanged)", NEW, unchanged),
        ("second source, every record merges (Songkick JSON)", NEW, merging),
        ("plain bulk insert of the same rows (events+sources+lineups)", len(rows), bulk),
    ):
        print(f"{label:<58}{n:>8,}{secs:>9.2f}{n / secs:>10,.0f}{n / secs / bulk_rate:>9.0%}")
    print(
        f"run reports: new={first['new']} (merged into stored: {first['duplicates']}) "
        f"unchanged={again['unchanged']} songkick merged={merged['duplicates']} "
        f"songkick new={merged['new']}; events now {total:,}"
    )
    assert first["new"] + first["duplicates"] == NEW and again["unchanged"] == NEW
    engine.dispose()
