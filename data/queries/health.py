"""Readiness probes for ``/readyz``: is the database answering, is Redis answering."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

PROBE_TIMEOUT_SECONDS = 2.0


def ping_database(session: Session) -> None:
    """Run the cheapest statement; raises the driver's error when the database is unreachable."""
    session.execute(text("SELECT 1"))


def ping_redis(url: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> None:
    """PING Redis with short timeouts, so a probe never hangs on a dead host."""
    from redis import Redis

    client = Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()
