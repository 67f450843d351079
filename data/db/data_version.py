"""The per-user data version, bumped by every write to a user's listening data.

Every cached frame keyed by it (``data.frame_cache``) is then rebuilt on next read.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from data.models import User


def bump_data_version(session: Session, user_id: int) -> None:
    """Mark ``user_id``'s listening data changed (their cached frames go stale)."""
    session.execute(
        update(User).where(User.id == user_id).values(data_version=User.data_version + 1)
    )
    # Frames remembered on this session (``data.queries.listening.frame.load_listening``) were
    # read before this write; a later read in the same transaction must see it.
    session.info.pop("listening", None)
