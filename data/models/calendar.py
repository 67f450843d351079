"""The secret token behind a listener's saved-events calendar feed (stored hashed)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, utcnow


class CalendarToken(Base):
    """One feed URL per user; regenerating replaces the row, so the old URL stops working."""

    __tablename__ = "calendar_tokens"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # sha256 of the token: a leaked database does not reveal working feed URLs.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def hash_token(token: str) -> str:
    """What is stored for a feed token (sha256 hex)."""
    return hashlib.sha256(token.encode()).hexdigest()
