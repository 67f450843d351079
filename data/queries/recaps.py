"""Published year-in-review recaps: whether a year is published, and what a shared link shows."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import PublishedRecap, User
from data.queries.listening.filters import valid_tz
from data.queries.listening.year import year_recap
from data.queries.views import view_for

RECAP_PATH = re.compile(r"/wrapped/year/(\d{4})/?")


def is_published(session: Session, user_id: int, year: int) -> bool:
    """True while the user has their ``year`` recap published."""
    found = select(PublishedRecap.year).where(
        PublishedRecap.user_id == user_id, PublishedRecap.year == year
    )
    return session.scalar(found) is not None


def recap_year_of(path: str) -> int | None:
    """The year of a recap page's path (``/wrapped/year/2024``), else None."""
    match = RECAP_PATH.fullmatch(path or "")
    return int(match.group(1)) if match else None


def shared_recap(session: Session, token: str) -> dict | None:
    """What a link-shared recap view shows anyone: the owner's recap while they publish it.

    Returns None when the token is no link-shared recap view; else a dict with ``owner``,
    ``year``, ``published`` and (only when published) ``recap``.
    """
    view = view_for(session, token, None)
    year = recap_year_of(view["path"]) if view else None
    if year is None:
        return None
    shown = {"owner": view["owner"], "year": year, "published": False, "recap": None}
    if is_published(session, view["owner_id"], year):
        tz = valid_tz(session.scalar(select(User.timezone).where(User.id == view["owner_id"])))
        shown.update(published=True, recap=year_recap(session, view["owner_id"], year, tz))
    return shown
