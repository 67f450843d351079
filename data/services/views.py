"""Saving, renaming, sharing and deleting views (a page's path and query string)."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import SavedView

VISIBILITIES = ("private", "link")
MAX_VIEWS = 200
# Never stored: a shared-view marker, and anything that is not page state.
DROPPED_PARAMS = ("view",)


def clean_query(query: str) -> str:
    """The query string without a leading "?" and without the shared-view marker."""
    pairs = [
        (k, v)
        for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=False)
        if k not in DROPPED_PARAMS
    ]
    return urlencode(pairs)


def _check(name: str, visibility: str) -> str | None:
    if not name.strip():
        return "Give the view a name."
    if len(name.strip()) > 120:
        return "Keep the name under 120 characters."
    if visibility not in VISIBILITIES:
        return "Choose private or anyone with the link."
    return None


def save_view(
    session: Session, owner_id: int, name: str, path: str, query: str, visibility: str
) -> tuple[str | None, str | None]:
    """Save a view; returns (error, token). Nothing is saved when there is an error."""
    error = _check(name or "", visibility)
    if error is None and (not path.startswith("/") or path.startswith("//") or len(path) > 200):
        error = "This page cannot be saved as a view."
    count = session.query(SavedView).filter(SavedView.owner_id == owner_id).count()
    if error is None and count >= MAX_VIEWS:
        error = f"You have {MAX_VIEWS} saved views; delete some on the Views page first."
    if error:
        return error, None
    token = secrets.token_urlsafe(32)
    session.add(
        SavedView(
            owner_id=owner_id,
            name=name.strip(),
            path=path,
            query=clean_query(query),
            visibility=visibility,
            token=token,
        )
    )
    return None, token


def _own(session: Session, owner_id: int, view_id: int) -> SavedView | None:
    return session.scalar(
        select(SavedView).where(SavedView.id == view_id, SavedView.owner_id == owner_id)
    )


def update_view(
    session: Session, owner_id: int, view_id: int, name: str, visibility: str
) -> str | None:
    """Rename or re-share one of the owner's views; an error message or None."""
    view = _own(session, owner_id, view_id)
    if view is None:
        return "That view no longer exists."
    error = _check(name or "", visibility)
    if error:
        return error
    view.name, view.visibility = name.strip(), visibility
    return None


def delete_view(session: Session, owner_id: int, view_id: int) -> bool:
    """Delete one of the owner's views (a foreign id changes nothing)."""
    view = _own(session, owner_id, view_id)
    if view is None:
        return False
    session.delete(view)
    return True
