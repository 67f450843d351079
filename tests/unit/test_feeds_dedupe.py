"""Matching and deduplication through the real ingest path (SQLite schema from the models)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from data.feeds import ADAPTERS
from data.matching.events import EventKey, match_score
from data.models import Artist, ArtistGenre, Event, EventArtist, EventSource, Genre, Venue
from data.services.event_rows import split_event_source
from data.services.feed_runs import ingest_events
from data.services.ingest import ingest_page, prepare
from data.services.run_state import RunState
from tests import feeds_payloads as fp

COLUMBIA = fp.Venue("Columbiahalle", 52.48356, 13.38862, "Berlin", "DE", "Germany", "Europe/Berlin")
ARENA_OLD = fp.Venue(
    "Mercedes-Benz Arena", 52.50694, 13.44333, "Berlin", "DE", "Germany", "Europe/Berlin"
)
ARENA_NEW = fp.Venue("Uber Arena", 52.50701, 13.44340, "Berlin", "DE", "Germany", "Europe/Berlin")
KH = ("Khruangbin", "2mVVjNmdjXZZDvhgQWiakk", None)
MIT = ("Men I Trust", None, None)
DAY = date(2027, 3, 12)


def ingest(session, source: str, shows, start: int = 0) -> dict:
    items = [fp.RENDER[source](show, start + i) for i, show in enumerate(shows)]
    page = ADAPTERS[source](None).parse_payload(fp.wrap(source, items))
    assert not page.failures, page.failures
    return ingest_events(session, source, page.events)


def events(session) -> list[Event]:
    return list(session.scalars(select(Event).order_by(Event.local_date, Event.local_time)))


def sources_of(session, event_id: int) -> list[str]:
    return list(session.scalars(select(EventSource.source).where(EventSource.event_id == event_id)))


def test_same_show_from_four_sources_is_one_event_with_provenance(db_session):
    show = fp.Show("a", [KH, MIT], COLUMBIA, DAY, time(20), price=(39.5, 59.0))
    reports = [
        ingest(db_session, s, [show])
        for s in ("ticketmaster", "songkick", "bandsintown", "seatgeek")
    ]
    assert [r["new"] for r in reports] == [1, 0, 0, 0]
    assert [r["duplicates"] for r in reports] == [0, 1, 1, 1]
    (event,) = events(db_session)
    assert sorted(sources_of(db_session, event.id)) == [
        "bandsintown",
        "seatgeek",
        "songkick",
        "ticketmaster",
    ]
    assert event.created_run_id == reports[0]["run_id"]


def test_two_shows_same_venue_same_day_stay_two(db_session):
    early = fp.Show("e", [KH], COLUMBIA, DAY, time(17, 0))
    late = fp.Show("l", [KH], COLUMBIA, DAY, time(21, 0))
    ingest(db_session, "ticketmaster", [early, late])
    report = ingest(db_session, "songkick", [early, late])
    assert report["duplicates"] == 2 and report["new"] == 0
    rows = events(db_session)
    assert [e.local_time for e in rows] == [time(17), time(21)]
    # each show got its own songkick record, not both on one
    assert [sorted(sources_of(db_session, e.id)) for e in rows] == [
        ["songkick", "ticketmaster"]
    ] * 2


def test_a_feed_listing_two_events_never_merges_them_with_one_record(db_session):
    a = fp.Show("a", [KH], COLUMBIA, DAY, time(20))
    b = fp.Show("b", [KH], COLUMBIA, DAY, time(20, 30))  # a second show the same feed lists
    report = ingest(db_session, "ticketmaster", [a, b])
    assert report["new"] == 2


def test_dj_set_is_not_the_concert_but_is_the_same_artist(db_session):
    concert = fp.Show("c", [KH], COLUMBIA, DAY, time(20))
    dj = fp.Show(
        "d",
        [("Khruangbin (DJ set)", None, None)],
        COLUMBIA,
        DAY,
        time(20, 30),
        title="Khruangbin (DJ set)",
    )
    ingest(db_session, "ticketmaster", [concert])
    report = ingest(db_session, "bandsintown", [dj])
    assert report["new"] == 1 and report["duplicates"] == 0
    artists = db_session.scalars(select(Artist.name)).all()
    assert artists == ["Khruangbin"]
    assert db_session.scalar(select(func.count()).select_from(EventArtist)) == 2


def test_same_tour_next_night_is_a_new_event(db_session):
    ingest(db_session, "ticketmaster", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    report = ingest(
        db_session, "songkick", [fp.Show("2", [KH], COLUMBIA, date(2027, 3, 13), time(20))]
    )
    assert report["new"] == 1 and len(events(db_session)) == 2


def test_renamed_venue_nearby_still_merges(db_session):
    ingest(db_session, "songkick", [fp.Show("1", [KH, MIT], ARENA_OLD, DAY, time(20))])
    report = ingest(db_session, "ticketmaster", [fp.Show("1", [KH, MIT], ARENA_NEW, DAY, time(20))])
    assert report["duplicates"] == 1
    assert db_session.scalar(select(func.count()).select_from(Venue)) == 2  # names differ


def test_doors_versus_show_time_within_tolerance_merges(db_session):
    ingest(db_session, "ticketmaster", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    report = ingest(db_session, "bandsintown", [fp.Show("1", [KH], COLUMBIA, DAY, time(19))])
    assert report["duplicates"] == 1


def test_same_payload_twice_changes_nothing(db_session):
    shows = [fp.Show(str(i), [KH, MIT], COLUMBIA, date(2027, 4, i + 1), time(20)) for i in range(5)]
    first = ingest(db_session, "ticketmaster", shows)
    before = [(e.id, e.updated_run_id, e.updated_at) for e in events(db_session)]
    second = ingest(db_session, "ticketmaster", shows)
    assert first["new"] == 5
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 0, 5)
    assert [(e.id, e.updated_run_id, e.updated_at) for e in events(db_session)] == before
    rows = db_session.scalars(select(EventSource)).all()
    assert {r.last_run_id for r in rows} == {second["run_id"]}
    assert {r.first_run_id for r in rows} == {first["run_id"]}


def test_hashes_prepared_on_the_fetch_thread_match_the_write_path(db_session):
    shows = [fp.Show(str(i), [KH, MIT], COLUMBIA, date(2027, 4, i + 1), time(20)) for i in range(3)]
    relisted = fp.Show("1", [KH], COLUMBIA, date(2027, 4, 9), time(21))  # same id, other content
    items = [fp.RENDER["ticketmaster"](s, i) for i, s in enumerate([*shows, relisted])]
    items[3]["id"] = items[1]["id"]
    page = prepare(ADAPTERS["ticketmaster"](None).parse_payload(fp.wrap("ticketmaster", items)))
    assert page.hashes == [e.content_hash() for e in page.events]
    run = RunState("ticketmaster", None)
    ingest_page(db_session, run, page)
    assert (run.counts.new, run.counts.duplicates) == (3, 1)
    again = ingest(db_session, "ticketmaster", shows)  # hashed in the write path this time
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_changed_record_updates_in_place_and_cancellation_is_marked(db_session):
    show = fp.Show("1", [KH], COLUMBIA, DAY, time(20))
    first = ingest(db_session, "ticketmaster", [show])
    show.status, show.at = "cancelled", time(21)
    second = ingest(db_session, "ticketmaster", [show])
    assert second["updated"] == 1 and second["new"] == 0
    (event,) = events(db_session)
    assert event.status == "cancelled" and event.local_time == time(21)
    assert event.created_run_id == first["run_id"] and event.updated_run_id == second["run_id"]


def test_disappeared_events_are_kept(db_session):
    shows = [fp.Show(str(i), [KH], COLUMBIA, date(2027, 5, i + 1), time(20)) for i in range(3)]
    ingest(db_session, "seatgeek", shows)
    ingest(db_session, "seatgeek", shows[:1])
    assert len(events(db_session)) == 3


def test_second_source_fills_blanks_but_never_overrides(db_session):
    ingest(db_session, "songkick", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    ingest(
        db_session,
        "ticketmaster",
        [fp.Show("1", [KH], COLUMBIA, DAY, time(20), title="KHRUANGBIN LIVE", price=(30.0, 50.0))],
    )
    (event,) = events(db_session)
    assert event.title == "Khruangbin" and (event.price_min, event.price_max) == (30.0, 50.0)


def test_lineups_resolve_to_listening_artists(db_session):
    listened = Artist(name="Khruangbin", name_key="khruangbin", spotify_id=KH[1])
    fuzzy = Artist(name="Men I Trust", name_key="men i trust")
    db_session.add_all([listened, fuzzy])
    db_session.flush()
    show = fp.Show(
        "1",
        [("KHRUANGBIN", None, None), ("Men I Trustt", None, None)],
        COLUMBIA,
        DAY,
        time(20),
        genres=("Psychedelic Rock",),
    )
    ingest(db_session, "jambase", [show])
    lineup = db_session.execute(
        select(EventArtist.artist_id, EventArtist.is_headliner).order_by(EventArtist.position)
    ).all()
    assert [tuple(r) for r in lineup] == [(listened.id, True), (fuzzy.id, False)]
    claim = db_session.execute(
        select(ArtistGenre.artist_id, Genre.name, ArtistGenre.source).join(Genre)
    ).all()
    assert [tuple(c) for c in claim] == [(listened.id, "Psychedelic Rock", "jambase")]


def test_split_undoes_a_wrong_merge(db_session):
    ingest(db_session, "ticketmaster", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    ingest(db_session, "songkick", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    (event,) = events(db_session)
    wrong = db_session.scalar(select(EventSource).where(EventSource.source == "songkick"))
    new_id = split_event_source(db_session, wrong.id)
    assert new_id != event.id and len(events(db_session)) == 2
    assert sources_of(db_session, event.id) == ["ticketmaster"]
    assert sources_of(db_session, new_id) == ["songkick"]
    # the next songkick run refreshes the split-out event instead of re-merging it
    report = ingest(db_session, "songkick", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    assert report["updated"] == 1 and len(events(db_session)) == 2


def test_bad_items_do_not_block_good_ones_or_damage_stored_rows(db_session):
    ingest(db_session, "ticketmaster", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    (before,) = events(db_session)
    good = fp.ticketmaster(fp.Show("2", [MIT], COLUMBIA, date(2027, 3, 14), time(20)), "TMgood")
    broken = fp.ticketmaster(fp.Show("1", [KH], COLUMBIA, DAY, time(20)), "TM0")
    broken["_embedded"]["venues"][0]["location"]["latitude"] = "not-a-number"
    impossible = fp.ticketmaster(fp.Show("3", [KH], COLUMBIA, DAY, time(20)), "TMbad")
    impossible["dates"]["start"]["localDate"] = "2027-02-29"
    page = ADAPTERS["ticketmaster"](None).parse_payload(
        fp.wrap("ticketmaster", [good, broken, impossible])
    )
    report = ingest_events(db_session, "ticketmaster", page.events)
    assert report["new"] == 1 and len(page.failures) == 2
    stored = db_session.get(Event, before.id)
    assert (stored.title, stored.local_time, stored.venue_id) == (
        "Khruangbin",
        time(20),
        before.venue_id,
    )


def test_match_score_rules():
    base = {
        "venue_id": 1,
        "lat": 52.5,
        "lng": 13.4,
        "local_date": DAY,
        "artist_ids": (1,),
        "headliner_ids": frozenset({1}),
    }
    concert = EventKey(local_time=time(20), title="Khruangbin", **base)
    assert match_score(
        concert, EventKey(local_time=None, title="Khruangbin w/ Men I Trust", **base)
    )
    assert match_score(concert, EventKey(local_time=time(23), title="Khruangbin", **base)) is None
    assert (
        match_score(concert, EventKey(local_time=time(20), title="Khruangbin - DJ Set", **base))
        is None
    )
    other = {**base, "artist_ids": (2,), "headliner_ids": frozenset({2})}
    assert match_score(concert, EventKey(local_time=time(20), title="Khruangbin", **other)) is None
    far = {**base, "venue_id": 2, "lat": 52.51}
    assert match_score(concert, EventKey(local_time=time(20), title="Khruangbin", **far)) is None


def test_promoter_event_publishes_updates_and_merges_with_feeds(db_session):
    from data.feeds.model import BadItem
    from data.services.feed_runs import publish_promoter_event

    fields = {
        "title": "Khruangbin",
        "date": "2027-03-12",
        "time": "20:00",
        "venue": "Columbiahalle",
        "city": "Berlin",
        "country": "DE",
        "lat": "52.48356",
        "lng": "13.38862",
        "artists": ["Khruangbin"],
    }
    from data.models import User

    promoter = User(email="p@example.org", password_hash="x", display_name="P")
    db_session.add(promoter)
    db_session.flush()
    event_id = publish_promoter_event(db_session, promoter.id, "kh-berlin", fields)
    event = db_session.get(Event, event_id)
    assert event.promoter_id == promoter.id and event.local_time == time(20)
    assert (
        publish_promoter_event(
            db_session, promoter.id, "kh-berlin", {**fields, "status": "cancelled"}
        )
        == event_id
    )
    assert db_session.get(Event, event_id).status == "cancelled"
    report = ingest(db_session, "songkick", [fp.Show("1", [KH], COLUMBIA, DAY, time(20))])
    assert report["duplicates"] == 1 and len(events(db_session)) == 1
    import pytest

    with pytest.raises(BadItem):
        publish_promoter_event(db_session, promoter.id, "broken", {**fields, "date": "2027-02-30"})
