"""The promoter-wide rollups (``data.models.promoter_rollups``), summed from the per-event ones.

``recompute_daily`` (``data.services.rollups``) calls ``recompute_promoters`` for its window
after the per-event rollups; an event that is deleted or changes hands calls it for the days
the event has rolled-up rows (``event_days``, read before a delete), for the promoters
concerned. Everything runs as INSERT ... SELECT inside the database.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, case, cast, distinct, extract, func, literal, select
from sqlalchemy.orm import Session

from data.db.bulk import replace_rows
from data.models import (
    Event,
    EventInteractionBreakdown,
    EventInteractionDaily,
    EventViewerDay,
    PromoterBreakdownDaily,
    PromoterCityDaily,
    PromoterViewerMonth,
)
from data.models.promoter_rollups import month_number


def _among(column, promoters: list[int] | None):
    return column.isnot(None) if promoters is None else column.in_(promoters)


_BREAKDOWN = ("day", "kind", "band", "page")
_CITIES = ("day", "city_id", "kind")


def _summed(session: Session, target, source, keys: tuple, since, until, promoters) -> int:
    """Replace ``target``'s rows for the days with ``source``'s counts summed over each
    promoter's events by ``keys``."""
    grouped = (Event.promoter_id, *(getattr(source, key) for key in keys))
    query = (
        select(*grouped, func.sum(source.count))
        .join(Event, Event.id == source.event_id)
        .where(source.day >= since, source.day <= until, _among(Event.promoter_id, promoters))
        .group_by(*grouped)
    )
    window = (target.day >= since, target.day <= until, _among(target.promoter_id, promoters))
    return replace_rows(session, target, window, query, ["promoter_id", *keys, "count"])


def recompute_promoters(
    session: Session, since: date, until: date, promoters: list[int] | None = None
) -> int:
    """Replace the promoter-wide rollups (of every promoter, or of ``promoters``) for the days
    in [since, until], and the viewer months for every month those days touch; returns rows
    written."""
    days = (since, until, promoters)
    written = _summed(session, PromoterBreakdownDaily, EventInteractionBreakdown, _BREAKDOWN, *days)
    written += _summed(session, PromoterCityDaily, EventViewerDay, _CITIES, *days)
    return written + _viewer_months(session, since, until, promoters)


def _viewer_months(session: Session, since: date, until: date, promoters) -> int:
    v, m = EventViewerDay, PromoterViewerMonth
    start = date(since.year, since.month, 1)
    end = date(until.year + until.month // 12, until.month % 12 + 1, 1)
    month = cast(extract("year", v.day), Integer) * 12 + cast(extract("month", v.day), Integer) - 1
    bit = literal(1).op("<<")(cast(extract("day", v.day), Integer) - 1)
    # SUM(DISTINCT bit) is the OR of the day bits (each day's bit counts once), on both dialects.
    viewed = func.sum(distinct(case((v.kind == "view", bit), else_=literal(0))))
    keys = (Event.promoter_id, month, v.viewer)
    query = (
        select(*keys, func.max(v.city_id), viewed, func.sum(distinct(bit)))
        .join(Event, Event.id == v.event_id)
        .where(v.day >= start, v.day < end, _among(Event.promoter_id, promoters))
        .group_by(*keys)
    )
    window = (m.month >= month_number(since), m.month <= month_number(until))
    window += (_among(m.promoter_id, promoters),)
    columns = ["promoter_id", "month", "viewer", "city_id", "viewed", "engaged"]
    return replace_rows(session, m, window, query, columns)


def first_unrolled_promoter_day(session: Session) -> date | None:
    """The first rolled-up day of a promoter's event while the promoter-wide rollups are still
    empty (the upgrade that added them), so the job sums them from the per-event ones once."""
    if session.scalar(select(PromoterBreakdownDaily.day).limit(1)) is not None:
        return None
    d = EventInteractionDaily
    return session.scalar(
        select(func.min(d.day))
        .join(Event, Event.id == d.event_id)
        .where(Event.promoter_id.isnot(None))
    )


def event_days(session: Session, event_id: int) -> tuple[date, date] | None:
    """The first and last day ``event_id`` has rolled-up interactions, if any."""
    d = EventInteractionDaily
    lo, hi = session.execute(
        select(func.min(d.day), func.max(d.day)).where(d.event_id == event_id)
    ).one()
    return (lo, hi) if lo is not None else None
