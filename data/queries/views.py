"""Saved views: a user's own list, and one view looked up by its link token."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import SavedView, User


def list_views(session: Session, owner_id: int, page: int, per_page: int) -> tuple[list[dict], int]:
    """One page of the owner's views, newest first, and how many there are."""
    total = (
        session.scalar(
            select(func.count()).select_from(SavedView).where(SavedView.owner_id == owner_id)
        )
        or 0
    )
    rows = session.execute(
        select(
            SavedView.id,
            SavedView.name,
            SavedView.path,
            SavedView.query,
            SavedView.visibility,
            SavedView.token,
            SavedView.created_at,
        )
        .where(SavedView.owner_id == owner_id)
        .order_by(SavedView.created_at.desc(), SavedView.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [r._asdict() for r in rows], total


def view_for(session: Session, token: str, viewer_id: int | None) -> dict | None:
    """The view a link token opens for ``viewer_id``: its owner always, anyone when it is
    shared by link; None otherwise (a private view does not exist for others)."""
    row = session.execute(
        select(
            SavedView.id,
            SavedView.name,
            SavedView.path,
            SavedView.query,
            SavedView.visibility,
            SavedView.owner_id,
            User.display_name.label("owner"),
        )
        .join(User, User.id == SavedView.owner_id)
        .where(SavedView.token == token)
    ).first()
    if row is None or (row.visibility != "link" and row.owner_id != viewer_id):
        return None
    return row._asdict()
