"""Write-behind feed runs on PostgreSQL store exactly what the plain path stores: the same
events, merges, provenance, lineups, genres, artists and venues, and the same run counts, also
when groups depend on each other (an artist or venue created in one group and used in the
next, two records of one run matching the same stored event) and when the database refuses
a group and the run falls back to the plain path."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from data.db import Database, make_engine, writes
from data.feeds import ADAPTERS
from data.models import Base
from data.services import feed_runs, ingest, write_behind
from data.services.feed_runs import ingest_run
from data.services.run_state import RunState
from tests import feeds_payloads as fp

GROUP = 4

TABLES = {
    "events": "id, title, local_date, local_time, status, venue_id, city_id, price_min",
    "event_sources": "event_id, source, source_id, content_hash",
    "event_artists": "event_id, artist_id, position, is_headliner",
    "event_genres": "event_id, genre_id, source",
    "artists": "id, name, name_key, spotify_id, mbid",
    "artist_genres": "artist_id, genre_id, source",
    "venues": "id, name, city_id, lat, lng, approximate",
    "venue_sources": "venue_id, source, source_id",
    "cities": "id, slug",
    "genres": "id, key",
}


def _shows(changed: bool = False) -> list[fp.Show]:
    halls = [
        fp.Venue(f"Hall {i}", 52.50 + i * 0.01, 13.40, "Berlin", "DE", "Germany", "Europe/Berlin")
        for i in range(3)
    ]
    halls = [fp.Venue(**{**h.__dict__, "ids": {"tm": f"KV{i}"}}) for i, h in enumerate(halls)]
    shows = []
    for i in range(22):
        band = (f"Band {i % 7}", f"sp{i % 7}" if i % 3 == 0 else None, None)
        shows.append(
            fp.Show(
                str(i),
                [band, (f"Support {i % 5}", None, None)],
                halls[i % 3],
                date(2027, 3, 1) + timedelta(days=i % 4),
                time(20, 0) if not (changed and i % 5 == 0) else time(20, 30),
                status="cancelled" if changed and i % 4 == 0 else "scheduled",
                genres=("Rock",) if i % 2 else ("Jazz",),
                price=(10.0, 20.0),
            )
        )
    return shows


def _pages(source: str, shows: list[fp.Show], offset: int = 0):
    adapter = ADAPTERS[source](None)
    items = [fp.RENDER[source](s, offset + i) for i, s in enumerate(shows)]
    for start in range(0, len(items), 3):
        yield adapter.parse_payload(fp.wrap(source, items[start : start + 3]))


def _runs(database: Database) -> list[dict]:
    shows = _shows()
    # the same show listed twice by one feed under two ids (in the next batch of the group,
    # and in the next group): each merges once, the second listing becomes an event of its own
    twice = list(shows)
    for at, show in ((4, shows[1]), (8, shows[2])):
        twice.insert(at, fp.Show(f"dup{at}", show.artists, show.venue, show.day, show.at))
    reports = [
        ingest_run(database, "ticketmaster", {}, _pages("ticketmaster", shows)),
        ingest_run(database, "songkick", {}, _pages("songkick", twice)),
        ingest_run(database, "ticketmaster", {}, _pages("ticketmaster", _shows(changed=True))),
        ingest_run(database, "songkick", {}, _pages("songkick", twice)),
    ]
    keys = ("new", "updated", "unchanged", "duplicates", "failed")
    return [{k: r[k] for k in keys} for r in reports]


def _state(database: Database) -> dict:
    state = {}
    with database.engine.connect() as conn:
        for table, cols in TABLES.items():
            query = text(f"SELECT {cols} FROM {table}")  # noqa: S608 (fixed names above)
            state[table] = sorted(map(tuple, conn.execute(query)))
    return state


def _database(url: str) -> Database:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))


@pytest.fixture
def small_groups(monkeypatch):
    grouped = feed_runs._grouped
    monkeypatch.setattr(feed_runs, "_grouped", lambda pages: grouped(pages, size=GROUP))
    monkeypatch.setattr(ingest, "BATCH", 3)


def _plain(monkeypatch) -> None:
    monkeypatch.setattr(feed_runs, "group_writer", write_behind.SerialGroups)


def test_write_behind_stores_what_the_plain_path_stores(postgres_url, small_groups, monkeypatch):
    behind = _database(postgres_url)
    behind_reports = _runs(behind)
    behind_state = _state(behind)
    with behind.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    _plain(monkeypatch)
    plain = _database(postgres_url)
    assert _runs(plain) == behind_reports
    assert _state(plain) == behind_state
    assert behind_reports[1]["duplicates"] == 22 and behind_reports[1]["new"] == 2
    assert behind_reports[2]["updated"] > 0 and behind_reports[3]["unchanged"] == 24


def test_a_refused_group_falls_back_to_the_plain_path(postgres_url, small_groups, monkeypatch):
    plain = _database(postgres_url)
    with monkeypatch.context() as patched:
        _plain(patched)
        plain_reports = _runs(plain)
    plain_state = _state(plain)
    with plain.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))

    applied = writes.DeferredWrites.apply
    calls = []

    def refuse_the_second(self, session):
        calls.append(1)
        if len(calls) in (2, 9):
            raise OperationalError("COPY", {}, Exception("refused for the test"))
        applied(self, session)

    monkeypatch.setattr(writes.DeferredWrites, "apply", refuse_the_second)
    behind = _database(postgres_url)
    assert _runs(behind) == plain_reports
    assert len(calls) > 9
    state = _state(behind)
    # ids drawn for the refused groups are skipped; everything else is the same
    for table in ("event_sources", "event_genres", "artist_genres", "venue_sources"):
        assert len(state[table]) == len(plain_state[table]), table
    assert [r[1:] for r in state["events"]] == [r[1:] for r in plain_state["events"]]
    assert [r[1:] for r in state["artists"]] == [r[1:] for r in plain_state["artists"]]


@pytest.mark.parametrize("path", ["write-behind", "plain"])
def test_a_value_the_database_refuses_fails_one_event_not_the_run(
    postgres_url, small_groups, monkeypatch, path
):
    """A price past numeric(10, 2) reaches the database through COPY, whose error is the
    driver's own; it must fail that event alone, as any refused event does."""
    if path == "plain":
        _plain(monkeypatch)
    database = _database(postgres_url)
    shows = _shows()
    shows[5] = fp.Show(**{**shows[5].__dict__, "price": (1e12, 2e12)})
    report = ingest_run(database, "ticketmaster", {}, _pages("ticketmaster", shows))
    assert report["status"] == "finished"
    assert (report["new"], report["failed"]) == (len(shows) - 1, 1)
    [reason] = report["failures"]
    assert reason.startswith("database refused the event: numeric field overflow")


def test_the_writer_is_chosen_once_from_the_database(postgres_url, tmp_path):
    run = RunState("ticketmaster", None)
    behind = write_behind.group_writer(_database(postgres_url), run, None)
    assert isinstance(behind, write_behind.WriteBehind)
    assert isinstance(behind.fallback, write_behind.SerialGroups) and behind.fallback.run is run
    serial = write_behind.group_writer(_database(f"sqlite:///{tmp_path}/feeds.db"), run, None)
    assert type(serial) is write_behind.SerialGroups
