"""Talent finder (k >= 5, growth, no local show, shows elsewhere) and venue availability."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from data.models import Artist, City, Event, EventArtist, Play, User, Venue
from data.queries import talent as q
from data.services.shortlist import toggle

TODAY = date(2026, 11, 10)
NOW = datetime(2026, 11, 10)


def _add(session, *rows):
    session.add_all(rows)
    session.flush()
    return rows


@pytest.fixture
def world(db_session):
    berlin, paris = _add(
        db_session,
        City(name="Berlin", slug="berlin", country_code="DE", lat=1, lng=1, timezone="UTC"),
        City(name="Paris", slug="paris", country_code="FR", lat=1, lng=1, timezone="UTC"),
    )
    rising, small, booked = _add(
        db_session,
        Artist(name="Rising", name_key="rising"),
        Artist(name="Small", name_key="small"),
        Artist(name="Booked", name_key="booked"),
    )
    locals_ = _add(
        db_session,
        *(
            User(email=f"l{i}@x.org", password_hash="x", display_name="l", home_city_id=berlin.id)
            for i in range(8)
        ),
    )
    tourist = _add(
        db_session,
        User(email="t@x.org", password_hash="x", display_name="t", home_city_id=paris.id),
    )[0]

    def play(user, artist, days_ago):
        return Play(
            user_id=user.id,
            ended_at=NOW - timedelta(days=days_ago, minutes=artist.id),
            ms_played=200_000,
            track_id=artist.id,
            artist_id=artist.id,
        )

    plays = [play(u, rising, 10) for u in locals_[:8]]  # 8 recent local listeners
    plays += [play(u, rising, 120) for u in locals_[:5]]  # 5 in the 90 days before
    plays += [play(u, small, 5) for u in locals_[:4]] + [play(tourist, small, 5)]  # 4 local
    plays += [play(u, booked, 5) for u in locals_[:6]]
    _add(db_session, *plays)
    club = _add(db_session, Venue(name="Club", name_key="club", city_id=berlin.id))[0]
    hall = _add(db_session, Venue(name="Hall", name_key="hall", city_id=paris.id))[0]
    local_show, away, past = _add(
        db_session,
        Event(
            title="Booked live",
            local_date=TODAY + timedelta(days=3),
            timezone="UTC",
            city_id=berlin.id,
            venue_id=club.id,
        ),
        Event(
            title="Rising in Paris",
            local_date=TODAY + timedelta(days=20),
            timezone="UTC",
            city_id=paris.id,
            venue_id=hall.id,
        ),
        Event(
            title="Old",
            local_date=TODAY - timedelta(days=4),
            timezone="UTC",
            city_id=berlin.id,
            venue_id=club.id,
        ),
    )
    _add(
        db_session,
        EventArtist(event_id=local_show.id, artist_id=booked.id),
        EventArtist(event_id=away.id, artist_id=rising.id),
        EventArtist(event_id=past.id, artist_id=rising.id),
    )
    return {"berlin": berlin.id, "rising": rising.id, "club": club.id}


def test_talent_lists_only_unbooked_artists_with_five_or_more_local_listeners(db_session, world):
    frame = q.talent(db_session, world["berlin"], TODAY)
    assert frame["artist"].tolist() == ["Rising"]  # Small has 4 locals, Booked plays here soon
    row = frame.iloc[0]
    assert row["listeners"] == 8 and row["growth"] == pytest.approx(8 / 5 - 1)
    assert row["shows_elsewhere"] == f"Paris ({TODAY + timedelta(days=20):%d %b})"


def test_shortlist_toggles(db_session, world):
    assert toggle(db_session, 1, world["rising"]) is True
    assert q.shortlist(db_session, 1) == {world["rising"]}
    assert q.shortlist_names(db_session, 1) == ["Rising"]
    assert toggle(db_session, 1, world["rising"]) is False
    assert q.shortlist(db_session, 1) == set()
    with pytest.raises(ValueError, match="unknown artist"):
        toggle(db_session, 1, "x")


def test_venue_free_dates_and_busiest_weekdays(db_session, world):
    start = TODAY
    free = q.free_dates(db_session, world["club"], start, start + timedelta(days=6))
    assert TODAY + timedelta(days=3) not in free and len(free) == 6
    weekdays = q.busiest_weekdays(db_session, world["club"])
    assert weekdays["events"].sum() == 2
    # Both shows fall on a Friday (6 and 13 November 2026).
    assert weekdays.iloc[0].tolist() == ["Friday", 2]
    assert weekdays["events"].iloc[1:].sum() == 0
