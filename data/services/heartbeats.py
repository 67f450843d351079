"""Heartbeats of workers, the scheduler and periodic jobs (shown on the admin health page)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data.models import Heartbeat, utcnow


def beat(session: Session, name: str, detail: str | None = None) -> None:
    row = session.get(Heartbeat, name)
    if row is None:
        session.add(Heartbeat(name=name, detail=detail))
    else:
        row.beat_at, row.detail = utcnow(), detail
