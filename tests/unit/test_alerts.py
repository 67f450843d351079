"""Alerts through the real feed write path: a change is seen once, announced once."""

from __future__ import annotations

import email
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from email import policy

from sqlalchemy import func, select

from data.alerts.changes import event_changes
from data.alerts.mail import read_unsubscribe_token
from data.models import (
    City,
    Delivery,
    Event,
    EventArtist,
    EventChange,
    Notification,
    OutboundMail,
    Subscription,
    User,
)
from data.services.alerts import collect
from data.services.outbox import claim_due, mark_failed, unsubscribe
from tests import feeds_payloads as fp
from tests.unit.test_feeds_dedupe import COLUMBIA, KH, ingest

DAY = date.today() + timedelta(days=30)
NOW = datetime.combine(date.today(), time(9))
MAIL = {"secret": "s3cret", "base_url": "http://rw.test", "sender": "RW <rw@rw.test>"}


def _listener(session, **extra) -> User:
    user = User(
        email="fan@example.org",
        password_hash="x",
        display_name="Fan",
        timezone="America/New_York",
        **extra,
    )
    session.add(user)
    session.flush()
    return user


def _watch(session, user: User, event_id: int) -> Subscription:
    sub = Subscription(user_id=user.id, kind="watch", event_id=event_id)
    session.add(sub)
    session.commit()
    return sub


def test_changes_name_what_an_alert_cares_about():
    old = {
        "status": "scheduled",
        "local_date": DAY,
        "local_time": time(20),
        "venue_id": 1,
        "price_min": 40.0,
        "currency": "EUR",
    }
    assert event_changes(old, dict(old)) == []
    kinds = [k for k, _, _ in event_changes(old, {**old, "status": "cancelled"})]
    assert kinds == ["cancelled"]
    moved = {**old, "local_date": DAY + timedelta(days=1), "venue_id": 2, "price_min": 30.0}
    assert [k for k, _, _ in event_changes(old, moved)] == ["rescheduled", "venue", "price_drop"]
    assert [k for k, _, _ in event_changes({**old, "status": "offsale"}, old)] == ["on_sale"]
    assert [k for k, _, _ in event_changes(old, {**old, "local_time": time(21)})] == ["time"]


def test_a_watched_event_cancelled_by_a_feed_run_alerts_once(db_session):
    show = fp.Show("a", [KH], COLUMBIA, DAY, time(20), price=(39.5, 59.0))
    ingest(db_session, "ticketmaster", [show])
    db_session.commit()
    event_id = db_session.scalar(select(Event.id))
    user = _listener(db_session)
    _watch(db_session, user, event_id)
    collect(db_session, NOW, MAIL)  # nothing has changed yet
    db_session.commit()
    assert db_session.scalar(select(func.count()).select_from(Delivery)) == 0

    ingest(db_session, "ticketmaster", [replace(show, status="cancelled")])
    db_session.commit()
    assert db_session.scalars(select(EventChange.kind)).all() == ["cancelled"]
    first = collect(db_session, NOW, MAIL)
    again = collect(db_session, NOW, MAIL)
    db_session.commit()
    assert (first["deliveries"], first["notifications"], first["mails"]) == (1, 1, 1)
    assert again["deliveries"] == 0
    note = db_session.scalars(select(Notification)).one()
    assert note.user_id == user.id and note.body == "Cancelled" and note.read_at is None
    mail = db_session.scalars(select(OutboundMail)).one()
    message = email.message_from_string(mail.message, policy=policy.default)
    assert "Cancelled" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = message["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    assert read_unsubscribe_token(MAIL["secret"], token) == "fan@example.org"
    assert "America/New_York" in message.get_body(("plain",)).get_content()


def test_an_unchanged_rerun_and_an_unrelated_change_alert_nobody(db_session):
    show = fp.Show("a", [KH], COLUMBIA, DAY, time(20), price=(39.5, 59.0))
    ingest(db_session, "ticketmaster", [show])
    ingest(db_session, "ticketmaster", [show])
    ingest(db_session, "ticketmaster", [replace(show, price=(29.5, 59.0))])
    db_session.commit()
    assert db_session.scalars(select(EventChange.kind)).all() == ["price_drop"]
    assert collect(db_session, NOW, MAIL)["deliveries"] == 0  # nobody watches it


def test_new_show_near_home_by_a_followed_artist_and_digest(db_session):
    soon = date.today() + timedelta(days=7)  # inside the digest's two weeks
    ingest(db_session, "ticketmaster", [fp.Show("a", [KH], COLUMBIA, soon, time(20))])
    db_session.commit()
    event = db_session.scalars(select(Event)).one()
    berlin = db_session.get(City, event.city_id)
    user = _listener(db_session, home_city_id=berlin.id)
    artist_id = db_session.scalar(select(EventArtist.artist_id))
    db_session.add_all(
        [
            Subscription(user_id=user.id, kind="new_shows", artist_id=artist_id),
            Subscription(user_id=user.id, kind="digest", city_id=berlin.id),
        ]
    )
    db_session.commit()
    # the cursor starts at 0, so the first run sees the show as new
    counts = collect(db_session, NOW, MAIL)
    db_session.commit()
    assert counts["deliveries"] == 2 and counts["notifications"] == 1 and counts["mails"] == 2
    kinds = sorted(db_session.scalars(select(OutboundMail.kind)))
    assert kinds == ["alert", "digest"]
    assert collect(db_session, NOW + timedelta(days=1), MAIL)["deliveries"] == 0


def test_unsubscribed_address_gets_no_more_mail_and_failures_back_off(db_session):
    user = _listener(db_session)
    db_session.add(
        OutboundMail(
            user_id=user.id,
            to_addr=user.email,
            subject="s",
            kind="alert",
            message="Subject: s\n\nbody",
            next_attempt_at=NOW,
        )
    )
    db_session.add(
        OutboundMail(
            user_id=user.id,
            to_addr="other@example.org",
            subject="s",
            kind="alert",
            message="Subject: s\n\nbody",
            next_attempt_at=NOW,
        )
    )
    db_session.commit()
    assert unsubscribe(db_session, "FAN@example.org") is True
    assert unsubscribe(db_session, "fan@example.org") is False
    claimed = claim_due(db_session, NOW)
    assert [m["to_addr"] for m in claimed] == ["other@example.org"]
    assert claim_due(db_session, NOW) == []  # claimed once
    assert mark_failed(db_session, claimed[0]["id"], "SMTPServerDisconnected", NOW, 3) == "pending"
    assert claim_due(db_session, NOW + timedelta(seconds=60)) == []  # backing off
    assert len(claim_due(db_session, NOW + timedelta(minutes=3))) == 1


def test_a_mail_left_sending_by_a_crashed_worker_is_reclaimed_after_the_lease(db_session):
    from data.services.outbox import CLAIM_LEASE, mark_sent

    db_session.add(
        OutboundMail(
            to_addr="crash@example.org",
            subject="s",
            kind="alert",
            message="Subject: s\n\nbody",
            next_attempt_at=NOW,
        )
    )
    db_session.commit()
    (claimed,) = claim_due(db_session, NOW)  # the worker dies before mark_sent / mark_failed
    db_session.commit()
    assert claim_due(db_session, NOW + CLAIM_LEASE - timedelta(seconds=1)) == []  # still leased
    (again,) = claim_due(db_session, NOW + CLAIM_LEASE)
    assert again["id"] == claimed["id"]
    assert claim_due(db_session, NOW + CLAIM_LEASE) == []  # the new claim holds too
    mark_sent(db_session, again["id"], NOW + CLAIM_LEASE)
    db_session.commit()
    assert claim_due(db_session, NOW + 10 * CLAIM_LEASE) == []  # sent mail is never reclaimed


def test_many_new_shows_in_one_run_are_one_bell_item_not_a_flood(db_session):
    soon = date.today() + timedelta(days=20)
    shows = [fp.Show(f"n{i}", [KH], COLUMBIA, soon + timedelta(days=i), time(20)) for i in range(5)]
    ingest(db_session, "ticketmaster", shows)
    db_session.commit()
    berlin = db_session.get(City, db_session.scalars(select(Event.city_id)).first())
    user = _listener(db_session, home_city_id=berlin.id)
    artist_id = db_session.scalar(select(EventArtist.artist_id))
    db_session.add(Subscription(user_id=user.id, kind="new_shows", artist_id=artist_id))
    db_session.commit()
    counts = collect(db_session, NOW, MAIL)
    db_session.commit()
    assert counts["deliveries"] == 5 and counts["notifications"] == 1
    note = db_session.scalars(select(Notification).where(Notification.user_id == user.id)).one()
    assert note.title == "5 new shows by artists you play" and note.event_id is None
