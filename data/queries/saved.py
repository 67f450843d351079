"""A listener's saved and hidden events, and the owner of a calendar-feed token."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import CalendarToken, Event, HiddenEvent, SavedEvent
from data.models.calendar import hash_token
from data.queries.event_details import page_rows


def saved_ids(session: Session, user_id: int) -> set[int]:
    """Ids of the events ``user_id`` saved."""
    return set(session.scalars(select(SavedEvent.event_id).where(SavedEvent.user_id == user_id)))


def saved_events(session: Session, user_id: int, today: date) -> tuple[list[dict], list[dict]]:
    """(upcoming, past) saved events as card rows: upcoming soonest first, past latest first."""
    rows = session.execute(
        select(Event.id, Event.local_date)
        .join(SavedEvent, SavedEvent.event_id == Event.id)
        .where(SavedEvent.user_id == user_id)
        .order_by(Event.local_date, Event.id)
    ).all()
    upcoming = [i for i, d in rows if d >= today]
    past = [i for i, d in reversed(rows) if d < today]
    empty = pd.DataFrame()
    return page_rows(session, upcoming, empty, {}), page_rows(session, past, empty, {})


def hidden_events(session: Session, user_id: int) -> list[dict]:
    """Hidden events, most recently hidden first."""
    ids = session.scalars(
        select(HiddenEvent.event_id)
        .where(HiddenEvent.user_id == user_id)
        .order_by(HiddenEvent.hidden_at.desc())
    ).all()
    return page_rows(session, list(ids), pd.DataFrame(), {})


def has_calendar_token(session: Session, user_id: int) -> bool:
    """Whether ``user_id`` has a live calendar-feed link."""
    return session.get(CalendarToken, user_id) is not None


def calendar_owner(session: Session, token: str) -> int | None:
    """The user whose feed token this is (None when revoked or unknown)."""
    return session.scalar(
        select(CalendarToken.user_id).where(CalendarToken.token_hash == hash_token(token))
    )
