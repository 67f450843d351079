"""Demo published recap: the listener publishes last year's review and shares it by link."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from data.services.recaps import set_published
from data.services.views import save_view


def make_published_recap(session: Session, today: date, listener_id: int) -> str:
    """Publish the listener's last full year and save a link view of it; returns the token."""
    year = today.year - 1
    set_published(session, listener_id, year, True)
    error, token = save_view(
        session, listener_id, f"My {year} in review", f"/wrapped/year/{year}", "", "link"
    )
    if error:
        raise ValueError(error)
    return token
