"""Which year-in-review recaps their owners published (a shared link may show them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, utcnow


class PublishedRecap(Base):
    """A listener's explicit "publish my {year} recap"; deleting the row unpublishes it."""

    __tablename__ = "published_recaps"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
