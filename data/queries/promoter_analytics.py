"""Promoter analytics over the daily rollups: KPIs, time series, funnel, comparison.

Reads ``event_interaction_daily`` (never the raw log), scoped by
``data.queries.promoter_scope.scope_ids``. "Unique viewers" is exact for any period: distinct
people over ``event_viewer_days`` (a person who comes back on a second day counts once). The
KPIs and the daily chart's overall line of ``AllEvents`` read the promoter-wide rollups
instead (``promoter_totals``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Integer, Select, String, any_, func, literal, select, union_all
from sqlalchemy.orm import Session

from data.models import Event, EventInteractionDaily, EventViewerDay
from data.queries import promoter_totals
from data.queries.promoter_scope import (
    AllEvents,
    among,
    event_ids,
    periods,
    resolved,
    rows_frame,
    summed,
)
from data.queries.promoter_totals import Period

FUNNEL = ("impression", "view", "save", "ticket_click")
KPI_NAMES = (
    "impressions",
    "views",
    "unique_viewers",
    "saves",
    "ticket_clicks",
    "ctr",
    "save_rate",
)
_PLURAL = {"impression": "impressions", "view": "views", "save": "saves"}
_PLURAL["ticket_click"] = "ticket_clicks"


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def unique_viewers(session: Session, scope, start: date, end: date) -> int:
    """Distinct people who opened an event page of ``scope`` in [start, end] (exact)."""
    scope = event_ids(session, scope)
    v = EventViewerDay
    people = (
        select(v.viewer)
        .where(among(session, v.event_id, scope), v.kind == "view", v.day >= start, v.day <= end)
        .distinct()
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(people)) or 0)


def totals(session: Session, scope, start: date, end: date) -> dict[str, float | None]:
    """KPI values for one period: counts per kind, unique viewers, click-through and save rate.

    CTR is ticket clicks per view; save rate is saves per view.
    """
    return _totals(session, scope, [(start, end)])[0]


def _totals(session: Session, scope, windows: list[Period]) -> list[dict[str, float | None]]:
    """``totals`` for each window, from the promoter-wide rollups for ``AllEvents``."""
    if isinstance(scope, AllEvents):
        counted = promoter_totals.kind_counts(session, scope, windows)
        people = promoter_totals.viewers(session, scope, windows)
    else:
        scope = event_ids(session, scope)
        counted = [_event_counts(session, scope, *window) for window in windows]
        people = [unique_viewers(session, scope, *window) for window in windows]
    out = []
    for counts, unique in zip(counted, people, strict=True):
        values: dict[str, float | None] = {_PLURAL[k]: counts.get(k, 0) for k in FUNNEL}
        values["unique_viewers"] = unique
        values["ctr"] = _ratio(counts.get("ticket_click", 0), counts.get("view", 0))
        values["save_rate"] = _ratio(counts.get("save", 0), counts.get("view", 0))
        out.append(values)
    return out


def _event_counts(session: Session, ids: list[int], start: date, end: date) -> dict[str, int]:
    d = EventInteractionDaily
    rows = session.execute(
        select(d.kind, summed(d.count))
        .where(among(session, d.event_id, ids), d.day >= start, d.day <= end)
        .group_by(d.kind)
    ).all()
    return {kind: int(n or 0) for kind, n in rows}


def kpis(session: Session, scope, start: date, end: date) -> pd.DataFrame:
    """One row per KPI: value in the period, in the previous period, and the change (ratio)."""
    scope = resolved(session, scope)
    now, before = _totals(session, scope, list(periods(start, end)))
    rows = []
    for name in KPI_NAMES:
        value, previous = now[name], before[name]
        change = None
        if value is not None and previous:
            change = (value - previous) / previous
        rows.append({"kpi": name, "value": value, "previous": previous, "change": change})
    return pd.DataFrame(rows, columns=["kpi", "value", "previous", "change"])


def funnel(values: dict[str, float | None]) -> pd.DataFrame:
    """Impressions → views → saves → clicks, with the conversion from the step before."""
    rows, before = [], None
    for kind in FUNNEL:
        count = int(values.get(_PLURAL[kind]) or 0)
        rate = _ratio(count, before) if before is not None else None
        rows.append({"step": kind, "count": count, "conversion": rate})
        before = count
    return pd.DataFrame(rows, columns=["step", "count", "conversion"])


def daily(session: Session, scope, start: date, end: date, kind: str | None = None) -> pd.DataFrame:
    """Daily counts per event and kind (one kind when given): event_id, title, day, kind, count."""
    scope = event_ids(session, scope)
    d = EventInteractionDaily
    query = (
        select(d.event_id, d.day, d.kind, summed(d.count))
        .where(among(session, d.event_id, scope), d.day >= start, d.day <= end)
        .group_by(d.event_id, d.day, d.kind)
        .order_by(d.day)
    )
    if kind is not None:
        query = query.where(d.kind == kind)
    rows = session.execute(query).all()
    frame = rows_frame(rows, ["event_id", "day", "kind", "count"])
    frame["count"] = frame["count"].astype("int64")
    ids = frame["event_id"].unique().tolist()
    titles = dict(
        session.execute(select(Event.id, Event.title).where(among(session, Event.id, ids))).all()
    )
    frame.insert(1, "title", frame["event_id"].map(titles))
    return frame


Line = tuple[int, str, date, int]  # event_id, title, day, count


def series(
    session: Session, scope, start: date, end: date, kind: str, top: int
) -> tuple[list[tuple[date, int]], list[Line]]:
    """What the daily chart draws, aggregated in the database: one round trip, a few hundred rows.

    Returns ``(overall, lines)`` as plain tuples (pandas would cost more than the rows):
    ``overall`` is (day, count) summed over every event of ``scope``, days ascending; ``lines``
    is (event_id, title, day, count) for the ``top`` busiest events (most ``kind`` in the
    period; ties to the lower id), each event's days together and ascending, events in the
    order of their first day, then id.
    """
    d = EventInteractionDaily
    period = (d.day >= start, d.day <= end, d.kind == kind)
    mine = (_within(session, d.event_id, scope), *period)
    busiest = (
        select(d.event_id)
        .where(*mine)
        .group_by(d.event_id)
        .order_by(func.sum(d.count).desc(), d.event_id)
        .limit(top)
        .cte("busiest")
    )
    if isinstance(scope, AllEvents):  # the overall line costs the days, not the events
        overall = promoter_totals.day_line(scope, start, end, kind)
    else:
        overall = select(literal(None, Integer), literal(None, String), d.day, summed(d.count))
        overall = overall.where(*mine).group_by(d.day)
    # (event, day, kind) is the rollup's primary key: one row per event and day, no GROUP BY.
    lines = (
        select(d.event_id, Event.title, d.day, d.count)
        .join(busiest, busiest.c.event_id == d.event_id)
        .join(Event, Event.id == d.event_id)
        .where(*period)
    )
    return _split_series(session.execute(union_all(overall, lines)).all())


def _within(session: Session, column, scope):
    """``column`` among the ids of ``scope``, asked in the same statement on PostgreSQL.

    ``= ANY(ARRAY(SELECT ...))`` runs the sub-select once (an InitPlan) and then looks the
    rollup up by index per event, as a literal id array does, without the round trip that
    reads the ids into Python first (a plain ``IN (SELECT ...)`` was planned as a scan of the
    whole rollup table: see ``promoter_scope.event_ids``).
    """
    if isinstance(scope, AllEvents):
        scope = scope.select()
    if isinstance(scope, Select) and session.get_bind().dialect.name == "postgresql":
        return column == any_(func.array(scope.scalar_subquery()))
    return among(session, column, event_ids(session, scope))


def _split_series(rows) -> tuple[list[tuple[date, int]], list[Line]]:
    overall = sorted((day, int(n)) for event_id, _t, day, n in rows if event_id is None)
    lines = [(e, t, day, int(n)) for e, t, day, n in rows if e is not None]
    first: dict[int, date] = {}
    for event_id, _title, day, _n in lines:
        first[event_id] = min(day, first.get(event_id, day))
    lines.sort(key=lambda r: (first[r[0]], r[0], r[2]))
    return overall, lines


def compare(session: Session, scope, start: date, end: date, limit: int = 20) -> pd.DataFrame:
    """Per event totals (impressions, views, saves, ticket clicks) of the ``limit`` events with
    the most impressions (ties to the lower id; then, if fewer had any, others by id).

    Only impressions are summed over every event of ``scope``; all four only for those shown.
    """
    d = EventInteractionDaily
    mine = (_within(session, d.event_id, scope), d.day >= start, d.day <= end)
    busiest = select(d.event_id).where(*mine, d.kind == "impression").group_by(d.event_id)
    chosen = list(
        session.scalars(busiest.order_by(func.sum(d.count).desc(), d.event_id).limit(limit))
    )
    if len(chosen) < limit:
        rest = select(d.event_id).where(*mine, d.kind.in_(FUNNEL), d.event_id.not_in(chosen))
        rest = rest.group_by(d.event_id).order_by(d.event_id).limit(limit - len(chosen))
        chosen += session.scalars(rest)
    rows = session.execute(
        select(d.event_id, d.kind, summed(d.count))
        .where(among(session, d.event_id, chosen), d.day >= start, d.day <= end)
        .where(d.kind.in_(FUNNEL))
        .group_by(d.event_id, d.kind)
    ).all()
    frame = rows_frame(rows, ["event_id", "kind", "count"])
    columns = ["event_id", "title", *(_PLURAL[k] for k in FUNNEL)]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    wide = frame.set_index(["event_id", "kind"])["count"].unstack()  # one row per pair already
    wide = wide.reindex(index=chosen, columns=list(FUNNEL)).fillna(0).astype("int64")
    wide = wide.rename(columns=_PLURAL).rename_axis("event_id").reset_index()
    titles = dict(session.execute(select(Event.id, Event.title).where(Event.id.in_(chosen))).all())
    wide["title"] = wide["event_id"].map(titles)
    return wide[columns]
