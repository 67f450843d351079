"""Which feeds run, how often, with which credentials; the source lock on the embedded default."""

from __future__ import annotations

from data.feeds import build_client, configured_sources, interval_minutes
from tests.conftest import make_settings
from workers.feeds import SourceLock, _city_query, _pages
from workers.periodic import periodic_jobs


def test_only_configured_sources_are_scheduled_at_their_intervals(tmp_path):
    settings = make_settings(
        tmp_path,
        ticketmaster_api_key="k",
        songkick_api_key="s",
        eventbrite_token="t",  # no organizers: Eventbrite has nothing to fetch
        feed_interval_minutes=240,
        feed_intervals=("ticketmaster=60",),
    )
    assert configured_sources(settings) == ["ticketmaster", "songkick"]
    feeds = {j.name: j for j in periodic_jobs(settings) if j.name.startswith("feed:")}
    assert set(feeds) == {"feed:ticketmaster", "feed:songkick"}
    assert feeds["feed:ticketmaster"].interval_seconds == 3600
    assert feeds["feed:songkick"].interval_seconds == 240 * 60
    assert feeds["feed:songkick"].func_path == "workers.feeds.poll"
    assert feeds["feed:songkick"].kwargs == {"source": "songkick"}
    assert all(j.queue == "feeds" for j in feeds.values())
    assert interval_minutes(settings, "jambase") == 240


def test_no_keys_no_feed_jobs(tmp_path):
    assert not [j for j in periodic_jobs(make_settings(tmp_path)) if j.name.startswith("feed:")]


def test_credentials_go_where_each_provider_expects_them(tmp_path):
    settings = make_settings(
        tmp_path,
        ticketmaster_api_key="tm",
        eventbrite_token="eb",
        feed_base_urls=("ticketmaster=http://127.0.0.1:9999",),
    )
    tm = build_client(settings, "ticketmaster")
    assert tm.params == {"apikey": "tm"} and tm.base_url == "http://127.0.0.1:9999"
    assert tm.min_interval == 0.2  # 5 requests per second
    eb = build_client(settings, "eventbrite")
    assert eb.session.headers["Authorization"] == "Bearer eb"
    assert eb.base_url == "https://www.eventbriteapi.com"


def test_city_queries_per_provider():
    city = {"name": "Berlin", "lat": 52.52437, "lng": 13.41053}
    assert _city_query("ticketmaster", city, 50) == {
        "latlong": "52.5244,13.4105",
        "radius": 50,
        "unit": "km",
    }
    assert _city_query("songkick", city, 50) == {"location": "geo:52.5244,13.4105"}
    assert _city_query("seatgeek", city, 30)["range"] == "30km"


def test_pages_fan_out_over_cities_with_the_window():
    seen = []

    class Recorder:
        def pages(self, params):
            seen.append(params)
            return iter(())

    params = {
        "cities": [{"lat": 1.0, "lng": 2.0}, {"lat": 3.0, "lng": 4.0}],
        "start": "s",
        "end": "e",
    }
    list(_pages(Recorder(), "seatgeek", params, 25))
    assert seen == [
        {"lat": 1.0, "lon": 2.0, "range": "25km", "start": "s", "end": "e"},
        {"lat": 3.0, "lon": 4.0, "range": "25km", "start": "s", "end": "e"},
    ]


def test_embedded_source_lock_is_exclusive_and_released(tmp_path):
    settings = make_settings(tmp_path)
    first, second = SourceLock(settings, "songkick"), SourceLock(settings, "songkick")
    assert first.acquire()
    assert not second.acquire()
    assert SourceLock(settings, "seatgeek").acquire()  # other sources are independent
    second.release()  # not the holder: must not free the lock
    assert not SourceLock(settings, "songkick").acquire()
    first.release()
    assert second.acquire()


def test_ticketmaster_daily_quota_is_shared_across_runs(tmp_path):
    from workers.feeds import _budget, _spend

    settings = make_settings(tmp_path, ticketmaster_daily_quota=100)
    assert _budget(settings, "ticketmaster") == 100
    _spend(settings, "ticketmaster", 60)
    _spend(settings, "ticketmaster", 30)
    assert _budget(settings, "ticketmaster") == 10
    _spend(settings, "ticketmaster", 25)
    assert _budget(settings, "ticketmaster") == 0
    assert _budget(settings, "songkick") is None  # no documented daily quota
