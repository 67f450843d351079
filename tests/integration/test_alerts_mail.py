"""Alerts end to end on PostgreSQL with a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import socket
import threading
from dataclasses import replace
from datetime import date, time, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from data.db import get_database, session_scope
from data.feeds import ADAPTERS
from data.models import Delivery, Event, EventArtist, MailSuppression, Subscription, User, utcnow
from data.services.alerts import collect
from data.services.feed_runs import ingest_events
from tests import feeds_payloads as fp
from tests.conftest import make_settings, swapped_database
from tests.unit.test_feeds_dedupe import COLUMBIA, KH
from workers.alerts import send_due

SOON = date.today() + timedelta(days=5)


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


@pytest.fixture
def mail_settings(dash_app, tmp_path, postgres_url, smtp):
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp[0],
        public_base_url="http://rw.test",
    )
    with swapped_database(settings):
        yield settings


def _config(settings) -> dict:
    return {
        "secret": settings.secret_key,
        "base_url": settings.public_base_url,
        "sender": settings.smtp_from,
    }


def _ingest(*shows) -> None:
    items = [fp.RENDER["ticketmaster"](show, i) for i, show in enumerate(shows)]
    page = ADAPTERS["ticketmaster"](None).parse_payload(fp.wrap("ticketmaster", items))
    with session_scope() as session:
        ingest_events(session, "ticketmaster", page.events)


def _listener_watching_and_digesting() -> str:
    with session_scope() as session:
        event = session.scalars(select(Event)).one()
        user = User(
            email="fan@example.org",
            password_hash="x",
            display_name="Fan",
            timezone="Asia/Tokyo",
            home_city_id=event.city_id,
        )
        session.add(user)
        session.flush()
        session.add_all(
            [
                Subscription(user_id=user.id, kind="watch", event_id=event.id),
                Subscription(user_id=user.id, kind="digest", city_id=event.city_id),
            ]
        )
    return user.email


def test_digest_and_alert_arrive_with_both_parts_and_unsubscribe_works(mail_settings, smtp, client):
    _, inbox = smtp
    show = fp.Show("a", [KH], COLUMBIA, SOON, time(20), price=(39.5, 59.0))
    _ingest(show)
    address = _listener_watching_and_digesting()
    other = fp.Show("b", [KH], COLUMBIA, SOON + timedelta(days=2), time(19))
    _ingest(replace(show, status="cancelled"), other)  # the digest lists the show still on
    with session_scope() as session:
        counts = collect(session, utcnow(), _config(mail_settings))
    assert counts["mails"] == 2
    assert send_due(mail_settings, backoff=0.01) == (2, 0)
    by_subject = {m["Subject"]: m for m in inbox.messages}
    digest = next(m for s, m in by_subject.items() if s.startswith("Your weekly shows"))
    alert = next(m for s, m in by_subject.items() if "Cancelled" in s)
    for message in (digest, alert):
        assert message["To"] == address
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "Khruangbin" in plain and "Khruangbin" in html
        assert "Asia/Tokyo" in plain  # the listener's zone, not the venue's
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = alert["List-Unsubscribe"].strip("<>").replace("http://rw.test", "")
    assert "Unsubscribe" in client.get(link).get_data(as_text=True)
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.get("/unsubscribe/forged-token").status_code == 404
    with session_scope() as session:
        assert session.get(MailSuppression, address) is not None
        assert not session.scalar(select(func.count()).where(Subscription.active.is_(True)))
    # the show is rescheduled: a new change, but the address is unsubscribed
    _ingest(replace(show, status="scheduled", day=SOON + timedelta(days=1)), other)
    with session_scope() as session:
        collect(session, utcnow(), _config(mail_settings))
    assert send_due(mail_settings, backoff=0.01) == (0, 0)
    assert len(inbox.messages) == 2


def test_two_overlapping_runs_send_each_mail_once(mail_settings, smtp):
    _, inbox = smtp
    _ingest(fp.Show("a", [KH], COLUMBIA, SOON, time(20)))
    with session_scope() as session:
        event = session.scalars(select(Event)).one()
        artist_id = session.scalar(select(EventArtist.artist_id))
        users = [
            User(
                email=f"fan{i}@example.org",
                password_hash="x",
                display_name=f"Fan {i}",
                home_city_id=event.city_id,
            )
            for i in range(5)
        ]
        session.add_all(users)
        session.flush()
        session.add_all(
            Subscription(user_id=u.id, kind="new_shows", artist_id=artist_id) for u in users
        )
    db = get_database()
    first, second = db.sessionmaker(), db.sessionmaker()
    try:
        counts_a = collect(first, utcnow(), _config(mail_settings))  # not committed yet
        result: dict = {}
        run_b = threading.Thread(
            target=lambda: result.update(collect(second, utcnow(), _config(mail_settings)))
        )
        run_b.start()  # blocks on the unique key until the first run commits
        run_b.join(timeout=1)
        assert run_b.is_alive()
        first.commit()
        run_b.join(timeout=30)
        second.commit()
    finally:
        first.close()
        second.close()
    assert counts_a["mails"] == 5 and result["deliveries"] == 0 and result["mails"] == 0
    senders = [threading.Thread(target=send_due, args=(mail_settings, 0.01)) for _ in range(2)]
    for t in senders:
        t.start()
    for t in senders:
        t.join(timeout=60)
    assert sorted(m["To"] for m in inbox.messages) == [f"fan{i}@example.org" for i in range(5)]
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 5
        assert set(session.scalars(select(Delivery.status))) == {"sent"}


class FlakyInbox(Inbox):
    """Answers 451 (try again later) to the first ``failures`` messages."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        return await super().handle_DATA(server, session, envelope)


def test_smtp_errors_are_retried_with_back_off_and_recorded(mail_settings, smtp):
    from data.models import OutboundMail

    inbox = FlakyInbox(failures=4)
    _, smtp_inbox = smtp
    smtp_inbox.handle_DATA = inbox.handle_DATA  # the running server's handler answers 451 first
    _ingest(fp.Show("a", [KH], COLUMBIA, SOON, time(20)))
    address = _listener_watching_and_digesting()
    with session_scope() as session:
        assert collect(session, utcnow(), _config(mail_settings))["mails"] == 1  # the digest
    assert send_due(mail_settings, backoff=0.01) == (0, 1)  # three tries in the run, all 451
    with session_scope() as session:
        mail = session.scalars(select(OutboundMail)).one()
        assert (mail.status, mail.attempts) == ("pending", 3)
        assert "451" in mail.last_error and mail.next_attempt_at > utcnow()
    assert send_due(mail_settings, backoff=0.01) == (0, 0)  # backing off: not due yet
    with session_scope() as session:
        session.get(OutboundMail, mail.id).next_attempt_at = utcnow()  # the pause has passed
    assert send_due(mail_settings, backoff=0.01) == (1, 0)  # one more 451, then accepted
    with session_scope() as session:
        mail = session.get(OutboundMail, mail.id)
        assert (mail.status, mail.attempts) == ("sent", 5) and "451" in mail.last_error
    assert [m["To"] for m in inbox.messages] == [address]
