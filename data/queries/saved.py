"""A listener's saved and hidden events, and the owner of a calendar-feed token."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select
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


def last_page(total: int, size: int) -> int:
    """The number of the last page of ``total`` rows (1 when there are none)."""
    return max(1, -(-total // size))


def saved_page(
    session: Session, user_id: int, today: date, past: bool, page: int, size: int
) -> tuple[list[dict], int, int]:
    """One page of saved events: upcoming soonest first, or past latest first.

    Args:
        session: the open session.
        user_id: whose saves (from the server session).
        today: the listener's date; events on it count as upcoming.
        past: past events instead of upcoming ones.
        page: the page asked for (1-based; past the end gives the last page).
        size: rows a page.

    Returns:
        (card rows, how many there are in all, the page shown).
    """
    when = Event.local_date < today if past else Event.local_date >= today
    mine = (
        select(Event.id)
        .join(SavedEvent, SavedEvent.event_id == Event.id)
        .where(SavedEvent.user_id == user_id, when)
    )
    total = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    page = min(max(1, page), last_page(total, size))
    order = (Event.local_date.desc(), Event.id.desc()) if past else (Event.local_date, Event.id)
    ids = session.scalars(mine.order_by(*order).offset((page - 1) * size).limit(size)).all()
    return page_rows(session, list(ids), pd.DataFrame(), {}), total, page


def hidden_page(
    session: Session, user_id: int, page: int, size: int
) -> tuple[list[dict], int, int]:
    """One page of hidden events, most recently hidden first: (rows, total, the page shown)."""
    total = (
        session.scalar(
            select(func.count()).select_from(HiddenEvent).where(HiddenEvent.user_id == user_id)
        )
        or 0
    )
    page = min(max(1, page), last_page(total, size))
    ids = session.scalars(
        select(HiddenEvent.event_id)
        .where(HiddenEvent.user_id == user_id)
        .order_by(HiddenEvent.hidden_at.desc(), HiddenEvent.event_id)
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    return page_rows(session, list(ids), pd.DataFrame(), {}), total, page


def has_calendar_token(session: Session, user_id: int) -> bool:
    """Whether ``user_id`` has a live calendar-feed link."""
    return session.get(CalendarToken, user_id) is not None


def calendar_owner(session: Session, token: str) -> int | None:
    """The user whose feed token this is (None when revoked or unknown)."""
    return session.scalar(
        select(CalendarToken.user_id).where(CalendarToken.token_hash == hash_token(token))
    )
