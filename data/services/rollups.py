"""Daily interaction rollups: recomputed from the raw log for a window of days.

Two tables: ``event_interaction_daily`` (per event, day and kind) and
``event_interaction_breakdown`` (also per match band, page and viewer city), so every
promoter chart reads a rollup and never the raw log.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, case, cast, delete, distinct, func, insert, literal, select
from sqlalchemy.orm import Session

from data.models import (
    EventAudienceDaily,
    EventInteraction,
    EventInteractionBreakdown,
    EventInteractionDaily,
)
from data.ranking.bands import HIGH, MEDIUM

CHUNK = 20_000


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _window(since: date, until: date):
    start = datetime.combine(since, time.min)
    end = datetime.combine(until + timedelta(days=1), time.min)
    return EventInteraction.occurred_at >= start, EventInteraction.occurred_at < end


def recompute_daily(session: Session, since: date, until: date) -> int:
    """Replace rollup rows for days in [since, until] with fresh counts; returns rows written."""
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
        .where(*_window(since, until))
        .group_by(EventInteraction.event_id, day, EventInteraction.kind)
    ).all()
    payload = [
        {
            "event_id": r.event_id,
            "day": _day(r.day),
            "kind": r.kind,
            "count": r.count,
            "unique_users": r.unique_users,
            "matched_count": r.matched or 0,
        }
        for r in rows
    ]
    for at in range(0, len(payload), CHUNK):
        session.execute(insert(EventInteractionDaily), payload[at : at + CHUNK])
    written = len(payload) + recompute_breakdown(session, since, until)
    return written + recompute_audience(session, since, until)


def recompute_breakdown(session: Session, since: date, until: date) -> int:
    """Replace the band/page/city rollup for days in [since, until]; returns rows written."""
    session.execute(
        delete(EventInteractionBreakdown).where(
            EventInteractionBreakdown.day >= since, EventInteractionBreakdown.day <= until
        )
    )
    score = EventInteraction.match_score
    band = case(
        (score.is_(None), literal("none")),
        (score >= HIGH, literal("high")),
        (score >= MEDIUM, literal("medium")),
        else_=literal("low"),
    )
    page = func.coalesce(EventInteraction.page, literal(""))
    city = func.coalesce(EventInteraction.viewer_city_id, literal(0))
    day = func.date(EventInteraction.occurred_at)
    keys = (EventInteraction.event_id, day, EventInteraction.kind, band, page, city)
    names = ("event_id", "day", "kind", "band", "page", "city_id")
    return _regroup(session, EventInteractionBreakdown, names, keys, since, until)


def recompute_audience(session: Session, since: date, until: date) -> int:
    """Replace the per-city distinct viewers for days in [since, until]; returns rows written."""
    session.execute(
        delete(EventAudienceDaily).where(
            EventAudienceDaily.day >= since, EventAudienceDaily.day <= until
        )
    )
    city = func.coalesce(EventInteraction.viewer_city_id, literal(0))
    day = func.date(EventInteraction.occurred_at)
    keys = (EventInteraction.event_id, day, EventInteraction.kind, city)
    names = ("event_id", "day", "kind", "city_id")
    return _regroup(session, EventAudienceDaily, names, keys, since, until)


def _regroup(session: Session, table, names, keys, since: date, until: date) -> int:
    """Insert count and distinct users of the raw log grouped by ``keys`` into ``table``."""
    rows = session.execute(
        select(*keys, func.count(), func.count(distinct(EventInteraction.user_id)))
        .where(*_window(since, until))
        .group_by(*keys)
    ).all()
    payload = [dict(zip((*names, "count", "unique_users"), r, strict=True)) for r in rows]
    for item in payload:
        item["day"] = _day(item["day"])
    for at in range(0, len(payload), CHUNK):
        session.execute(insert(table), payload[at : at + CHUNK])
    return len(payload)
