"""Login sessions: one row per login on one browser, ended one by one or all at once.

The session and remember cookies carry ``"{user id}:{token}"``; a login lives exactly as long as
its row, so logging out, "log out everywhere", a password change and deleting the account each
make every copy of the old cookies worthless, wherever they were kept.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from data.crypto import token_digest
from data.models import LoginSession, utcnow


def start_login_session(session: Session, user_id: int, lifetime: timedelta) -> str:
    """Record a new login for ``user_id``; returns its token (kept only in the cookies).

    The user's expired rows go at the same time, so the table holds live logins only.
    """
    now = utcnow()
    session.execute(
        delete(LoginSession).where(LoginSession.user_id == user_id, LoginSession.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=token_digest(token),
            user_id=user_id,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return token


def end_login_session(session: Session, user_id: int, token: str) -> None:
    """End one login (logout on this browser)."""
    session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user_id, LoginSession.token_hash == token_digest(token)
        )
    )


def end_all_login_sessions(session: Session, user_id: int) -> int:
    """End every login of the user, on every browser; returns how many there were."""
    result = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return result.rowcount or 0
