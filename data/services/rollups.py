"""Daily interaction rollups: recomputed from the raw log for a window of days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, case, cast, delete, distinct, func, insert, select
from sqlalchemy.orm import Session

from data.models import EventInteraction, EventInteractionDaily


def recompute_daily(session: Session, since: date, until: date) -> int:
    """Replace rollup rows for days in [since, until] with fresh counts; returns rows written."""
    start = datetime.combine(since, time.min)
    end = datetime.combine(until + timedelta(days=1), time.min)
    session.execute(
        delete(EventInteractionDaily).where(
            EventInteractionDaily.day >= since, EventInteractionDaily.day <= until
        )
    )
    day = func.date(EventInteraction.occurred_at)
    rows = session.execute(
        select(
            EventInteraction.event_id,
            day.label("day"),
            EventInteraction.kind,
            func.count().label("count"),
            func.count(distinct(EventInteraction.user_id)).label("unique_users"),
            func.sum(cast(case((EventInteraction.match_score >= 0.5, 1), else_=0), Integer)).label(
                "matched"
            ),
        )
        .where(EventInteraction.occurred_at >= start, EventInteraction.occurred_at < end)
        .group_by(EventInteraction.event_id, day, EventInteraction.kind)
    ).all()
    payload = [
        {
            "event_id": r.event_id,
            "day": r.day if isinstance(r.day, date) else date.fromisoformat(str(r.day)),
            "kind": r.kind,
            "count": r.count,
            "unique_users": r.unique_users,
            "matched_count": r.matched or 0,
        }
        for r in rows
    ]
    if payload:
        session.execute(insert(EventInteractionDaily), payload)
    return len(payload)
