"""Who a user is, as the web layer sees them: the ``Account`` value and the reads that build it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import User


@dataclass(frozen=True)
class Account:
    """What the web layer knows about a logged-in user (never an ORM object)."""

    id: int
    email: str
    display_name: str
    timezone: str
    home_city_id: int | None
    is_demo: bool
    roles: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds any of ``roles``."""
        return bool(self.roles.intersection(roles))


def to_account(user: User) -> Account:
    """The web layer's value for a users row."""
    return Account(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        timezone=user.timezone,
        home_city_id=user.home_city_id,
        is_demo=user.is_demo,
        roles=frozenset(user.role_names),
    )


def normalise_email(email: str) -> str:
    """Emails are stored and matched trimmed and lower-cased."""
    return (email or "").strip().lower()


def get_account(session: Session, user_id: int) -> Account | None:
    """The account of ``user_id`` (None if there is no such user)."""
    user = session.get(User, user_id)
    return to_account(user) if user else None


def find_user_id(session: Session, email: str) -> int | None:
    """The id of the user with this email (None if nobody has it)."""
    return session.scalar(select(User.id).where(User.email == normalise_email(email)))


def count_users(session: Session) -> int:
    """How many users there are."""
    return session.scalar(select(func.count(User.id))) or 0
