"""A promoter's writes to their own events: save (create or edit), cancel, delete, CSV upload.

Each public function is one transaction owned by the caller and checks ownership first, so a
forged event id changes nothing. Events go through the feed pipeline (provenance "promoter",
deduplicated against feed copies of the same show).
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from data.feeds.model import BadItem
from data.feeds.promoter_form import FormError, validate
from data.models import Event
from data.queries.promoter_events import feed_sources, known, owner_of, promoter_key
from data.services.feed_runs import publish_promoter_event
from data.services.promoter_rollups import event_days, recompute_promoters


class NotYours(PermissionError):
    """The event does not exist or belongs to another promoter."""


def save_event(
    session: Session, user_id: int, admin: bool, event_id, form: dict, today: date
) -> int:
    """Create (``event_id`` None) or update an event; returns its id. Raises FormError."""
    fields = validate(form, known(session), today)
    owner, key = user_id, secrets.token_hex(8)
    if event_id is not None:
        owner = owner_of(session, user_id, admin, event_id)
        if owner is None:
            raise NotYours(event_id)
        key = promoter_key(session, int(event_id), owner) or f"event-{event_id}"
    doors, sponsored = fields.pop("doors"), fields.pop("sponsored")
    try:
        saved = publish_promoter_event(session, owner, key, fields)
    except BadItem as exc:
        raise FormError({"title": f"The event could not be stored: {exc}."}) from None
    before = session.scalar(select(Event.promoter_id).where(Event.id == saved))
    session.execute(
        update(Event)
        .where(Event.id == saved)
        .values(doors_time=doors, sponsored=sponsored, promoter_id=owner)
    )
    if before != owner:  # a feed's copy of the show became theirs: its history counts now
        _resum(session, event_days(session, saved), [owner, before])
    return saved


def _resum(session: Session, days, promoters: list) -> None:
    """Re-sum the promoter-wide rollups of ``promoters`` over an event's rolled-up days."""
    if days is not None:
        recompute_promoters(session, *days, [p for p in promoters if p is not None])


def cancel_event(session: Session, user_id: int, admin: bool, event_id) -> None:
    """Mark one of the caller's events cancelled (it stays listed, labelled Cancelled)."""
    if owner_of(session, user_id, admin, event_id) is None:
        raise NotYours(event_id)
    session.execute(update(Event).where(Event.id == int(event_id)).values(status="cancelled"))


def delete_event(session: Session, user_id: int, admin: bool, event_id) -> None:
    """Delete one of the caller's events; a show that feeds list too can only be cancelled."""
    owner = owner_of(session, user_id, admin, event_id)
    if owner is None:
        raise NotYours(event_id)
    if feed_sources(session, int(event_id)):
        raise FormError({"delete": "Other listings carry this show too: cancel it instead."})
    days = event_days(session, int(event_id))
    session.execute(delete(Event).where(Event.id == int(event_id)))
    _resum(session, days, [owner])  # its counts leave the promoter's totals too
