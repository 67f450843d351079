"""Which events a promoter may see: their own (admins: every promoter's), as a SQL condition.

Every promoter read takes its event ids through ``scope_ids``, so an id forged by a client that
is not the caller's own simply matches nothing. ``AllEvents`` names every event of the caller
without listing them: the KPIs then read the promoter-wide rollups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import BigInteger, Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from data.db.bulk import in_values
from data.models import Event
from data.queries.event_places import read_frame, with_place


def scope_ids(user_id: int, admin: bool, selected: Iterable[int] | None = None):
    """A SELECT of the event ids the caller may read, narrowed to ``selected`` when given."""
    query = AllEvents(None if admin else user_id).select()
    chosen = [int(i) for i in selected or [] if str(i).lstrip("-").isdigit()]
    if selected is not None and chosen:
        query = query.where(Event.id.in_(chosen))
    return query


@dataclass(frozen=True)
class AllEvents:
    """Every event of one promoter, or of every promoter (``promoter_id`` None: an admin)."""

    promoter_id: int | None

    def select(self) -> Select:
        """The same events as a SELECT of their ids."""
        return select(Event.id).where(self.owns(Event.promoter_id))

    def owns(self, column):
        """``column`` (a promoter id: of an event, or of a promoter-wide rollup row) is this
        scope's promoter (for an admin: any promoter)."""
        return column.isnot(None) if self.promoter_id is None else column == self.promoter_id


def caller_scope(user_id: int, admin: bool, selected: Iterable[int] | None = None):
    """``AllEvents`` of the caller, or ``scope_ids`` narrowed to ``selected`` when any given."""
    chosen = [i for i in selected or [] if str(i).isdigit()]
    if chosen:
        return scope_ids(user_id, admin, chosen)
    return AllEvents(None if admin else user_id)


def event_ids(session: Session, scope) -> list[int]:
    """``scope`` (``AllEvents``, a ``scope_ids`` SELECT, or ids already read) as a list of
    event ids.

    The rollup reads take the ids as a literal list: PostgreSQL then plans them as index
    lookups per event, where a sub-select led it to scan the whole rollup table (measured in
    tests/bench/test_promoter_analytics.py), so their cost follows the caller's events and
    not everyone's.
    """
    if isinstance(scope, AllEvents):
        scope = scope.select()
    if isinstance(scope, Select):
        return list(session.scalars(scope).all())
    return [int(i) for i in scope]


def resolved(session: Session, scope):
    """``AllEvents`` as it is (the promoter-wide rollups answer it); any other scope as its
    event ids, read once for the several reads of one callback."""
    return scope if isinstance(scope, AllEvents) else event_ids(session, scope)


def among(session: Session, column, ids: list[int]):
    """``column IN ids``; on PostgreSQL as one array parameter (``data.db.bulk.in_values``),
    so a thousand ids cost one bind and not a thousand to compile and send."""
    return in_values(session, column, ids, Integer)


def rows_frame(rows, columns: list[str], **kwargs) -> pd.DataFrame:
    """A frame of result rows (as plain tuples: pandas is slow on SQLAlchemy rows)."""
    return pd.DataFrame([tuple(r) for r in rows], columns=columns, **kwargs)


def summed(column):
    """SUM as a plain integer (PostgreSQL's SUM of a bigint is a numeric, read as Decimal,
    which pandas then converts one value at a time)."""
    return cast(func.sum(column), BigInteger)


def own_events(session: Session, user_id: int, admin: bool, limit: int = 500) -> pd.DataFrame:
    """The caller's events, latest added first: id, title, local_date, status, city, sponsored."""
    statement = (
        with_place(
            Event.id,
            Event.title,
            Event.local_date,
            Event.local_time,
            Event.status,
            Event.sponsored,
        )
        .where(Event.id.in_(scope_ids(user_id, admin)))
        .order_by(Event.id.desc())
        .limit(limit)
    )
    return read_frame(session, statement)


def periods(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The chosen period and the one of equal length just before it."""
    length = (end - start).days + 1
    return (start, end), (start - timedelta(days=length), start - timedelta(days=1))


def other_ids(user_id: int, admin: bool, selected: Iterable[int]):
    """The caller's events outside ``selected`` (for "beside your other events")."""
    chosen = [int(i) for i in selected if str(i).isdigit()]
    return scope_ids(user_id, admin).where(Event.id.not_in(chosen))
