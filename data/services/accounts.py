"""Accounts: register, authenticate, profile changes and deleting a user with all their data."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from data import gazetteer
from data.crypto import hash_password, verify_password
from data.models import ROLES, City, Event, LoginSession, Play, User, UserRole, utcnow
from data.queries.accounts import Account, find_user_id, normalise_email, to_account
from data.services.password_policy import password_problem

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """Invalid account input; ``field_errors`` maps form field -> message."""

    def __init__(self, field_errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in field_errors.items()))
        self.field_errors = field_errors


def register(
    session: Session,
    email: str,
    password: str,
    display_name: str = "",
    roles: tuple[str, ...] = ("listener",),
    *,
    is_demo: bool = False,
) -> Account:
    """Create a user; raise AccountError with field errors (nothing written) when invalid."""
    email = normalise_email(email)
    errors: dict[str, str] = {}
    if not EMAIL_RE.match(email) or len(email) > 254:
        errors["email"] = "Enter a valid email address."
    elif find_user_id(session, email) is not None:
        errors["email"] = "An account with this email already exists."
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = f"Use at least {MIN_PASSWORD} characters."
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        errors["roles"] = f"Unknown role(s): {', '.join(sorted(unknown)) or 'none given'}."
    if errors:
        raise AccountError(errors)
    name = (display_name or "").strip()[:80] or email.split("@")[0]
    user = User(email=email, password_hash=hash_password(password), display_name=name)
    user.is_demo = is_demo
    user.roles = [UserRole(role=r) for r in sorted(set(roles))]
    session.add(user)
    session.flush()
    return to_account(user)


@cache
def _dummy_hash() -> str:
    # Hashed once per process, compared against for unknown emails (see authenticate).
    return hash_password("no account has this password")


def authenticate(session: Session, email: str, password: str) -> Account | None:
    """The account when the password matches; None otherwise.

    An unknown email costs the same scrypt verification as a known one, so the time to
    answer does not tell whether an address has an account.
    """
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        verify_password(_dummy_hash(), password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    user.last_login_at = utcnow()
    return to_account(user)


def ensure_city(session: Session, geonameid: int) -> int:
    """The cities row for a gazetteer city, created on first use."""
    existing = session.scalar(select(City.id).where(City.geonameid == geonameid))
    if existing is not None:
        return existing
    found = gazetteer.by_geonameid(geonameid)
    if found is None:
        raise AccountError({"home_city": "Unknown city."})
    city = City(
        geonameid=found.geonameid,
        name=found.name,
        slug=found.slug,
        country_code=found.country_code,
        lat=found.lat,
        lng=found.lng,
        timezone=found.timezone,
        population=found.population,
    )
    session.add(city)
    session.flush()
    return city.id


def update_profile(
    session: Session,
    user_id: int,
    display_name: str,
    timezone: str,
    home_city_geonameid: int | None,
) -> Account:
    errors: dict[str, str] = {}
    name = (display_name or "").strip()
    if not name or len(name) > 80:
        errors["display_name"] = "Enter a name of 1 to 80 characters."
    try:
        ZoneInfo(timezone or "")
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = "Pick a time zone from the list."
    if errors:
        raise AccountError(errors)
    user = session.get(User, user_id)
    if user is None:
        raise AccountError({"user": "Account not found."})
    user.display_name = name
    if user.timezone != timezone:
        user.timezone = timezone
        user.data_version += 1  # local-time aggregates change with the zone
    user.home_city_id = ensure_city(session, home_city_geonameid) if home_city_geonameid else None
    return to_account(user)


def change_password(session: Session, user_id: int, current: str, new: str) -> None:
    """Set a new password and end every login of the user (the caller starts a new one)."""
    user = session.get(User, user_id)
    if user is None or not verify_password(user.password_hash, current or ""):
        raise AccountError({"current_password": "The current password is not right."})
    problem = password_problem(new, (user.email, user.display_name))
    if problem:
        raise AccountError({"new_password": problem})
    user.password_hash = hash_password(new)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def delete_account(session: Session, user_id: int) -> None:
    """Delete the user and everything that is theirs; their events lose the owner.

    Plays go explicitly (the plays table has no foreign keys); the rest cascades.
    """
    session.execute(update(Event).where(Event.promoter_id == user_id).values(promoter_id=None))
    session.execute(delete(Play).where(Play.user_id == user_id))
    session.execute(delete(User).where(User.id == user_id))
