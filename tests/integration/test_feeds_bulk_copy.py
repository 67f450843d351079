"""Ingestion's COPY on real PostgreSQL: the binary format stores exactly what the text format
stored (numeric rounding, NULLs, times, awkward text, column defaults), and tables with a column
that has no binary mapping still go in as text."""

from __future__ import annotations

from datetime import date, datetime, time

from psycopg.types.json import Jsonb
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from data.db import make_engine, pg_copy
from data.db.bulk import insert_returning_ids, insert_rows
from data.models import Base, Event, FeedRun

AWKWARD = 'tab\there, newline\nthere, back\\slash, "quotes", naïve ünïcode'


def _event(title: str, price: float | int | None, local_time: time | None) -> dict:
    return {
        "title": title,
        "title_key": title.lower(),
        "starts_at": datetime(2027, 5, 1, 18, 30) if local_time else None,
        "ends_at": None,
        "local_date": date(2027, 5, 1),
        "local_time": local_time,
        "timezone": "Europe/Berlin",
        "status": "scheduled",
        "price_min": price,
        "price_max": None,
    }


def _stored(session, ids: list[int]) -> list[tuple]:
    return [
        tuple(row)
        for row in session.execute(
            select(
                Event.title,
                Event.starts_at,
                Event.local_date,
                Event.local_time,
                Event.price_min,
                Event.price_max,
                Event.status,
                Event.popularity,
                Event.is_demo,
                Event.title_key,
            )
            .where(Event.id.in_(ids))
            .order_by(Event.id)
        )
    ]


def test_binary_copy_stores_what_text_copy_stored(postgres_url, monkeypatch):
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    rows = [
        _event(AWKWARD, 19.999, time(20, 30)),
        _event("", 20, None),
        _event("Plain", None, time(0, 0)),
    ]
    with sessionmaker(engine)() as session:
        assert pg_copy.binary_types(Event.__table__, ("id", "price_min", "local_time")) == (
            "int4",
            "numeric",
            "time",
        )
        binary = _stored(session, insert_returning_ids(session, Event, rows))
        with monkeypatch.context() as patched:
            patched.setattr(pg_copy, "binary_types", lambda table, columns: None)
            text = _stored(session, insert_returning_ids(session, Event, rows))
        assert binary == text
        assert binary[0][0] == AWKWARD and binary[0][4] == 20.0 and binary[1][4] == 20.0
        assert binary[1][3] is None and binary[2][4] is None and binary[0][7] == 0.0

        session.rollback()


def test_a_table_without_a_binary_mapping_is_copied_as_text(postgres_url):
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    assert pg_copy.binary_types(FeedRun.__table__, ("source", "params")) is None
    with sessionmaker(engine)() as session:
        insert_rows(
            session,
            FeedRun,
            [{"source": "ics", "params": Jsonb({"a": 1}), "failures": Jsonb({}), "status": "done"}],
        )
        assert session.scalar(select(FeedRun.status).where(FeedRun.source == "ics")) == "done"
        session.rollback()
