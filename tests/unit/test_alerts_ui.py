"""Alert toggles, Profile's subscriptions and the bell, through Dash's callback endpoint."""

from __future__ import annotations

import json

from sqlalchemy import select

from data.db import session_scope
from data.models import Event, Notification, OutboundMail, Subscription, User, utcnow
from data.services.alerts import collect
from tests.pattern_calls import post as _post

LISTENER = "listener@demo.rewrapped"


def _toggle(client, index: str, clicks: int):
    pid = {"type": "alert-subscribe", "index": index}
    changed = json.dumps(pid, sort_keys=True, separators=(",", ":")) + ".n_clicks"
    status, body = _post(
        client,
        [(pid, "children"), (pid, "outline")],
        [(pid, "n_clicks", clicks)],
        changed if clicks else None,
    )
    assert status == 200, body
    return body["response"][json.dumps(pid, sort_keys=True, separators=(",", ":"))]


def _upcoming_event() -> int:
    with session_scope() as session:
        return session.scalar(
            select(Event.id)
            .where(Event.local_date > utcnow().date())
            .order_by(Event.id.desc())
            .limit(1)
        )


def test_watch_toggle_shows_state_and_subscribes_once(login):
    client = login(LISTENER)
    event_id = _upcoming_event()
    assert _toggle(client, f"watch:{event_id}", 0)["children"] == "Watch this event"
    assert _toggle(client, f"watch:{event_id}", 1)["children"] == "Watching — stop"
    with session_scope() as session:
        user_id = session.scalar(select(User.id).where(User.email == LISTENER))
        watching = session.scalars(
            select(Subscription.user_id).where(
                Subscription.kind == "watch", Subscription.event_id == event_id
            )
        ).all()
    assert watching == [user_id]
    assert _toggle(client, f"watch:{event_id}", 2)["children"] == "Watch this event"


def test_anonymous_visitors_cannot_subscribe(client):
    pid = {"type": "alert-subscribe", "index": "watch:1"}
    status, _ = _post(client, [(pid, "children"), (pid, "outline")], [(pid, "n_clicks", 1)])
    assert status == 401


def test_bell_counts_unread_and_mark_all_read_clears_it(login, dash_app):
    config = dash_app.server.config["SETTINGS"]
    with session_scope() as session:
        collect(
            session,
            utcnow(),
            {"secret": config.secret_key, "base_url": "http://x", "sender": config.smtp_from},
        )
    client = login(LISTENER)
    outputs = [("bell-count", "children"), ("bell-list", "children")]
    inputs = [
        ("bell-poll", "n_intervals", 1),
        ("url", "pathname", "/"),
        ("bell-read", "n_clicks", 0),
    ]
    _, body = _post(client, outputs, inputs, "bell-poll.n_intervals")
    with session_scope() as session:
        user_id = session.scalar(select(User.id).where(User.email == LISTENER))
        unread = session.scalars(
            select(Notification).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        ).all()
        mails = session.scalars(
            select(OutboundMail.kind).where(OutboundMail.user_id == user_id)
        ).all()
    assert unread, "the demo listener's watched event and new-show alert give notifications"
    assert "digest" in mails and "alert" in mails
    assert body["response"]["bell-count"]["children"] == str(len(unread))
    assert any(n.body.startswith("Price dropped") for n in unread), [n.body for n in unread]
    assert json.dumps(body["response"]["bell-list"]).count("bell-item") == min(10, len(unread))
    inputs[2] = ("bell-read", "n_clicks", 1)
    _, body = _post(client, outputs, inputs, "bell-read.n_clicks")
    assert body["response"]["bell-count"]["children"] == ""


def test_profile_adds_and_removes_a_digest(login):
    client = login(LISTENER)
    with session_scope() as session:
        city_id = session.scalar(select(Event.city_id).where(Event.city_id.is_not(None)).limit(1))
    outputs = [("alerts-list", "children"), ("alerts-digest-status", "children")]

    def manage(add: int, removes: list, changed: str | None, city=city_id):
        return _post(
            client,
            outputs,
            [
                ("alerts-digest-add", "n_clicks", add),
                [({"type": "alert-remove", "index": i}, "n_clicks", c) for i, c in removes],
                [],
            ],
            changed,
            [("alerts-digest-city", "value", city), ("alerts-digest-genres", "value", [])],
        )

    status, body = manage(1, [], "alerts-digest-add.n_clicks")
    assert status == 200 and "Digest added" in json.dumps(body)
    with session_scope() as session:
        user_id = session.scalar(select(User.id).where(User.email == LISTENER))
        new = session.scalar(
            select(Subscription.id)
            .where(Subscription.user_id == user_id)
            .order_by(Subscription.id.desc())
            .limit(1)
        )
    rid = json.dumps({"index": new, "type": "alert-remove"}, separators=(",", ":"))
    _, body = manage(0, [(new, 1)], f"{rid}.n_clicks")
    assert "Subscription removed" in json.dumps(body)
    with session_scope() as session:
        assert session.get(Subscription, new) is None


def test_without_smtp_mail_lands_in_the_outbox_that_admin_lists(dash_app, login):
    from workers.alerts import outbox_dir, outbox_files, send_due

    config = dash_app.server.config["SETTINGS"]
    assert not config.smtp_host
    with session_scope() as session:
        collect(
            session,
            utcnow(),
            {"secret": config.secret_key, "base_url": "http://x", "sender": config.smtp_from},
        )
    sent, failed = send_due(config, backoff=0.0)
    assert failed == 0
    files = outbox_files(config, limit=1000)
    assert len(files) >= sent and files
    text = (outbox_dir(config) / files[0]).read_text()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in text
    client = login("admin@demo.rewrapped")
    status, body = _post(
        client,
        [
            ("admin-mail-table", "children"),
            ("admin-mail-note", "children"),
            ("admin-mail-page", "max_value"),
        ],
        [("admin-mail-page", "active_page", 1), ("admin-refresh", "n_intervals", 0)],
        "admin-mail-page.active_page",
    )
    assert status == 200 and files[0] in json.dumps(body)


def test_subscribing_again_after_an_unsubscribe_link_turns_mail_back_on(dash_app):
    from callbacks.alerts import MAIL_BACK_ON, MAIL_OFF, manage_subscriptions
    from data.models import MailSuppression
    from data.services.outbox import unsubscribe
    from tests.unit.test_explorer import as_user
    from tests.unit.wrapped_fixtures import add_user

    email = "came-back@example.test"
    with session_scope() as session:
        add_user(session, email)
        city_id = session.scalar(select(Event.city_id).where(Event.city_id.is_not(None)).limit(1))
    with session_scope() as session:
        unsubscribe(session, email)
    trigger = "alerts-digest-add.n_clicks"
    _, note = as_user(dash_app, email, manage_subscriptions, 0, [], [], None, None, trigger="x.y")
    assert note == MAIL_OFF  # Profile says why no mail comes, and how to get it back
    _, message = as_user(
        dash_app, email, manage_subscriptions, 1, [], [], city_id, [], trigger=trigger
    )
    assert message.startswith("Digest added") and message.endswith(MAIL_BACK_ON)
    with session_scope() as session:
        assert session.get(MailSuppression, email) is None
    _, note = as_user(dash_app, email, manage_subscriptions, 0, [], [], None, None, trigger="x.y")
    assert note == ""
