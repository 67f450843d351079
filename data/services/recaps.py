"""Publishing a year-in-review recap (one transaction for the caller's ``session_scope``)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from data.models import PublishedRecap
from data.queries.recaps import is_published


def set_published(session: Session, user_id: int, year: int, publish: bool) -> bool:
    """Publish or unpublish the user's ``year`` recap; returns whether it is now published."""
    if publish and not is_published(session, user_id, year):
        session.add(PublishedRecap(user_id=user_id, year=year))
    elif not publish:
        session.execute(
            delete(PublishedRecap).where(
                PublishedRecap.user_id == user_id, PublishedRecap.year == year
            )
        )
    return publish
