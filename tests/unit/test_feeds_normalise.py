"""Each adapter's normalisation of a saved provider payload (tests/fixtures/feeds)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from data.feeds import ADAPTERS, FeedError, promoter_event
from data.feeds.model import BadItem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feeds"


def parse(source: str, name: str, **config):
    return ADAPTERS[source](None, **config).parse_file((FIXTURES / name).read_bytes())


def by_id(page):
    return {e.source_id: e for e in page.events}


def test_ticketmaster_quirks():
    page = parse("ticketmaster", "ticketmaster_events.json")
    events = by_id(page)
    kh = events["G5diZ9Kh1"]
    assert (kh.local_date, kh.local_time, kh.timezone) == (
        date(2027, 3, 12),
        time(20),
        "Europe/Berlin",
    )
    assert kh.starts_at == datetime(2027, 3, 12, 19, 0)
    assert kh.venue.lat == pytest.approx(52.48356) and isinstance(kh.venue.lng, float)
    assert kh.venue.source_id == "KovZ9177Tf0" and kh.venue.country_code == "DE"
    assert kh.genres == ["Alternative", "Psychedelic"]  # "Undefined" dropped
    assert (kh.price_min, kh.price_max, kh.currency) == (39.5, 59.0, "EUR")  # face value
    assert [(e.name, e.headliner) for e in kh.lineup] == [
        ("Khruangbin", True),
        ("Men I Trust", False),
    ]
    assert kh.lineup[0].spotify_id == "2mVVjNmdjXZZDvhgQWiakk"
    assert kh.lineup[0].mbid == "dcd8d3ee-a3ba-4b87-9e8a-1a1a6b9e9c4f"
    assert "<script>" not in kh.description and "<b>All ages</b>" in kh.description
    assert kh.image_url.endswith("_1024.jpg")
    assert events["G5diZ9Ar1"].status == "cancelled"  # "canceled", one l
    floating = events["G5diZ9Fp1"]
    assert floating.local_time is None and floating.starts_at is None  # TBA is not midnight
    reasons = dict(page.failures)
    assert reasons["G5diZ9Bad"].startswith("coordinates out of range")
    assert reasons["G5diZ9NoDate"].startswith("missing date")
    assert reasons["G5diZ9Imp"].startswith("impossible date")


def test_bandsintown_zone_comes_from_venue_coordinates():
    page = parse("bandsintown", "bandsintown_events.json")
    events = by_id(page)
    berlin = events["1027300111"]
    assert berlin.timezone == "Europe/Berlin" and berlin.starts_at == datetime(2027, 3, 12, 19, 0)
    eindhoven = events["1027300112"]
    assert eindhoven.timezone == "Europe/Amsterdam" and eindhoven.venue.country_code == "NL"
    assert eindhoven.starts_at == datetime(2027, 3, 14, 18, 30)
    barcelona = events["1027300113"]  # no coordinates: zone from the city; date-only rule
    assert barcelona.timezone == "Europe/Madrid" and barcelona.local_time is None
    assert barcelona.venue.lat is None and barcelona.status == "cancelled"
    assert berlin.title == "Khruangbin + Men I Trust" and berlin.venue.region is None
    assert dict(page.failures)["1027300114"].startswith("impossible date")


def test_jambase_timezone_date_only_and_headliners():
    page = parse("jambase", "jambase_events.json")
    events = by_id(page)
    kh = events["jambase:11001"]
    assert kh.timezone == "Europe/Berlin" and kh.starts_at == datetime(2027, 3, 12, 19)
    assert [e.headliner for e in kh.lineup] == [True, False]
    assert kh.lineup[0].spotify_id == "2mVVjNmdjXZZDvhgQWiakk"
    assert (kh.price_min, kh.price_max, kh.currency) == (41, 61, "EUR")
    assert kh.genres == ["psychedelic", "funk", "indie"]
    idles = events["jambase:11002"]
    assert idles.local_time is None and idles.starts_at is None and idles.status == "postponed"
    assert page.failures == [("2", "missing startDate")]


def test_seatgeek_tbd_flags():
    page = parse("seatgeek", "seatgeek_events.json")
    events = by_id(page)
    kh = events["7000101"]
    assert kh.starts_at == datetime(2027, 3, 12, 19) and kh.local_time == time(20)
    assert [e.headliner for e in kh.lineup] == [True, False] and kh.genres == ["Rock", "Indie"]
    arlo = events["7000102"]
    assert arlo.local_time is None and arlo.starts_at is None  # 03:30 placeholder dropped
    assert dict(page.failures)["7000103"] == "date to be determined"


def test_songkick_offsets_festivals_billing():
    page = parse("songkick", "songkick_events.json")
    events = by_id(page)
    kh = events["40100001"]
    assert kh.title == "Khruangbin with Men I Trust"  # " at Venue (date)" removed
    assert kh.starts_at == datetime(2027, 3, 12, 19) and kh.timezone == "Europe/Berlin"
    assert [(e.name, e.headliner, e.mbid is not None) for e in kh.lineup] == [
        ("Khruangbin", True, True),
        ("Men I Trust", False, True),
    ]
    fest = events["40100002"]
    assert fest.title == "Tempelhof Sounds 2027" and fest.local_time is None
    assert [e.headliner for e in fest.lineup] == [True, True]
    assert events["40100003"].status == "cancelled"
    assert events["40100003"].starts_at == datetime(2027, 4, 2, 18)  # +0200 in April
    assert "40100004" in dict(page.failures)


def test_eventbrite_sanitises_and_skips_online():
    page = parse("eventbrite", "eventbrite_events.json")
    events = by_id(page)
    koko = events["880011223344"]
    assert koko.starts_at == datetime(2027, 3, 20, 18, 30) and koko.timezone == "Europe/Berlin"
    assert (koko.price_min, koko.price_max, koko.currency) == (18.0, 25.0, "EUR")
    assert "onerror" not in koko.description and "<b>Afrobeat</b>" in koko.description
    assert events["880011223346"].status == "cancelled" and events["880011223346"].price_min == 0.0
    assert dict(page.failures)["880011223345"] == "online event (no venue)"


def test_ical_recurrence_exdate_moved_instance_and_all_day():
    page = parse("ical", "panda_theater.ics", start="2027-01-01", end="2027-12-31")
    events = by_id(page)
    jams = sorted(k for k in events if k.startswith("jam-session"))
    # six weekly Mondays from 1 March, minus the EXDATE on 15 March
    assert [k.rsplit("/", 1)[1] for k in jams] == [
        "2027-03-01",
        "2027-03-08",
        "2027-03-22",
        "2027-03-29",
        "2027-04-05",
    ]
    moved = events["jam-session@panda-theater.de/2027-03-22"]
    assert moved.local_time == time(22) and "late start" in moved.title
    # 29 March is after the switch to summer time: 21:00 CEST is 19:00 UTC
    assert events["jam-session@panda-theater.de/2027-03-29"].starts_at == datetime(2027, 3, 29, 19)
    koko = events["kokoroko-2027@panda-theater.de"]
    assert koko.venue.lat == pytest.approx(52.5393) and koko.venue.city == "Berlin"
    assert "Tickets at the door" in koko.description  # folded line joined
    assert koko.genres == ["Jazz", "Afrobeat"]
    fest = events["summer-fest-2027@panda-theater.de"]
    assert (
        fest.status == "cancelled"
        and fest.local_time is None
        and fest.local_date == date(2027, 7, 3)
    )
    assert dict(page.failures)["broken-geo@panda-theater.de"].startswith("coordinates out of range")


def test_ical_window_limits_expansion():
    page = parse("ical", "panda_theater.ics", start="2027-03-01", end="2027-03-10")
    assert sorted(e.source_id for e in page.events) == [
        "jam-session@panda-theater.de/2027-03-01",
        "jam-session@panda-theater.de/2027-03-08",
    ]


def test_admin_csv_rows_and_bad_rows():
    page = parse("csv", "admin_upload.csv")
    events = by_id(page)
    assert [e.name for e in events["adm-1"].lineup] == ["Kokoroko", "Nala Sinephro"]
    assert events["adm-2"].local_time is None and events["adm-2"].timezone == "Europe/Berlin"
    assert set(dict(page.failures)) == {"adm-3", "adm-4"}


@pytest.mark.parametrize(
    ("source", "body", "message"),
    [
        ("ticketmaster", b"<!DOCTYPE html><html>Gateway timeout</html>", "HTML page"),
        ("seatgeek", b'{"events": [', "malformed JSON"),
        ("songkick", b"", "empty response"),
        ("csv", b"title,date\nx,2027-01-01\n", "missing columns"),
        ("ical", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nnot ical", "iCalendar"),
    ],
)
def test_unreadable_payloads_are_rejected_with_a_reason(source, body, message):
    with pytest.raises(FeedError, match=message):
        ADAPTERS[source](None).parse_file(body)


def test_wrong_shape_is_a_failure_not_a_crash():
    page = ADAPTERS["seatgeek"](None).parse_payload({"unexpected": True})
    assert page.events == [] and page.failures[0][0] == "payload"
    page = ADAPTERS["ticketmaster"](None).parse_payload({"_embedded": {"events": [1, "x", None]}})
    assert len(page.failures) == 3


def test_promoter_event():
    event = promoter_event(
        7,
        "spring-gala",
        {
            "title": "Spring Gala",
            "date": "2027-04-01",
            "time": "19:00",
            "venue": "Zosch",
            "city": "Berlin",
            "country": "DE",
            "artists": ["Aoife O'Donovan"],
            "genres": "Folk",
        },
    )
    assert event.source == "promoter" and event.source_id == "7:spring-gala"
    assert event.promoter_id == 7 and event.timezone == "Europe/Berlin"
    assert event.starts_at == datetime(2027, 4, 1, 17)
    with pytest.raises(BadItem):
        promoter_event(7, "x", {"title": "", "date": "2027-04-01"})
