"""Fast multi-row inserts and list filters for ingestion, the same API on PostgreSQL and SQLite.

On PostgreSQL, rows go in with ``COPY`` (ids drawn from the table's sequence first when the
caller needs them) and long id lists are passed as one array parameter, so neither the server
nor psycopg parses statements with thousands of placeholders. Elsewhere plain executemany,
``INSERT ... RETURNING`` and ``IN (...)`` are used.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, any_, bindparam


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def insert_returning_ids(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` into ``model``'s table; return the new ids in the order of ``rows``."""
    if not rows:
        return []
    if _postgres(session):
        sequence = session.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": model.__table__.name}
        )
        ids = list(
            session.scalars(
                select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
            )
        )
        _copy(session, model.__table__, [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
        return ids
    return list(
        session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    )


def insert_rows(session: Session, model, rows: list[dict]) -> None:
    """A multi-row INSERT of rows that all have the same keys."""
    if not rows:
        return
    if _postgres(session):
        _copy(session, model.__table__, rows)
    else:
        session.execute(model.__table__.insert(), rows)


def _copy(session: Session, table, rows: list[dict]) -> None:
    """COPY FROM STDIN, filling the Python-side column defaults that COPY cannot see."""
    session.flush()
    keys = list(rows[0])
    defaults = {
        c.name: c.default
        for c in table.columns
        if c.name not in keys and c.default is not None and not c.default.is_sequence
    }
    columns = keys + list(defaults)
    fixed = [d.arg(None) if d.is_callable else d.arg for d in defaults.values()]
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[k] for k in keys] + fixed)


def in_values(session: Session, column, values, element_type) -> ColumnElement[bool]:
    """``column IN values`` as ``= ANY(:array)`` on PostgreSQL (one parameter, not thousands)."""
    values = list(values)
    if _postgres(session):
        return column == any_(bindparam(None, values, type_=ARRAY(element_type)))
    return column.in_(values)
