"""Connected Spotify accounts: encrypted tokens, the sync lease, cursor and outcome of each run.

Status values: ``connected``; ``revoked`` (Spotify refused the authorisation: the user must
reconnect); ``disconnected`` (the user disconnected; tokens deleted, history kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from data.crypto import TokenCipher
from data.models import SpotifyAccount, utcnow

CONNECTED, REVOKED, DISCONNECTED = "connected", "revoked", "disconnected"


class NotConnected(LookupError):
    """The account is not (or no longer) connected."""


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: datetime  # naive UTC

    def expires_within(self, seconds: float, now: datetime | None = None) -> bool:
        return self.expires_at - (now or utcnow()) < timedelta(seconds=seconds)


def _expiry(token_info: dict) -> datetime:
    if token_info.get("expires_at"):
        return datetime.fromtimestamp(int(token_info["expires_at"]), UTC).replace(tzinfo=None)
    return utcnow() + timedelta(seconds=int(token_info.get("expires_in", 3600)))


def save_connection(
    session: Session, user_id: int, token_info: dict, profile: dict, cipher: TokenCipher
) -> None:
    """Store a fresh authorisation (connect or reconnect); the listening cursor is kept."""
    account = session.get(SpotifyAccount, user_id)
    if account is None:
        account = SpotifyAccount(user_id=user_id)
        session.add(account)
    if account.spotify_user_id and account.spotify_user_id != profile.get("id"):
        # A different Spotify account: its recently-played history has its own timeline.
        account.recent_cursor_ms = None
    account.spotify_user_id = profile.get("id")
    account.display_name = profile.get("display_name") or profile.get("id")
    account.status = CONNECTED
    account.connected_at = utcnow()
    account.next_sync_at = utcnow()
    account.consecutive_failures = 0
    account.last_error = None
    store_tokens(session, user_id, token_info, cipher, account=account)


def store_tokens(
    session: Session,
    user_id: int,
    token_info: dict,
    cipher: TokenCipher,
    *,
    account: SpotifyAccount | None = None,
) -> Tokens:
    """Encrypt and keep a token response (Spotify may omit a new refresh token)."""
    account = account or session.get(SpotifyAccount, user_id)
    if account is None or account.status != CONNECTED:
        # Disconnected meanwhile (e.g. during a sync): never write tokens back.
        raise NotConnected(f"user {user_id} has no connected Spotify account")
    account.access_token_enc = cipher.encrypt(token_info["access_token"])
    if token_info.get("refresh_token"):
        account.refresh_token_enc = cipher.encrypt(token_info["refresh_token"])
    account.expires_at = _expiry(token_info)
    account.scopes = str(token_info.get("scope") or account.scopes or "")[:500]
    refresh = cipher.decrypt(account.refresh_token_enc or "") or ""
    return Tokens(token_info["access_token"], refresh, account.expires_at)


def load_tokens(session: Session, user_id: int, cipher: TokenCipher) -> Tokens | None:
    """The decrypted tokens of a connected account; None when absent or undecryptable."""
    account = session.get(SpotifyAccount, user_id)
    if account is None or account.status != CONNECTED:
        return None
    access = cipher.decrypt(account.access_token_enc or "")
    refresh = cipher.decrypt(account.refresh_token_enc or "")
    if not access or not refresh or account.expires_at is None:
        return None
    return Tokens(access, refresh, account.expires_at)


def _forget_tokens(account: SpotifyAccount) -> None:
    account.access_token_enc = None
    account.refresh_token_enc = None
    account.expires_at = None
    account.sync_started_at = None
    account.next_sync_at = None


def disconnect(session: Session, user_id: int) -> bool:
    """The user's choice: delete the tokens, keep the history. False when not connected."""
    account = session.get(SpotifyAccount, user_id)
    if account is None:
        return False
    _forget_tokens(account)
    account.status = DISCONNECTED
    account.last_error = None
    return True


def mark_revoked(session: Session, user_id: int, message: str) -> None:
    """Spotify refused the authorisation: tokens are useless, the user must reconnect."""
    account = session.get(SpotifyAccount, user_id)
    if account is None or account.status != CONNECTED:
        return
    _forget_tokens(account)
    account.status = REVOKED
    account.last_error = message
    account.last_sync_at = utcnow()


def claim_sync(session: Session, user_id: int, lease_seconds: int) -> bool:
    """Take the per-user sync lease atomically; False when another sync holds a live lease."""
    now = utcnow()
    stale = now - timedelta(seconds=lease_seconds)
    result = session.execute(
        update(SpotifyAccount)
        .where(
            SpotifyAccount.user_id == user_id,
            SpotifyAccount.status == CONNECTED,
            or_(SpotifyAccount.sync_started_at.is_(None), SpotifyAccount.sync_started_at < stale),
        )
        .values(sync_started_at=now, last_sync_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def renew_lease(session: Session, user_id: int) -> None:
    session.execute(
        update(SpotifyAccount)
        .where(SpotifyAccount.user_id == user_id, SpotifyAccount.sync_started_at.is_not(None))
        .values(sync_started_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def advance_cursor(session: Session, user_id: int, cursor_ms: int) -> None:
    """Move the recently-played cursor forward (never back); call in the plays' transaction."""
    account = session.get(SpotifyAccount, user_id)
    if account is not None and (account.recent_cursor_ms or 0) < cursor_ms:
        account.recent_cursor_ms = cursor_ms
    renew_lease(session, user_id)


def cursor_of(session: Session, user_id: int) -> int | None:
    return session.scalar(
        select(SpotifyAccount.recent_cursor_ms).where(SpotifyAccount.user_id == user_id)
    )


def last_success_of(session: Session, user_id: int) -> datetime | None:
    return session.scalar(
        select(SpotifyAccount.last_success_at).where(SpotifyAccount.user_id == user_id)
    )


def record_success(session: Session, user_id: int, added: int, next_at: datetime) -> None:
    account = session.get(SpotifyAccount, user_id)
    if account is None:
        return
    account.last_success_at = account.last_sync_at = utcnow()
    account.last_added = added
    account.consecutive_failures = 0
    account.last_error = None
    account.next_sync_at = next_at
    account.sync_started_at = None


def record_failure(
    session: Session, user_id: int, message: str, next_at: datetime, *, counts: bool = True
) -> int:
    """Keep the error in words, schedule the next try, release the lease; returns failures."""
    account = session.get(SpotifyAccount, user_id)
    if account is None:
        return 0
    if counts:
        account.consecutive_failures = (account.consecutive_failures or 0) + 1
    account.last_error = message[:2000]
    account.last_sync_at = utcnow()
    account.next_sync_at = next_at
    account.sync_started_at = None
    return account.consecutive_failures


def failures_of(session: Session, user_id: int) -> int:
    value = session.scalar(
        select(SpotifyAccount.consecutive_failures).where(SpotifyAccount.user_id == user_id)
    )
    return int(value or 0)


def claim_due(
    session: Session, interval_seconds: int, lease_seconds: int, limit: int = 500
) -> list[int]:
    """Connected accounts whose next sync is due, idle or with a stale lease.

    Their ``next_sync_at`` moves one interval ahead so the next tick does not enqueue them
    again while the job waits in the queue (the run itself sets the real next time).
    """
    now = utcnow()
    due = list(
        session.scalars(
            select(SpotifyAccount.user_id)
            .where(
                SpotifyAccount.status == CONNECTED,
                or_(SpotifyAccount.next_sync_at.is_(None), SpotifyAccount.next_sync_at <= now),
                or_(
                    SpotifyAccount.sync_started_at.is_(None),
                    SpotifyAccount.sync_started_at < now - timedelta(seconds=lease_seconds),
                ),
            )
            .order_by(SpotifyAccount.next_sync_at)
            .limit(limit)
        )
    )
    if due:
        session.execute(
            update(SpotifyAccount)
            .where(SpotifyAccount.user_id.in_(due))
            .values(next_sync_at=now + timedelta(seconds=interval_seconds))
            .execution_options(synchronize_session=False)
        )
    return due
