"""Reads of the promoter-wide rollups for ``AllEvents``: every event of a promoter at once.

The KPIs, targeting, sources and geography of "all my events" come from here
(``data.models.promoter_rollups``), at a cost that follows the days and the audience and not
the number of events or interactions; a selection of events reads the per-event rollups
instead. Both give the same numbers (tests/unit/test_promoter_rollups.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from data.models import PromoterBreakdownDaily, PromoterCityDaily, PromoterViewerMonth
from data.models.promoter_rollups import period_masks
from data.queries.promoter_scope import AllEvents, summed

Period = tuple[date, date]


def kind_counts(session: Session, scope: AllEvents, windows: list[Period]) -> list[dict]:
    """Interactions per kind in each window, in one read."""
    p = PromoterBreakdownDaily
    sums = [_sum(p.count, and_(p.day >= lo, p.day <= hi)) for lo, hi in windows]
    first, last = min(lo for lo, _ in windows), max(hi for _, hi in windows)
    rows = session.execute(
        select(p.kind, *sums)
        .where(scope.owns(p.promoter_id), p.day >= first, p.day <= last)
        .group_by(p.kind)
    ).all()
    return [{row[0]: int(row[1 + i] or 0) for row in rows} for i in range(len(windows))]


def day_line(scope: AllEvents, start: date, end: date, kind: str) -> Select:
    """(NULL, NULL, day, count) of ``kind`` per day: the overall line of the daily chart."""
    p = PromoterBreakdownDaily
    return (
        select(literal(None, Integer), literal(None, String), p.day, summed(p.count))
        .where(scope.owns(p.promoter_id), p.day >= start, p.day <= end, p.kind == kind)
        .group_by(p.day)
    )


def _met(days, lo: date, hi: date):
    """The person's ``days`` mask meets some day of [lo, hi]."""
    m = PromoterViewerMonth
    return or_(
        *(
            m.month == month if whole else and_(m.month == month, days.op("&")(mask) != 0)
            for month, mask, whole in period_masks(lo, hi)
        )
    )


def _months(windows: list[Period]):
    m = PromoterViewerMonth
    months = [month for lo, hi in windows for month, _mask, _whole in period_masks(lo, hi)]
    return m.month >= min(months), m.month <= max(months)


def viewers(session: Session, scope: AllEvents, windows: list[Period]) -> list[int]:
    """Exact unique viewers (people who opened an event page) in each window, in one read.

    One hashed GROUP BY person marks the windows they viewed in; then those are counted (a
    COUNT(DISTINCT ...) per window sorted every row once per window: twice the time).
    """
    m = PromoterViewerMonth
    seen = [
        func.max(case((_met(m.viewed, lo, hi), literal(1)), else_=literal(0))).label(f"w{i}")
        for i, (lo, hi) in enumerate(windows)
    ]
    people = (
        select(m.viewer, *seen)
        .where(scope.owns(m.promoter_id), *_months(windows))
        .group_by(m.viewer)
        .subquery()
    )
    counts = [func.count().filter(people.c[f"w{i}"] == 1) for i in range(len(windows))]
    row = session.execute(select(*counts).select_from(people)).one()
    return [int(n or 0) for n in row]


def band_rows(session: Session, scope: AllEvents, start: date, end: date, kinds) -> list:
    """(band, kind, count) of ``kinds`` in the period."""
    p = PromoterBreakdownDaily
    return session.execute(
        select(p.band, p.kind, summed(p.count))
        .where(scope.owns(p.promoter_id), p.day >= start, p.day <= end, p.kind.in_(kinds))
        .group_by(p.band, p.kind)
    ).all()


def source_rows(session: Session, scope: AllEvents, start: date, end: date) -> list:
    """(page, views) in the period."""
    p = PromoterBreakdownDaily
    return session.execute(
        select(p.page, summed(p.count))
        .where(scope.owns(p.promoter_id), p.day >= start, p.day <= end, p.kind == "view")
        .group_by(p.page)
    ).all()


def city_rows(session: Session, scope: AllEvents, start: date, end: date) -> list:
    """(city id, people, views, saves) in the period; people viewed or saved (distinct)."""
    c, m = PromoterCityDaily, PromoterViewerMonth
    counted = {
        city: (views, saves)
        for city, views, saves in session.execute(
            select(c.city_id, _sum(c.count, c.kind == "view"), _sum(c.count, c.kind == "save"))
            .where(scope.owns(c.promoter_id), c.day >= start, c.day <= end)
            .group_by(c.city_id)
        )
    }
    pairs = (
        select(m.city_id, m.viewer)
        .where(scope.owns(m.promoter_id), *_months([(start, end)]), _met(m.engaged, start, end))
        .distinct()
        .subquery()
    )
    people = dict(
        session.execute(select(pairs.c.city_id, func.count()).group_by(pairs.c.city_id)).all()
    )
    rows = []
    for city in sorted(counted.keys() | people.keys()):
        views, saves = counted.get(city, (0, 0))
        rows.append((city, int(people.get(city, 0)), int(views or 0), int(saves or 0)))
    return rows


def _sum(column, condition):
    """SUM of ``column`` over the rows meeting ``condition``, as a plain integer."""
    return cast(func.sum(column).filter(condition), BigInteger)
