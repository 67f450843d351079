"""The real adapters over HTTP against fake providers on loopback: paging, limits, failures."""

from __future__ import annotations

import time
from datetime import date, timedelta
from datetime import time as dtime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from data.db import Database, make_engine
from data.feeds import build_adapter
from data.feeds.http import FeedError, QuotaExhausted, RateLimited
from data.models import Base, Event, FeedRun
from data.services.feed_runs import ingest_run
from tests import feeds_payloads as fp
from tests.conftest import make_settings
from tests.integration.fake_feeds import HTML_ERROR, FakeFeeds

BERLIN = fp.Venue("Columbiahalle", 52.48356, 13.38862, "Berlin", "DE", "Germany", "Europe/Berlin")


@pytest.fixture
def fake():
    server = FakeFeeds().start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path, fake):
    sources = (
        "ticketmaster",
        "seatgeek",
        "songkick",
        "jambase",
        "bandsintown",
        "eventbrite",
        "ical",
    )
    return make_settings(
        tmp_path,
        ticketmaster_api_key="tm-key",
        seatgeek_client_id="sg-key",
        bandsintown_app_id="bit-key",
        songkick_api_key="sk-key",
        jambase_api_key="jb-key",
        eventbrite_token="eb-token",
        feed_base_urls=tuple(f"{s}={fake.url}" for s in sources),
        feed_backoff_ms=50,
        feed_max_wait_seconds=5,
    )


@pytest.fixture
def database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'feeds.db'}")
    Base.metadata.create_all(engine)
    yield Database(str(engine.url), engine, sessionmaker(engine, expire_on_commit=False))
    engine.dispose()


def _shows(n: int, start: date, per_day: int = 50) -> list[fp.Show]:
    return [
        fp.Show(
            f"s{i}",
            [(f"Artist {i}", None, None)],
            BERLIN,
            start + timedelta(days=i // per_day),
            dtime(18 + i % 4, 0),
        )
        for i in range(n)
    ]


def _events(database: Database) -> int:
    with database.session_scope() as s:
        return s.scalar(select(func.count()).select_from(Event))


def test_ticketmaster_splits_deep_result_sets_by_date_window(fake, settings, database):
    shows = _shows(1500, date(2027, 1, 1))
    fake.ticketmaster_events = [fp.ticketmaster(s, f"TM{i}") for i, s in enumerate(shows)]
    adapter = build_adapter(settings, "ticketmaster")
    params = {
        "latlong": "52.5,13.4",
        "radius": 50,
        "start": "2026-12-31T00:00:00",
        "end": "2027-02-15T00:00:00",
    }
    report = ingest_run(
        database, "ticketmaster", params, adapter.pages(params), stats=adapter.client.stats
    )
    assert report["status"] == "finished"
    assert report["fetched"] == 1500 and report["new"] == 1500 and report["failed"] == 0
    tm_requests = [q for p, q in fake.requests if p == "/discovery/v2/events.json"]
    assert all(int(q["size"]) * int(q["page"]) < 1000 for q in tm_requests)
    assert len({q["startDateTime"] for q in tm_requests}) >= 2  # split into windows
    assert all(q["apikey"] == "tm-key" and q["classificationName"] == "music" for q in tm_requests)
    # 5 requests/s: the throttle spaces requests at least 0.2 s apart
    assert report["requests"] == len(tm_requests)


def test_a_window_too_busy_to_page_through_is_reported(fake, settings, database):
    """1,200 shows in one hour: halving stops at an hour, and the run says what it missed."""
    shows = [
        fp.Show(f"busy{i}", [(f"Artist {i}", None, None)], BERLIN, date(2027, 1, 1), dtime(20, 0))
        for i in range(1200)
    ]
    fake.ticketmaster_events = [fp.ticketmaster(s, f"TM{i}") for i, s in enumerate(shows)]
    adapter = build_adapter(settings, "ticketmaster")
    params = {"start": "2027-01-01T00:00:00", "end": "2027-01-02T00:00:00"}
    report = ingest_run(
        database, "ticketmaster", params, adapter.pages(params), stats=adapter.client.stats
    )
    assert report["status"] == "finished"
    # Like a payload-level error, the missed window counts as one fetched item that failed.
    assert (report["new"], report["failed"], report["fetched"]) == (1000, 1, 1001)
    [(reason, detail)] = report["failures"].items()
    assert reason.startswith("200 events not fetched") and "holds 1,200" in reason
    assert detail["examples"] == ["window 2027-01-01T18:45:00Z to 2027-01-01T19:30:00Z"]
    tm_requests = [q for p, q in fake.requests if p == "/discovery/v2/events.json"]
    assert all(int(q["size"]) * int(q["page"]) < 1000 for q in tm_requests)


def test_short_retry_after_is_waited_out_and_counted(fake, settings, database):
    fake.ticketmaster_events = [
        fp.ticketmaster(s, f"TM{i}") for i, s in enumerate(_shows(3, date(2027, 1, 1)))
    ]
    fake.inject(
        "/discovery",
        429,
        b'{"fault": {"faultstring": "Rate limit quota violation"}}',
        {"Retry-After": "1"},
    )
    adapter = build_adapter(settings, "ticketmaster")
    params = {"start": "2026-12-31T00:00:00", "end": "2027-01-05T00:00:00"}
    started = time.monotonic()
    report = ingest_run(
        database, "ticketmaster", params, adapter.pages(params), stats=adapter.client.stats
    )
    assert time.monotonic() - started >= 1.0
    assert report["status"] == "finished" and report["new"] == 3
    assert report["throttled"] == 1 and report["requests"] == 2


def test_long_retry_after_stops_the_run_for_rescheduling(fake, settings, database):
    fake.inject("/2/events", 429, b"{}", {"Retry-After": "3600"})
    adapter = build_adapter(settings, "seatgeek")
    report = ingest_run(database, "seatgeek", {}, adapter.pages({}), stats=adapter.client.stats)
    assert report["status"] == "throttled" and report["retry_after"] == 3600
    with database.session_scope() as s:
        run = s.get(FeedRun, report["run_id"])
        assert run.throttled == 1 and run.status == "throttled" and "retry after" in run.error


def test_server_errors_are_retried_with_backoff(fake, settings, database):
    fake.seatgeek_events = [
        fp.seatgeek(s, 7000 + i) for i, s in enumerate(_shows(5, date(2027, 2, 1)))
    ]
    fake.inject("/2/events", 500, b"oops")
    fake.inject("/2/events", 503, b"busy")
    adapter = build_adapter(settings, "seatgeek")
    report = ingest_run(database, "seatgeek", {}, adapter.pages({}), stats=adapter.client.stats)
    assert report["status"] == "finished" and report["new"] == 5 and report["requests"] == 3


def test_persistent_server_errors_fail_the_run_with_a_reason(fake, settings, database):
    for _ in range(4):
        fake.inject("/2/events", 500, b"oops")
    adapter = build_adapter(settings, "seatgeek")
    report = ingest_run(database, "seatgeek", {}, adapter.pages({}), stats=adapter.client.stats)
    assert report["status"] == "failed" and "HTTP 500" in report["error"]
    assert report["requests"] == 4  # one try plus three retries


def test_html_error_page_instead_of_json_is_recorded_and_keeps_earlier_pages(
    fake, settings, database
):
    fake.songkick_events = [
        fp.songkick(s, 400 + i) for i, s in enumerate(_shows(120, date(2027, 3, 1)))
    ]
    adapter = build_adapter(settings, "songkick")
    pages = adapter.pages({"location": "geo:52.5,13.4"})
    first = next(pages)
    fake.inject("/api/3.0/", 200, HTML_ERROR, {"Content-Type": "text/html"})

    def replay():
        yield first
        yield from pages

    report = ingest_run(database, "songkick", {}, replay(), stats=adapter.client.stats)
    assert report["status"] == "partial" and report["new"] == 50
    assert "HTML page instead of JSON" in report["error"]
    assert any("HTML page" in reason for reason in report["failures"])
    assert _events(database) == 50


def test_oversized_response_is_abandoned_without_loading_it(fake, settings):
    client = build_adapter(
        settings.__class__(**{**settings.__dict__, "feed_max_response_mb": 2}), "jambase"
    ).client
    import tracemalloc

    tracemalloc.start()
    with pytest.raises(FeedError, match="too large"):
        client.get_json("/huge.json", {"mb": 200})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert client.stats.bytes == 0


def test_quota_stops_the_run_cleanly_keeping_fetched_pages(fake, settings, database):
    fake.seatgeek_events = [
        fp.seatgeek(s, 9000 + i) for i, s in enumerate(_shows(250, date(2027, 4, 1)))
    ]
    adapter = build_adapter(settings, "seatgeek", max_requests=2)
    report = ingest_run(database, "seatgeek", {}, adapter.pages({}), stats=adapter.client.stats)
    assert report["status"] == "partial" and "budget" in report["error"]
    assert report["new"] == 200 and fake.count("/2/events") == 2


def test_seatgeek_jambase_songkick_page_through_everything(fake, settings, database):
    shows = _shows(230, date(2027, 5, 1))
    fake.seatgeek_events = [fp.seatgeek(s, 100 + i) for i, s in enumerate(shows)]
    fake.jambase_events = [fp.jambase(s, str(100 + i)) for i, s in enumerate(shows)]
    fake.songkick_events = [fp.songkick(s, 100 + i) for i, s in enumerate(shows)]
    totals = {}
    for source in ("seatgeek", "jambase", "songkick"):
        adapter = build_adapter(settings, source)
        totals[source] = ingest_run(
            database, source, {}, adapter.pages({}), stats=adapter.client.stats
        )
    assert [totals[s]["fetched"] for s in totals] == [230, 230, 230]
    assert totals["seatgeek"]["new"] == 230
    # the same shows from two more sources merge into the existing events
    assert totals["jambase"]["duplicates"] == 230 and totals["songkick"]["duplicates"] == 230
    assert _events(database) == 230
    assert fake.count("/2/events") == 3 and fake.count("/jb-api/v1/events") == 3
    assert all(int(q["perPage"]) <= 100 for p, q in fake.requests if p == "/jb-api/v1/events")


def test_bandsintown_per_artist_with_unknown_artist_recorded(fake, settings, database):
    shows = _shows(4, date(2027, 6, 1), per_day=1)
    fake.bandsintown = {
        "Artist 0": [fp.bandsintown(s, str(i)) for i, s in enumerate(shows[:2])],
        "Sigur Rós": [fp.bandsintown(s, str(i + 2)) for i, s in enumerate(shows[2:])],
    }
    adapter = build_adapter(settings, "bandsintown")
    params = {"artists": ["Artist 0", "Sigur Rós", "Nobody Knows Us"]}
    report = ingest_run(
        database, "bandsintown", params, adapter.pages(params), stats=adapter.client.stats
    )
    assert report["new"] == 4 and report["failed"] == 1
    assert "artist not found on Bandsintown" in report["failures"]
    assert (
        "/artists/Sigur%20R%C3%B3s/events",
        {"app_id": "bit-key", "date": "upcoming"},
    ) in fake.requests


def test_eventbrite_configured_organizers_follow_continuation(fake, settings, database):
    shows = _shows(5, date(2027, 7, 1), per_day=1)
    fake.eventbrite = {"77001": [fp.eventbrite(s, str(i)) for i, s in enumerate(shows)]}
    adapter = build_adapter(settings, "eventbrite")
    report = ingest_run(
        database,
        "eventbrite",
        {"organizers": ["77001"]},
        adapter.pages({"organizers": ["77001"]}),
        stats=adapter.client.stats,
    )
    assert report["new"] == 5 and fake.count("/v3/organizers/77001/events/") == 3
    assert all(
        q.get("_auth") == "Bearer eb-token" for p, q in fake.requests if p.startswith("/v3/")
    )


def test_ical_url_is_fetched_and_expanded(fake, settings, database):
    from pathlib import Path

    fake.files["/calendar.ics"] = (
        Path(__file__).parents[1] / "fixtures/feeds/panda_theater.ics"
    ).read_bytes()
    adapter = build_adapter(settings, "ical")
    params = {"urls": [f"{fake.url}/calendar.ics"], "start": "2027-01-01", "end": "2027-12-31"}
    report = ingest_run(database, "ical", params, adapter.pages(params), stats=adapter.client.stats)
    assert report["new"] == 7 and report["failed"] == 1


def test_rate_limited_error_carries_seconds(fake, settings):
    fake.inject("/jb-api", 429, b"{}", {"Retry-After": "120"})
    adapter = build_adapter(settings, "jambase")
    with pytest.raises(RateLimited) as caught:
        next(adapter.pages({}))
    assert caught.value.seconds == 120


def test_budget_zero_makes_no_request(fake, settings):
    adapter = build_adapter(settings, "ticketmaster", max_requests=0)
    with pytest.raises(QuotaExhausted):
        next(adapter.pages({"start": "2027-01-01T00:00:00", "end": "2027-01-02T00:00:00"}))
    assert fake.count("/discovery") == 0
