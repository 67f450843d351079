"""Is a login still live? Asked on every request that carries a session or remember cookie."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from data.crypto import token_digest
from data.models import LoginSession, utcnow


def login_is_live(session: Session, user_id: int, token: str) -> bool:
    """True while the login (user id and token from a cookie) has a row that has not expired."""
    if not token:
        return False
    return bool(
        session.scalar(
            select(
                exists().where(
                    LoginSession.token_hash == token_digest(token),
                    LoginSession.user_id == user_id,
                    LoginSession.expires_at > utcnow(),
                )
            )
        )
    )
