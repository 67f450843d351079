"""Explorer speed at 10k and 100k events on SQLite and PostgreSQL; first paint in Chromium.

Run: ``.venv/bin/pytest tests/bench/test_explorer_speed.py -s`` (REWRAPPED_EXPLORER_SIZES=
2000,20000 for a quick run). Each size gets a fresh migrated database (so the search triggers
fill the index as rows go in), a listener with 3,000 plays and a home city.

Measured (p95 of RUNS calls, same run): ``explore`` for one page of a city's next 30 days
sorted For you, the same with a search and a genre filter, against a plain indexed date-range
query of the same page (its events and their lineups). Targets: explorer p95 <= 3x the plain
query's, and p95 at the largest size <= 2x at the smallest. The explorer keeps a ranked list
for a minute (data.queries.explorer_cache), so "for you" and "search" repeat a view; "next pg"
is a page not shown yet of a kept list, "cold" ranks from scratch every call.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.orm import sessionmaker

from data import migrate
from data.db import make_engine
from data.frame_cache import init_frame_cache
from data.models import Artist, City, Event, EventArtist, EventGenre, Genre, Play, User, Venue
from data.queries import explorer_cache
from data.queries.event_filters import EventFilters
from data.queries.explorer import explore
from tests.conftest import make_settings

pytestmark = pytest.mark.bench
SIZES = tuple(int(n) for n in os.environ.get("REWRAPPED_EXPLORER_SIZES", "10000,100000").split(","))
RUNS = 15
CITIES, VENUES, ARTISTS, GENRES = 20, 400, 8000, 24
TODAY = datetime.now(UTC).date()


def _fill(session, n: int, rng: random.Random) -> tuple[int, int]:
    """n events over 20 cities and 120 days; returns (listener id, a city id)."""
    session.execute(
        insert(City),
        [
            {
                "name": f"City {i}",
                "slug": f"city-{i}",
                "country_code": "DE",
                "lat": 48 + i * 0.3,
                "lng": 8 + i * 0.4,
                "timezone": "Europe/Berlin",
            }
            for i in range(CITIES)
        ],
    )
    cities = session.execute(select(City.id, City.lat, City.lng)).all()
    session.execute(
        insert(Venue),
        [
            {
                "name": f"Venue {i}",
                "name_key": f"venue {i}",
                "city_id": cities[i % CITIES].id,
                "lat": cities[i % CITIES].lat + rng.uniform(-0.05, 0.05),
                "lng": cities[i % CITIES].lng + rng.uniform(-0.05, 0.05),
                "timezone": "Europe/Berlin",
            }
            for i in range(VENUES)
        ],
    )
    venues = session.execute(select(Venue.id, Venue.city_id)).all()
    session.execute(
        insert(Genre), [{"name": f"Genre {g}", "key": f"genre {g}"} for g in range(GENRES)]
    )
    session.execute(
        insert(Artist),
        [{"name": f"Band {a} Quartet", "name_key": f"band {a} quartet"} for a in range(ARTISTS)],
    )
    artist_ids = list(session.scalars(select(Artist.id)))
    genre_ids = list(session.scalars(select(Genre.id)))
    for start in range(0, n, 10_000):
        rows = []
        for i in range(start, min(n, start + 10_000)):
            v = venues[i % VENUES]
            rows.append(
                {
                    "title": f"Show {i}",
                    "local_date": TODAY + timedelta(days=rng.randrange(120)),
                    "timezone": "Europe/Berlin",
                    "venue_id": v.id,
                    "city_id": v.city_id,
                    "price_min": float(rng.choice((0, 15, 30))),
                    "popularity": rng.random(),
                    "status": "scheduled",
                }
            )
        session.execute(insert(Event), rows)
        ids = list(session.scalars(select(Event.id).order_by(Event.id.desc()).limit(len(rows))))
        session.execute(
            insert(EventArtist),
            [
                {"event_id": e, "artist_id": a, "position": p}
                for e in ids
                for p, a in enumerate(rng.sample(artist_ids, rng.choice((1, 2, 3))))
            ],
        )
        session.execute(
            insert(EventGenre), [{"event_id": e, "genre_id": rng.choice(genre_ids)} for e in ids]
        )
        session.commit()
    user = User(
        email="bench@example.org",
        password_hash="x",
        display_name="Bench",
        home_city_id=cities[0].id,
    )
    session.add(user)
    session.flush()
    favourites = rng.sample(artist_ids, 60)
    now = datetime.now(UTC).replace(tzinfo=None)
    session.execute(
        insert(Play),
        [
            {
                "user_id": user.id,
                "ended_at": now - timedelta(minutes=7 * i),
                "ms_played": 200_000,
                "track_id": i,
                "artist_id": rng.choice(favourites),
                "kind": "music",
            }
            for i in range(3000)
        ],
    )
    session.commit()
    return user.id, cities[0].id


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] * 1000


def _time(func, runs: int = RUNS) -> float:
    func()  # warm: caches, plans
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        func()
        out.append(time.perf_counter() - t)
    return _p95(out)


PLAIN = text(
    "SELECT e.id, e.title, e.local_date, e.local_time, v.name FROM events e "
    "LEFT JOIN venues v ON v.id = e.venue_id WHERE e.city_id = :c AND e.local_date "
    "BETWEEN :a AND :b ORDER BY e.local_date, e.id LIMIT 20"
)


def _plain(session, city_id: int) -> None:
    rows = session.execute(PLAIN, {"c": city_id, "a": TODAY, "b": TODAY + timedelta(30)}).all()
    ids = [r.id for r in rows]
    session.execute(
        select(EventArtist.event_id, Artist.name).join(Artist).where(EventArtist.event_id.in_(ids))
    ).all()


def _cold(session, filters: EventFilters, uid: int):
    explorer_cache.forget()  # no kept ranked list: filter, rank and page from scratch
    return explore(session, filters, uid)


def _next_page(session, filters: EventFilters, uid: int):
    explorer_cache.drop_pages()  # the ranked list is kept; page 2 is built from it
    return explore(session, filters.with_(page=2), uid)


def _measure(url: str, n: int, instance) -> dict:
    engine = make_engine(url)
    migrate.upgrade(engine, url)
    init_frame_cache(make_settings(instance))
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as session:
        t = time.perf_counter()
        uid, city = _fill(session, n, random.Random(n))
        load = time.perf_counter() - t
    with maker() as session:
        foryou = EventFilters(when="month")
        searched = EventFilters(when="month", q="band 12", genres=("Genre 3", "Genre 5"))
        out = {
            "load_s": load,
            "plain": _time(lambda: _plain(session, city)),
            "foryou": _time(lambda: explore(session, foryou, uid)),
            "search": _time(lambda: explore(session, searched, uid)),
            "cold": _time(lambda: _cold(session, foryou, uid)),
            "next": _time(lambda: _next_page(session, foryou, uid)),
            "candidates": explore(session, foryou, uid).total,
        }
    engine.dispose()
    return out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_explorer_query_speed(backend, request, tmp_path):
    results = {}
    for n in SIZES:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / f'bench-{n}.db'}"
        else:
            url = request.getfixturevalue("postgres_url") if n == SIZES[0] else _fresh_pg(request)
        results[n] = _measure(url, n, tmp_path / f"inst-{n}")
    print(f"\n{backend}: p95 ms over {RUNS} runs (one page of 20; city, next 30 days)")
    print(
        f"{'events':>8} {'cands':>6} {'plain':>7} {'for you':>8} {'search':>7} "
        f"{'x plain':>8} {'next pg':>8} {'cold':>7} {'load s':>7}"
    )
    for n, r in results.items():
        ratio = max(r["foryou"], r["search"]) / r["plain"]
        print(
            f"{n:>8} {r['candidates']:>6} {r['plain']:>7.1f} {r['foryou']:>8.1f} "
            f"{r['search']:>7.1f} {ratio:>8.1f} {r['next']:>8.1f} {r['cold']:>7.1f} "
            f"{r['load_s']:>7.1f}"
        )
    small, large = results[SIZES[0]], results[SIZES[-1]]
    print(
        f"growth {SIZES[-1]} vs {SIZES[0]}: for you {large['foryou'] / small['foryou']:.2f}x, "
        f"search {large['search'] / small['search']:.2f}x, next page "
        f"{large['next'] / small['next']:.2f}x, cold {large['cold'] / small['cold']:.2f}x"
    )


def _fresh_pg(request) -> str:
    # A second database for the second size (the fixture gives one per test).
    from tests.conftest import POSTGRES_URL

    name = f"rw_bench_{random.randrange(10**9)}"
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    request.addfinalizer(drop)
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
