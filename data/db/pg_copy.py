"""``COPY ... FROM STDIN`` for ingestion's multi-row inserts, in binary when every column allows.

Binary COPY sends each value in its column's wire format: psycopg packs a row about six times
faster than it renders the text format (a quarter of the client CPU of a page's inserts was
text rendering), and the server skips parsing dates, times and numbers. Binary values must
match the column types exactly, so the types come from the table definition, and a table with
a column this module does not know (JSON, say) is copied in the text format as before.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

# DDL type name prefix -> psycopg type name. Longer prefixes first (TIMESTAMP before TIME).
_BINARY = (
    ("TIMESTAMP WITHOUT TIME ZONE", "timestamp"),
    ("TIME WITHOUT TIME ZONE", "time"),
    ("DOUBLE PRECISION", "float8"),
    ("VARCHAR", "text"),
    ("INTEGER", "int4"),
    ("SMALLINT", "int2"),
    ("BIGINT", "int8"),
    ("BOOLEAN", "bool"),
    ("NUMERIC", "numeric"),
    ("FLOAT", "float8"),
    ("TEXT", "text"),
    ("DATE", "date"),
)


def _as_float(value):
    return None if value is None else float(value)


def _as_decimal(value):
    # The text format sent repr(float); the same digits keep the column's rounding identical.
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _decimals() -> Callable:
    """``_as_decimal`` remembering the floats of one COPY: prices repeat from row to row."""
    memo: dict[float, Decimal] = {}

    def convert(value):
        if value.__class__ is not float or not value:  # zeros too: 0.0 == -0.0 as a key
            return _as_decimal(value)
        found = memo.get(value)
        if found is None:
            found = memo[value] = _as_decimal(value)
        return found

    return convert


_CONVERT: dict[str, Callable[[], Callable]] = {
    "float8": lambda: _as_float,
    "numeric": _decimals,
}


@lru_cache(maxsize=256)
def _binary_type(ddl: str) -> str | None:
    if ddl == "FLOAT(53)" or (ddl.startswith("FLOAT(") and int(ddl[6:-1]) > 24):
        return "float8"
    if ddl.startswith("FLOAT("):
        return None  # real: not worth a case of its own
    for prefix, name in _BINARY:
        if ddl == prefix or ddl.startswith(prefix + "("):
            return name
    return None


def binary_types(table: Table, columns: tuple[str, ...]) -> tuple[str, ...] | None:
    """Psycopg type names for ``columns`` of ``table``; None when one has no binary mapping."""
    dialect = postgresql.dialect()
    names = []
    for column in columns:
        name = _binary_type(table.c[column].type.compile(dialect=dialect))
        if name is None:
            return None
        names.append(name)
    return tuple(names)


def copy_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """COPY ``rows`` (dicts with the same keys) into ``table``, filling the Python-side column
    defaults that COPY cannot see."""
    session.flush()
    keys = tuple(rows[0])
    defaults = {
        c.name: c.default
        for c in table.columns
        if c.name not in keys and c.default is not None and not c.default.is_sequence
    }
    columns = keys + tuple(defaults)
    fixed = tuple(d.arg(None) if d.is_callable else d.arg for d in defaults.values())
    names = ", ".join(f'"{c}"' for c in columns)
    types = binary_types(table, columns)
    cursor = session.connection().connection.driver_connection.cursor()
    values = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
    if types is None:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(values(row) + fixed)
        return
    converters = [(i, _CONVERT[t]()) for i, t in enumerate(types) if t in _CONVERT]
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
        copy.set_types(list(types))
        for row in rows:
            record = values(row) + fixed
            if converters:
                record = list(record)
                for i, convert in converters:
                    record[i] = convert(record[i])
            copy.write_row(record)
