"""Record what a feed run changed about stored events, for the alert job to read.

The feed write path calls ``record_changes`` once, just before it updates the events it owns,
with the rows it is about to write; the stored rows are read here and compared.
"""

from __future__ import annotations

from sqlalchemy import Integer, select
from sqlalchemy.orm import Session

from data.alerts.changes import WATCHED_COLUMNS, event_changes
from data.db.bulk import in_values
from data.models import Event, EventChange, utcnow


def record_changes(session: Session, writes, updates: list[tuple[int, dict]], run_id) -> int:
    """Write an ``event_changes`` row for each alert-worthy change in ``updates``.

    Args:
        session: the reading session (the stored rows are read through it).
        writes: where the rows go (``data.db.writes.Writes`` or its deferred variant).
        updates: (event id, the ``events`` columns about to be written) pairs.
        run_id: the feed run making the change.

    Returns:
        The number of change rows written.
    """
    if not updates:
        return 0
    columns = [getattr(Event, c) for c in WATCHED_COLUMNS]
    stored = {
        row.id: row._asdict()
        for row in session.execute(
            select(Event.id, *columns).where(
                in_values(session, Event.id, [i for i, _ in updates], Integer)
            )
        )
    }
    now = utcnow()
    rows = [
        {
            "event_id": event_id,
            "kind": kind,
            "old": old,
            "new": new,
            "run_id": run_id,
            "created_at": now,
        }
        for event_id, values in updates
        if event_id in stored
        for kind, old, new in event_changes(stored[event_id], values)
    ]
    if rows:
        writes.execute(EventChange.__table__.insert(), rows)
    return len(rows)
