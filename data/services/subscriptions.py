"""Changes to a listener's subscriptions and notifications; each function is one transaction's
worth of work for the caller's ``session_scope``."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from data.models import City, MailSuppression, Notification, Subscription, User, utcnow
from data.queries.subscriptions import find_subscription, subscription_target


def toggle(session: Session, user_id: int, kind: str, target: str) -> bool:
    """Subscribe, or end the subscription when it exists. Returns True when now subscribed."""
    existing = find_subscription(session, user_id, kind, target)
    if existing is not None:
        remove(session, user_id, existing)
        return False
    session.add(Subscription(user_id=user_id, kind=kind, **subscription_target(kind, target)))
    resume_mail(session, user_id)
    return True


def add_digest(session: Session, user_id: int, city_id: int, genre_ids: list[int]) -> str | None:
    """A weekly digest of shows in a city (optionally some genres); an error message or None."""
    if session.get(City, city_id) is None:
        return "Pick a city first."
    session.add(
        Subscription(
            user_id=user_id, kind="digest", city_id=city_id, genre_ids=sorted(set(genre_ids))
        )
    )
    resume_mail(session, user_id)
    return None


def resume_mail(session: Session, user_id: int) -> bool:
    """Lift the unsubscribe link's suppression of the user's address: subscribing again on
    Profile is the listener asking for mail. Returns True when mail had been off."""
    email = session.scalar(select(User.email).where(User.id == user_id))
    if not email:
        return False
    done = session.execute(
        delete(MailSuppression).where(MailSuppression.email == email.strip().lower())
    )
    return bool(done.rowcount)


def remove(session: Session, user_id: int, subscription_id: int) -> bool:
    """Delete one of the user's subscriptions (a foreign id changes nothing)."""
    sub = session.get(Subscription, subscription_id)
    if sub is None or sub.user_id != user_id:
        return False
    session.delete(sub)
    return True


def mark_all_read(session: Session, user_id: int) -> None:
    """Mark every notification of the user read."""
    session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
