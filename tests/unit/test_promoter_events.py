"""The promoter's event form: field-level validation, saving through the pipeline, ownership."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from data.feeds.promoter_form import FormError, Known, Place, validate
from data.models import Event, EventSource
from data.queries.promoter_events import event_form, search_artists
from data.services import promoter_events as svc
from tests.unit.promoter_fixtures import build

TODAY = date(2026, 11, 10)
BERLIN = Place("Berlin", "Berlin", "DE", "Europe/Berlin", 52.52, 13.40)
KNOWN = Known(
    venues={7: Place("Tresor", "Berlin", "DE", "Europe/Berlin", 52.51, 13.42)},
    cities={3: BERLIN},
    genres=frozenset({"Techno", "House"}),
)
GOOD = {
    "title": "Night  Shift",
    "artists": ["Ellen Allien"],
    "new_artists": "Newcomer, Another One",
    "venue_id": 7,
    "date": "2026-12-01",
    "time": "23:00",
    "doors": "22:00",
    "price_min": "15",
    "price_max": "25.5",
    "currency": "eur",
    "ticket_url": "https://tickets.example.org/x",
    "genres": ["Techno"],
    "description": "**Loud**. <script>alert(1)</script>",
    "sponsored": True,
}


def _errors(**changes) -> dict:
    with pytest.raises(FormError) as caught:
        validate({**GOOD, **changes}, KNOWN, TODAY)
    return caught.value.errors


def test_a_good_form_becomes_pipeline_fields():
    fields = validate(GOOD, KNOWN, TODAY)
    assert fields["title"] == "Night Shift"
    assert fields["artists"] == ["Ellen Allien", "Newcomer", "Another One"]
    assert fields["venue"] == "Tresor" and fields["timezone"] == "Europe/Berlin"
    assert fields["currency"] == "EUR" and fields["price_max"] == 25.5
    assert "<strong>Loud</strong>" in fields["description"]
    assert "<script" not in fields["description"]
    assert fields["sponsored"] is True and fields["doors"].hour == 22


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "  "}, "title", "title"),
        ({"title": "x" * 201}, "title", "200"),
        ({"date": "2026-02-30"}, "date", "2027-03-12"),
        ({"date": "2026-11-09"}, "date", "past"),
        ({"time": "25:00"}, "time", "20:30"),
        ({"doors": "23:30"}, "doors", "after the show"),
        ({"price_min": "ten"}, "price_min", "number"),
        ({"price_min": "-1"}, "price_min", "between"),
        ({"price_min": "30", "price_max": "20"}, "price_max", "below"),
        ({"currency": "XYZ"}, "currency", "currency"),
        ({"ticket_url": "javascript:alert(1)"}, "ticket_url", "http"),
        ({"image_url": "ftp://x.org/a.png"}, "image_url", "http"),
        ({"genres": ["Polka"]}, "genres", "Polka"),
        ({"venue_id": 99}, "venue_id", "list"),
        ({"venue_id": None}, "venue_id", "new one"),
        ({"venue_id": None, "venue_name": "Club", "city_id": 42}, "city_id", "city"),
        ({"description": "x" * 5001}, "description", "5000"),
    ],
)
def test_each_bad_field_gets_its_own_message(changes, field, words):
    errors = _errors(**changes)
    assert field in errors and words in errors[field]


def test_every_bad_field_is_reported_at_once():
    errors = _errors(title="", date="", ticket_url="nope")
    assert {"title", "date", "ticket_url"} <= set(errors)


def test_a_new_venue_in_a_known_city():
    fields = validate(
        {
            **GOOD,
            "venue_id": "",
            "venue_name": "Hoftheater",
            "venue_address": "Hof 1",
            "city_id": 3,
        },
        KNOWN,
        TODAY,
    )
    assert (fields["venue"], fields["city"], fields["address"]) == ("Hoftheater", "Berlin", "Hof 1")


def _form(world, session, **changes):
    venue = session.scalar(select(Event.venue_id).where(Event.id == world.mine))
    return {**GOOD, "venue_id": venue, "genres": ["Techno"], **changes}


def test_save_edit_cancel_delete_own_event(db_session):
    world = build(db_session)
    new_id = svc.save_event(db_session, world.alice, False, None, _form(world, db_session), TODAY)
    db_session.commit()
    event = db_session.get(Event, new_id)
    assert event.promoter_id == world.alice and event.sponsored and event.doors_time.hour == 22
    source = db_session.scalar(select(EventSource.source).where(EventSource.event_id == new_id))
    assert source == "promoter"
    values = event_form(db_session, world.alice, False, new_id)
    assert values["artists"][:1] == ["Ellen Allien"] and "Loud" in values["description"]
    edited = _form(world, db_session, title="Night Shift II", sponsored=False)
    assert svc.save_event(db_session, world.alice, False, new_id, edited, TODAY) == new_id
    db_session.commit()
    assert db_session.get(Event, new_id).title == "Night Shift II"
    svc.cancel_event(db_session, world.alice, False, new_id)
    assert db_session.get(Event, new_id).status == "cancelled"
    svc.delete_event(db_session, world.alice, False, new_id)
    db_session.commit()
    assert db_session.get(Event, new_id) is None


def test_another_promoters_event_is_untouchable(db_session):
    world = build(db_session)
    before = db_session.scalar(select(func.count()).select_from(Event))
    form = _form(world, db_session, title="Hijacked")
    for attempt in (
        lambda: svc.save_event(db_session, world.alice, False, world.theirs, form, TODAY),
        lambda: svc.cancel_event(db_session, world.alice, False, world.theirs),
        lambda: svc.delete_event(db_session, world.alice, False, world.theirs),
        lambda: svc.delete_event(db_session, world.alice, False, "1 OR 1=1"),
    ):
        with pytest.raises(svc.NotYours):
            attempt()
    db_session.rollback()
    theirs = db_session.get(Event, world.theirs)
    assert theirs.title == "Bob Night" and theirs.status == "scheduled"
    assert db_session.scalar(select(func.count()).select_from(Event)) == before
    assert event_form(db_session, world.alice, False, world.theirs) is None
    # An admin may edit anyone's event; it stays the owner's.
    svc.save_event(db_session, world.alice, True, world.theirs, form, TODAY)
    assert db_session.get(Event, world.theirs).promoter_id == world.bob


def test_a_bad_form_stores_nothing(db_session):
    world = build(db_session)
    before = db_session.scalar(select(func.count()).select_from(Event))
    with pytest.raises(FormError):
        svc.save_event(
            db_session, world.alice, False, None, _form(world, db_session, date="x"), TODAY
        )
    assert db_session.scalar(select(func.count()).select_from(Event)) == before


def test_artist_autocomplete(db_session):
    from data.models import Artist

    db_session.add_all(
        [Artist(name=n, name_key=n.lower()) for n in ("Moderat", "Modeselektor", "Apparat")]
    )
    db_session.flush()
    assert search_artists(db_session, "mod") == ["Moderat", "Modeselektor"]
    assert search_artists(db_session, "m") == []
