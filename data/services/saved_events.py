"""Saving, hiding and restoring events, and the secret calendar-feed token (one transaction each).

The user id always comes from the server session; an event id that does not exist changes
nothing and raises ``UnknownEvent``.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data.models import CalendarToken, Event, HiddenEvent, SavedEvent
from data.models.calendar import hash_token


class UnknownEvent(LookupError):
    """No event has this id."""


def _check(session: Session, event_id: int) -> None:
    if session.scalar(select(Event.id).where(Event.id == event_id)) is None:
        raise UnknownEvent(event_id)


def set_saved(session: Session, user_id: int, event_id: int, saved: bool) -> bool:
    """Save or unsave; returns whether anything changed."""
    _check(session, event_id)
    exists = session.get(SavedEvent, (user_id, event_id))
    if saved and exists is None:
        session.add(SavedEvent(user_id=user_id, event_id=event_id))
        return True
    if not saved and exists is not None:
        session.delete(exists)
        return True
    return False


def set_hidden(session: Session, user_id: int, event_id: int, hidden: bool) -> bool:
    """Hide (which also unsaves) or restore; returns whether anything changed."""
    _check(session, event_id)
    exists = session.get(HiddenEvent, (user_id, event_id))
    if hidden and exists is None:
        session.add(HiddenEvent(user_id=user_id, event_id=event_id))
        session.execute(
            delete(SavedEvent).where(SavedEvent.user_id == user_id, SavedEvent.event_id == event_id)
        )
        return True
    if not hidden and exists is not None:
        session.delete(exists)
        return True
    return False


def new_calendar_token(session: Session, user_id: int) -> str:
    """A fresh secret feed token (the old URL stops working); only its hash is stored."""
    token = secrets.token_urlsafe(24)
    session.execute(delete(CalendarToken).where(CalendarToken.user_id == user_id))
    session.add(CalendarToken(user_id=user_id, token_hash=hash_token(token)))
    return token


def revoke_calendar_token(session: Session, user_id: int) -> bool:
    """Turn the feed off; returns whether there was one."""
    result = session.execute(delete(CalendarToken).where(CalendarToken.user_id == user_id))
    return bool(result.rowcount)
