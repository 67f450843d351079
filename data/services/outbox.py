"""Outgoing mail's states: claimed once for sending, sent, retried with back-off, suppressed.

Each public function is one short transaction, so a slow SMTP server never holds a lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data.models import Delivery, MailSuppression, OutboundMail, Subscription, User

TRIES_PER_RUN = 3  # a run tries a mail this often, with doubling pauses
MAX_ATTEMPTS = 5 * TRIES_PER_RUN  # five runs' worth of tries, then the mail is failed
# A claim is a lease: a mail still "sending" this long after its claim belongs to a worker
# that died between claiming and recording the outcome, and the next run takes it again. Half
# an hour is far beyond a batch's normal send time (milliseconds a mail), so a live sender is
# not overtaken; the price of a crash right after the SMTP server accepted is one repeat mail.
CLAIM_LEASE = timedelta(minutes=30)


def claim_due(session: Session, now: datetime, limit: int = 200) -> list[dict]:
    """Mark due pending mails "sending" and return them; a mail claimed here is claimed by no
    other run (the UPDATE's condition is the lock). A claim holds for ``CLAIM_LEASE``
    (``next_attempt_at`` holds its end): a mail left "sending" by a crashed worker is due again
    when it lapses."""
    due_now = (
        OutboundMail.status.in_(("pending", "sending")),
        OutboundMail.next_attempt_at <= now,
    )
    due = session.scalars(
        select(OutboundMail.id).where(*due_now).order_by(OutboundMail.id).limit(limit)
    ).all()
    if not due:
        return []
    claimed = session.execute(
        update(OutboundMail)
        .where(OutboundMail.id.in_(due), *due_now)
        .values(status="sending", next_attempt_at=now + CLAIM_LEASE)
        .returning(
            OutboundMail.id, OutboundMail.to_addr, OutboundMail.message, OutboundMail.attempts
        )
    ).all()
    suppressed = set(
        session.scalars(
            select(MailSuppression.email).where(
                MailSuppression.email.in_({r.to_addr.lower() for r in claimed})
            )
        )
    )
    skip = [r.id for r in claimed if r.to_addr.lower() in suppressed]
    if skip:
        session.execute(
            update(OutboundMail).where(OutboundMail.id.in_(skip)).values(status="suppressed")
        )
    return [r._asdict() for r in claimed if r.id not in skip]


def mark_sent(
    session: Session, mail_id: int, now: datetime, tries: int = 1, error: str | None = None
) -> None:
    """Record a mail as sent after ``tries`` tries (``error``: the last failed one, if any)."""
    values = {"status": "sent", "sent_at": now, "attempts": OutboundMail.attempts + tries}
    if error:
        values["last_error"] = error[:2000]
    session.execute(update(OutboundMail).where(OutboundMail.id == mail_id).values(**values))
    session.execute(update(Delivery).where(Delivery.mail_id == mail_id).values(status="sent"))


def mark_failed(session: Session, mail_id: int, error: str, now: datetime, tries: int = 1) -> str:
    """Record ``tries`` failed tries; retry in a later run with exponential back-off (2, 4,
    8 … minutes per round of tries), give up after ``MAX_ATTEMPTS`` tries. Returns the new
    status."""
    attempts = (session.get(OutboundMail, mail_id).attempts or 0) + tries
    status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
    session.execute(
        update(OutboundMail)
        .where(OutboundMail.id == mail_id)
        .values(
            status=status,
            attempts=attempts,
            last_error=error[:2000],
            next_attempt_at=now + timedelta(minutes=2 ** max(1, attempts // TRIES_PER_RUN)),
        )
    )
    return status


def unsubscribe(session: Session, email: str) -> bool:
    """Stop all mail to ``email``: suppress the address, end its owner's subscriptions and drop
    its queued mails. Returns False when it was already unsubscribed."""
    email = email.strip().lower()
    if session.get(MailSuppression, email) is not None:
        return False
    session.add(MailSuppression(email=email))
    user_id = session.scalar(select(User.id).where(User.email.ilike(email)))
    if user_id is not None:
        session.execute(
            update(Subscription).where(Subscription.user_id == user_id).values(active=False)
        )
    session.execute(
        update(OutboundMail)
        .where(OutboundMail.to_addr.ilike(email), OutboundMail.status == "pending")
        .values(status="suppressed")
    )
    return True
