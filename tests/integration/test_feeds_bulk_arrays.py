"""Ingestion's array parameters on real PostgreSQL: ids, dates and awkward feed ids survive the
trip as one array literal, so a lookup finds exactly the rows it names."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, func, select
from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.db.bulk import array_param, ids_with_rows, in_values, select_by_ids
from data.models import Base, FeedRun, utcnow

AWKWARD = ['say "hi"', "back\\slash", "a,b", "{braces}", " padded ", "naïve ünïcode", "NULL", ""]


def test_array_parameters_round_trip(postgres_url):
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    with sessionmaker(engine)() as session:
        assert session.scalar(select(array_param(AWKWARD, String))) == AWKWARD
        days = [date(2027, 1, 1), date(2027, 12, 31)]
        assert session.scalar(select(array_param(days, Date))) == days
        assert session.scalar(select(func.cardinality(array_param([], Integer)))) == 0
        runs = [
            FeedRun(source=name, params={}, status="finished", started_at=utcnow())
            for name in AWKWARD
        ]
        session.add_all(runs)
        session.flush()
        wanted = [AWKWARD[0], AWKWARD[1], AWKWARD[6]]
        found = session.scalars(
            select(FeedRun.source).where(in_values(session, FeedRun.source, wanted, String))
        ).all()
        assert sorted(found) == sorted(wanted)
        ids = [runs[2].id, runs[3].id]
        found = session.scalars(
            select(FeedRun.source).where(in_values(session, FeedRun.id, ids, Integer))
        ).all()
        assert sorted(found) == sorted([AWKWARD[2], AWKWARD[3]])
        missing = max(r.id for r in runs) + 1
        rows = session.execute(
            select_by_ids(session, (FeedRun.id, FeedRun.source), FeedRun.id, [*ids, missing])
        ).all()
        assert sorted(rows) == sorted((r.id, r.source) for r in runs[2:4])
        having = session.scalars(ids_with_rows(session, FeedRun.id, [ids[0], missing])).all()
        assert having == [ids[0]]
    engine.dispose()
