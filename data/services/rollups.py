"""Daily interaction rollups: recomputed from the raw log for a window of days.

Three tables, each replaced for the window with one INSERT ... SELECT inside the database (no
rows travel through Python): ``event_interaction_daily`` (per event, day and kind),
``event_interaction_breakdown`` (also per match band and page) and ``event_audience_daily``
(per viewer home city, with distinct people for the geography's k >= 5 rule). Every promoter
chart reads one of them and never the raw log.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, case, cast, delete, distinct, func, insert, literal, select
from sqlalchemy.orm import Session

from data.models import (
    Event,
    EventAudienceDaily,
    EventGenre,
    EventInteraction,
    EventInteractionBreakdown,
    EventInteractionDaily,
    MarketBandDaily,
)
from data.ranking.bands import HIGH, MEDIUM

_I = EventInteraction


def _window(since: date, until: date):
    start = datetime.combine(since, time.min)
    end = datetime.combine(until + timedelta(days=1), time.min)
    return _I.occurred_at >= start, _I.occurred_at < end


def _regroup(session: Session, table, keys: dict, extra: dict, since: date, until: date) -> int:
    """Replace ``table``'s rows for the window with the raw log grouped by ``keys``."""
    session.execute(delete(table).where(table.day >= since, table.day <= until))
    columns = {**keys, "count": func.count(), "unique_users": func.count(distinct(_I.user_id))}
    columns |= extra
    query = select(*columns.values()).where(*_window(since, until)).group_by(*keys.values())
    session.execute(insert(table).from_select(list(columns), query))
    window = (table.day >= since, table.day <= until)
    return session.scalar(select(func.count()).select_from(table).where(*window)) or 0


def recompute_daily(session: Session, since: date, until: date) -> int:
    """Replace every rollup's rows for days in [since, until]; returns rows written."""
    day = func.date(_I.occurred_at)
    keys = {"event_id": _I.event_id, "day": day, "kind": _I.kind}
    matched = func.sum(cast(case((_I.match_score >= 0.5, 1), else_=0), Integer))
    written = _regroup(
        session, EventInteractionDaily, keys, {"matched_count": matched}, since, until
    )
    score = _I.match_score
    band = case(
        (score.is_(None), literal("none")),
        (score >= HIGH, literal("high")),
        (score >= MEDIUM, literal("medium")),
        else_=literal("low"),
    )
    detail = {**keys, "band": band, "page": func.coalesce(_I.page, literal(""))}
    written += _regroup(session, EventInteractionBreakdown, detail, {}, since, until)
    audience = {**keys, "city_id": func.coalesce(_I.viewer_city_id, literal(0))}
    written += _regroup(session, EventAudienceDaily, audience, {}, since, until)
    return written + recompute_market(session, since, until)


def recompute_market(session: Session, since: date, until: date) -> int:
    """Replace the per city, genre and band totals for the window, from the breakdown rollup."""
    m, b = MarketBandDaily, EventInteractionBreakdown
    session.execute(delete(m).where(m.day >= since, m.day <= until))
    keys = {"city_id": Event.city_id, "genre_id": EventGenre.genre_id, "day": b.day}
    keys |= {"kind": b.kind, "band": b.band}
    query = (
        select(*keys.values(), func.sum(b.count))
        .join(Event, Event.id == b.event_id)
        .join(EventGenre, EventGenre.event_id == b.event_id)
        .where(b.day >= since, b.day <= until, Event.city_id.isnot(None))
        .group_by(*keys.values())
    )
    session.execute(insert(m).from_select([*keys, "count"], query))
    window = (m.day >= since, m.day <= until)
    return session.scalar(select(func.count()).select_from(m).where(*window)) or 0
