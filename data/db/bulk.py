"""Fast multi-row inserts, in-database row replacement and list filters, on PostgreSQL and SQLite.

On PostgreSQL, rows go in with ``COPY`` (ids drawn from the table's sequence first when the
caller needs them) and long id lists are passed as one array parameter, so neither the server
nor psycopg parses statements with thousands of placeholders. Elsewhere plain executemany,
``INSERT ... RETURNING`` and ``IN (...)`` are used.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, Select, String, delete, func, insert, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, any_, bindparam
from sqlalchemy.types import TypeDecorator

from data.db.pg_copy import copy_rows


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def insert_returning_ids(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` into ``model``'s table; return the new ids in the order of ``rows``."""
    if not rows:
        return []
    if _postgres(session):
        ids = next_ids(session, model, len(rows))
        copy_rows(
            session, model.__table__, [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
        )
        return ids
    return list(
        session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    )


# The sequence is looked up once (MATERIALIZED): inlined, the lookup ran once per id.
_NEXT_IDS = (
    "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq) "
    "SELECT array_agg(nextval(s.seq)) FROM s, generate_series(1, %s)"
)


def next_ids(session: Session, model, n: int) -> list[int]:
    """PostgreSQL: ``n`` new ids from ``model``'s id sequence, drawn now, in one round trip,
    as one array (62k ids: 0.03 s; a row per id through SQLAlchemy's result, with the
    sequence looked up for each, took 0.5 s)."""
    driver = session.connection().connection.driver_connection
    return driver.execute(_NEXT_IDS, (model.__table__.name, n)).fetchone()[0]


def insert_rows(session: Session, model, rows: list[dict]) -> None:
    """A multi-row INSERT of rows that all have the same keys."""
    if not rows:
        return
    if _postgres(session):
        copy_rows(session, model.__table__, rows)
    else:
        session.execute(model.__table__.insert(), rows)


def replace_rows(session: Session, model, window: tuple, query: Select, columns: list[str]) -> int:
    """Replace ``model``'s rows matching ``window`` with the rows of ``query`` (an INSERT ...
    SELECT inside the database: no row travels through Python); returns how many match now."""
    session.execute(delete(model).where(*window))
    session.execute(insert(model).from_select(columns, query))
    return session.scalar(select(func.count()).select_from(model).where(*window)) or 0


def in_values(session: Session, column, values, element_type) -> ColumnElement[bool]:
    """``column IN values`` as ``= ANY(:array)`` on PostgreSQL (one parameter, not thousands)."""
    values = list(values)
    if _postgres(session):
        return column == any_(array_param(values, element_type))
    return column.in_(values)


def select_by_ids(session: Session, columns, key, ids, element_type=Integer) -> Select:
    """``SELECT columns WHERE key IN ids`` for an indexed ``key`` (integer unless told).

    On PostgreSQL it is ``unnest(ids)`` joined to a LATERAL lookup, an index probe per id
    whatever the planner believes: on tables without statistics yet (fresh ones, bulk-loaded
    ones) ``key = ANY(array)`` was planned as a sequential scan, 5-10x slower for a page.
    """
    ids = list(ids)
    if not _postgres(session):
        return select(*columns).where(key.in_(ids))
    wanted = func.unnest(array_param(ids, element_type)).table_valued("id").render_derived()
    found = select(*columns).where(key == wanted.c.id).offset(0).lateral()
    return select(*found.c).select_from(wanted).join(found, true())


def ids_with_rows(session: Session, key, ids) -> Select:
    """The ids among ``ids`` that some row has as its indexed integer ``key`` (an EXISTS probe
    per id on PostgreSQL, for the same reason as ``select_by_ids``)."""
    ids = list(ids)
    if not _postgres(session):
        return select(key).where(key.in_(ids)).distinct()
    wanted = func.unnest(array_param(ids, Integer)).table_valued("id").render_derived()
    return select(wanted.c.id).where(select(key).where(key == wanted.c.id).exists())


class _ArrayLiteral(TypeDecorator):
    """An ARRAY parameter whose value is already the array's text form ("{1,2,3}"): rendered
    as ``%(p)s::INTEGER[]``, so the server reads it as a typed array constant."""

    impl = ARRAY
    cache_ok = True

    def __init__(self, element: type) -> None:
        super().__init__(element)
        self.element = element  # the statement cache key: one compiled form per element type

    def bind_processor(self, dialect):
        return None


def array_param(values, element_type) -> ColumnElement:
    """A PostgreSQL array parameter sent as its text form, typed by the statement's cast.

    psycopg dumps a Python list element by element in Python, which cost more than the query
    itself for the thousands of keys and ids a page looks up; joining a literal is a C loop.
    The value stays a constant of the array type (a server-side CAST of a text parameter would
    not, and would be re-evaluated for every row a sequential scan filters).
    Elements are ints, dates or strings (``element_type`` Integer, Date or a string type).
    """
    element = element_type if isinstance(element_type, type) else type(element_type)
    if issubclass(element, Integer):
        element, body = Integer, ",".join(map(str, map(int, values)))
    elif issubclass(element, Date):
        element, body = Date, ",".join(map(date.isoformat, values))
    else:
        element, body = String, _quoted_all(values)
    return bindparam(None, "{" + body + "}", type_=_ArrayLiteral(element))


def _quoted_all(values) -> str:
    values = list(values)
    if not values:
        return ""
    joined = '","'.join(values)
    # Name keys and feed ids rarely hold a quote or backslash: then one join does it all.
    if "\\" not in joined and joined.count('"') == 2 * (len(values) - 1):
        return '"' + joined + '"'
    return ",".join(map(_quoted, values))


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
