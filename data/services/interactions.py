"""Logging what people do with events: the API the explorer writes and promoters read.

Kinds (``data.models.INTERACTION_KINDS``): ``impression`` (a card was shown), ``view`` (the
event page), ``save`` / ``unsave``, ``hide``, ``ticket_click`` (through the /go redirect) and
``calendar`` (an .ics download). Each row carries the time, the viewer (``user_id``, or
``session_id`` for a guest), their match score at that moment and the page it came from.

Call ``log_interactions(rows)`` from request handlers: rows go into an in-process buffer and
are written with one INSERT per batch, when the buffer holds ``FLUSH_ROWS`` rows, when the
oldest is ``FLUSH_SECONDS`` old (checked on the next call and by the scheduler's rollup job),
and at interpreter exit; so the request path costs a list append. Known bots are dropped.
``recompute_daily`` (``data.services.rollups``) rolls the log up into ``event_interaction_daily``,
which the promoter analytics read.
"""

from __future__ import annotations

import atexit
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert

from data.db import session_scope
from data.models import INTERACTION_KINDS, EventInteraction

FLUSH_ROWS = 200
FLUSH_SECONDS = 5.0
BOT_PATTERN = re.compile(
    r"bot\b|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|preview|"
    r"python-requests|curl/|wget/|httpclient|monitor|uptime",
    re.IGNORECASE,
)


def is_bot(user_agent: str | None) -> bool:
    """True for crawlers, link previewers and scripts (by their User-Agent)."""
    return bool(user_agent) and BOT_PATTERN.search(user_agent) is not None


@dataclass(frozen=True)
class Interaction:
    """One thing a viewer did with one event."""

    event_id: int
    kind: str
    user_id: int | None = None
    session_id: str | None = None
    match_score: float | None = None
    page: str | None = None
    occurred_at: datetime | None = None

    def row(self) -> dict:
        """The ``event_interactions`` row of this interaction."""
        when = self.occurred_at or datetime.now(UTC).replace(tzinfo=None)
        return {
            "event_id": self.event_id,
            "kind": self.kind,
            "user_id": self.user_id,
            "session_id": (self.session_id or None) and self.session_id[:32],
            "match_score": self.match_score,
            "page": (self.page or None) and self.page[:40],
            "occurred_at": when,
        }


class InteractionBuffer:
    """Rows waiting to be written; thread-safe; one INSERT per flush."""

    def __init__(self, rows: int = FLUSH_ROWS, seconds: float = FLUSH_SECONDS) -> None:
        self.rows, self.seconds = rows, seconds
        self._pending: list[dict] = []
        self._oldest = 0.0
        self._lock = threading.Lock()

    def add(self, items: Iterable[Interaction]) -> int:
        """Buffer ``items``; flush when full or old. Returns how many rows were written."""
        with self._lock:
            if not self._pending:
                self._oldest = time.monotonic()
            self._pending += [i.row() for i in items if i.kind in INTERACTION_KINDS]
            due = len(self._pending) >= self.rows or (
                self._pending and time.monotonic() - self._oldest >= self.seconds
            )
        return self.flush() if due else 0

    def flush(self) -> int:
        """Write every buffered row in one transaction; returns how many."""
        with self._lock:
            rows, self._pending = self._pending, []
        if rows:
            with session_scope() as session:
                session.execute(insert(EventInteraction), rows)
        return len(rows)

    def __len__(self) -> int:
        return len(self._pending)


BUFFER = InteractionBuffer()
atexit.register(lambda: _flush_quietly())


def _flush_quietly() -> None:
    try:
        BUFFER.flush()
    except Exception:  # at exit the database may already be gone
        return


def log_interactions(items: Iterable[Interaction], user_agent: str | None = None) -> int:
    """Record interactions (dropped for bots); returns rows written now (0 when buffered)."""
    if is_bot(user_agent):
        return 0
    return BUFFER.add(items)


def flush_interactions() -> int:
    """Write what is buffered now (the rollup job and tests call this)."""
    return BUFFER.flush()
