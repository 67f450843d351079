"""The alert run's write: deliveries at most once, in-app notifications, mails to send.

``collect`` is one transaction. Deliveries are inserted with ON CONFLICT DO NOTHING on the
(subscription, event, change) key and only the rows this run inserted become notifications
and mails, so two overlapping runs can never both announce the same change.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data.alerts.changes import describe
from data.alerts.mail import MailItem, Recipient, render
from data.models import (
    AlertCursor,
    Delivery,
    Event,
    MailSuppression,
    Notification,
    OutboundMail,
    Subscription,
    User,
)
from data.queries import alerts as q
from data.queries.event_places import with_place

NEW_SHOW_NOTE = "New show announced"
# More new shows than this for one listener in one run become a single bell item.
NEW_SHOWS_APART = 3
DIGEST_NOTE = "Coming up"


def _insert_new(session: Session, rows: list[dict]) -> set[tuple[int, int, str]]:
    """Insert deliveries; the (subscription, event, change) keys this transaction inserted.

    One executemany: SQLAlchemy batches it into multi-row INSERTs ("insertmanyvalues") with a
    cached statement; ON CONFLICT DO NOTHING returns only the rows that went in.
    """
    if not rows:
        return set()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = Delivery.__table__
    statement = (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=["subscription_id", "event_id", "change"])
        .returning(table.c.subscription_id, table.c.event_id, table.c.change)
    )
    return {tuple(r) for r in session.connection().execute(statement, rows)}


def _advance(session: Session, name: str, upto: int) -> None:
    row = session.get(AlertCursor, name)
    if row is None:
        session.add(AlertCursor(name=name, last_id=upto))
    elif upto > row.last_id:
        row.last_id = upto


def _event_items(session: Session, event_ids: set[int]) -> dict[int, dict]:
    rows = session.execute(
        with_place(Event.id, Event.title, Event.starts_at, Event.local_date).where(
            Event.id.in_(event_ids)
        )
    )
    return {r.id: r._asdict() for r in rows}


def _note(candidate: dict) -> str:
    if candidate["what"] == "new":
        return NEW_SHOW_NOTE
    if candidate["what"] == "digest":
        return DIGEST_NOTE
    return describe(candidate["what"], candidate["old"], candidate["new"])


def collect(session: Session, now: datetime, mail: dict) -> dict:
    """Find and record everything due now; queue one mail per listener and kind.

    Args:
        session: the run's transaction.
        now: naive UTC now.
        mail: ``secret``, ``base_url`` and ``sender`` for the rendered mails.

    Returns:
        Counts: candidates, deliveries (new), notifications, mails.
    """
    upto = q.high_water(session)
    candidates = [
        *q.watch_candidates(session, q.cursor(session, "changes"), upto["changes"]),
        *q.new_show_candidates(session, q.cursor(session, "events"), upto["events"], now.date()),
        *q.digest_candidates(session, now),
    ]
    won = _insert_new(
        session,
        [
            {
                "subscription_id": c["subscription_id"],
                "event_id": c["event_id"],
                "change": c["change"],
                "sent_at": now,
                "status": "queued",
            }
            for c in candidates
        ],
    )
    fresh = [c for c in candidates if (c["subscription_id"], c["event_id"], c["change"]) in won]
    digests = {c["subscription_id"] for c in fresh if c["what"] == "digest"}
    if digests:
        session.execute(
            update(Subscription).where(Subscription.id.in_(digests)).values(last_sent_at=now)
        )
    events = _event_items(session, {c["event_id"] for c in fresh})
    notes = _notify(session, [c for c in fresh if c["what"] != "digest"], events, now)
    mails = _queue_mails(session, fresh, events, now, mail)
    _advance(session, "changes", upto["changes"])
    _advance(session, "events", upto["events"])
    return {
        "candidates": len(candidates),
        "deliveries": len(fresh),
        "notifications": notes,
        "mails": mails,
    }


def _notify(session: Session, fresh: list[dict], events: dict, now: datetime) -> int:
    """One bell item per change of a watched event; a listener's new shows of one run are
    one item each up to ``NEW_SHOWS_APART``, else one item that counts them (no flood)."""
    new_shows: dict[int, list[dict]] = defaultdict(list)
    for c in fresh:
        if c["what"] == "new":
            new_shows[c["user_id"]].append(c)
    grouped = {uid for uid, found in new_shows.items() if len(found) > NEW_SHOWS_APART}
    rows = [
        _notification(c["user_id"], c["event_id"], events[c["event_id"]]["title"], _note(c), now)
        for c in fresh
        if not (c["what"] == "new" and c["user_id"] in grouped)
    ]
    rows += [
        _notification(
            uid,
            None,
            f"{len(new_shows[uid])} new shows by artists you play",
            ("Announced near you: the explorer ranks them for you."),
            now,
        )
        for uid in sorted(grouped)
    ]
    if rows:
        session.execute(insert(Notification.__table__), rows)
    return len(rows)


def _notification(user_id: int, event_id: int | None, title: str, body: str, now) -> dict:
    return {
        "user_id": user_id,
        "event_id": event_id,
        "delivery_id": None,
        "title": title[:300],
        "body": body[:500],
        "created_at": now,
        "read_at": None,
    }


def _queue_mails(session: Session, fresh: list[dict], events: dict, now, mail: dict) -> int:
    """Render one mail per (listener, digest or alerts); link each delivery to its mail."""
    groups: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for c in fresh:
        groups[(c["user_id"], "digest" if c["what"] == "digest" else "alert")].append(c)
    if not groups:
        return 0
    users = {
        u.id: u
        for u in session.execute(
            select(User.id, User.email, User.display_name, User.timezone).where(
                User.id.in_({uid for uid, _ in groups})
            )
        )
    }
    addresses = {u.email.lower() for u in users.values()}
    suppressed = set(
        session.scalars(select(MailSuppression.email).where(MailSuppression.email.in_(addresses)))
    )
    rows = []
    for (user_id, kind), items in groups.items():
        user = users[user_id]
        to = Recipient(
            user.email,
            user.display_name,
            user.timezone,
            mail["base_url"],
            mail["secret"],
            mail["sender"],
        )
        message = render(kind, to, [_item(c, events) for c in items], now)
        rows.append(
            {
                "user_id": user_id,
                "to_addr": user.email,
                "subject": str(message["Subject"])[:300],
                "kind": kind,
                "message": message.as_string(),
                "status": "suppressed" if user.email.lower() in suppressed else "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "last_error": None,
                "created_at": now,
                "sent_at": None,
            }
        )
    table = OutboundMail.__table__
    mail_ids = (
        session.connection()
        .execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        .scalars()
        .all()
    )
    _link(
        session,
        [
            (c, mail_id)
            for items, mail_id in zip(groups.values(), mail_ids, strict=True)
            for c in items
        ],
    )
    return len(groups)


def _link(session: Session, pairs: list[tuple[dict, int]]) -> None:
    table = Delivery.__table__
    session.execute(
        update(table)
        .where(
            table.c.subscription_id == bindparam("s"),
            table.c.event_id == bindparam("e"),
            table.c.change == bindparam("c"),
        )
        .values(mail_id=bindparam("m")),
        [
            {"s": c["subscription_id"], "e": c["event_id"], "c": c["change"], "m": m}
            for c, m in pairs
        ],
    )


def _item(c: dict, events: dict) -> MailItem:
    e = events[c["event_id"]]
    place = ", ".join(p for p in (e["venue"], e["city"]) if p) or "Venue to be announced"
    return MailItem(
        c["event_id"], e["title"], e["starts_at"], e["local_date"].isoformat(), place, _note(c)
    )
