"""How plays (and the resolver's new music rows) reach each database.

SQLite: ``executemany`` with ``ON CONFLICT DO NOTHING`` on the natural key (user, end time,
track, ms played), so the database counts duplicates. PostgreSQL: under a per-user lock, the
batch's keys already stored are read (a range scan, or index probes) and the rest go in by
binary ``COPY`` straight into ``plays``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from operator import itemgetter

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_iso = datetime.isoformat
# Value tuples hold the per-play columns; the import's constants (user, import, source) go in
# as SQL literals on SQLite (3 fewer values to bind per row) and at the end of each COPY row.
_PLAY_COLUMNS = (
    "ended_at, ms_played, kind, track_id, artist_id, album_id, "
    "skipped, shuffle, offline, incognito, platform, country, reason_start, reason_end"
)
_CONSTANT_COLUMNS = "user_id, import_id, source"
_PG_COPY = f"COPY plays ({_PLAY_COLUMNS}, {_CONSTANT_COLUMNS}) FROM STDIN (FORMAT BINARY)"
# Binary COPY: psycopg's C dumpers take a quarter of the text format's client CPU.
_PG_TYPES = (
    ["timestamp", "int4", "varchar", "int4", "int4", "int4"]
    + ["bool"] * 4
    + ["varchar"] * 4
    + ["int4", "int4", "varchar"]
)
# One index probe per end time of the batch (LATERAL): with thousands of end times, a plain
# "ended_at = ANY(...)" is estimated to match much of the table, and on a table filled in the
# same transaction (no statistics yet) the planner then scans all of it for every batch.
_PG_STORED_KEYS = (
    "SELECT p.ended_at, p.track_id, p.ms_played "
    "FROM unnest(string_to_array(%s, ',')::timestamp[]) AS e(ended_at) "
    "CROSS JOIN LATERAL (SELECT ended_at, track_id, ms_played FROM plays "
    "WHERE user_id = %s AND ended_at = e.ended_at) AS p"
)
# First the batch's time range: for a first import, or a file whose time range holds few stored
# plays, one range scan answers for most of the batch. The LIMIT stops it early when the range
# holds many more plays than the batch (a file spanning years of a long history).
_PG_STORED_RANGE = (
    "SELECT ended_at, track_id, ms_played FROM plays "
    "WHERE user_id = %s AND ended_at BETWEEN %s AND %s LIMIT %s"
)
_RANGE_FACTOR = 4
# A play's natural key (with its user) in a value tuple: ended_at, track_id, ms_played.
_KEY = itemgetter(0, 3, 1)
# One writer of a user's plays at a time (imports, live sync), until its transaction ends: the
# COPY below relies on the keys it read staying the keys stored. 0x706C6179 is "play".
_PG_USER_LOCK = "SELECT pg_advisory_xact_lock(1886151033, %s)"


class SqliteWriter:
    """One import's SQLite writer. The import's constants (user, import, source) go in as SQL
    literals: three fewer values to bind per play."""

    def __init__(self, session: Session, user_id: int, import_id: int | None) -> None:
        self.session = session
        self.user_id = user_id
        self.import_id = import_id

    def _constants(self, source: str) -> str:
        """The import's constant columns as SQL literals (3 fewer values to bind per play)."""
        if not source.isidentifier():  # it becomes a literal; sources are fixed words
            raise ValueError(f"not a play source: {source!r}")
        import_id = "NULL" if self.import_id is None else int(self.import_id)
        return f"{int(self.user_id)}, {import_id}, '{source}'"

    def rows(self, values: Iterable[tuple], source: str) -> int:
        """Insert value tuples (_PLAY_COLUMNS); returns how many were new."""
        constants = self._constants(source)
        insert = (
            f"INSERT INTO plays ({_PLAY_COLUMNS}, {_CONSTANT_COLUMNS}) "  # noqa: S608
            f"VALUES ({', '.join('?' * 14)}, {constants}) ON CONFLICT DO NOTHING"
        )
        cursor = self.session.connection().connection.cursor()
        try:
            cursor.executemany(insert, values)
            return cursor.rowcount
        finally:
            cursor.close()


class PostgresWriter:
    """One import's PostgreSQL writer; holds the user's plays lock once taken."""

    def __init__(self, session: Session, user_id: int, import_id: int | None) -> None:
        self.session = session
        self.user_id = user_id
        self.import_id = import_id
        self._locked = False

    def rows(self, values: list[tuple], source: str, ends: Sequence[str] | None = None) -> int:
        """Drop the plays already stored (or twice in the batch), COPY the rest.

        Straight into ``plays``: half the server work of a staging table plus INSERT ... ON
        CONFLICT, and the server stores one batch while Python prepares the next. Correct
        because the user's advisory lock keeps other writers of their plays out meanwhile.
        Values are _PLAY_COLUMNS then the constants; ``source`` is among them already.
        ``ends`` are their end times as text, when the caller has them (else formatted here).
        """
        if not values:
            return 0
        conn = self.session.connection().connection.driver_connection
        with conn.cursor() as cur:
            if not self._locked:
                cur.execute(_PG_USER_LOCK, (self.user_id,))
                self._locked = True
            stored = self._stored_keys(cur, values, ends)
            # Each key's first play, in C: built backwards, so an earlier play overwrites a
            # later one with its key; reversed again afterwards, so still in end-time order.
            first = dict(zip(map(_KEY, reversed(values)), reversed(values), strict=True))
            if stored:
                fresh = [value for key, value in first.items() if key not in stored]
            else:
                fresh = list(first.values())
            fresh.reverse()
            if fresh:
                with cur.copy(_PG_COPY) as copy:
                    copy.set_types(_PG_TYPES)
                    for value in fresh:
                        copy.write_row(value)
            return len(fresh)

    def _stored_keys(self, cur, values: list[tuple], ends: Sequence[str] | None) -> set:
        """(ended_at, track_id, ms_played) of the user's stored plays at the batch's end times.

        Values are sorted by end time. The middle 98% of the batch is read by one range scan
        when that range holds few stored plays, and the few end times outside it (a stray old
        duplicate widens a file's range to years) by one index probe each; a range holding
        many more stored plays than the batch is probed end time by end time instead.
        """
        if ends is None:
            ends = [_iso(value[0]) for value in values]
        n, edge = len(values), len(values) // 100
        limit = _RANGE_FACTOR * n
        lo, hi = values[edge][0], values[n - 1 - edge][0]
        cur.execute(_PG_STORED_RANGE, (self.user_id, lo, hi, limit + 1))
        found = cur.fetchall()
        if len(found) > limit:
            log.debug("stored plays by probe: the range holds over %d", limit)
            return self._probe(cur, ends)
        log.debug("stored plays by range: %d, and %d probed", len(found), 2 * edge)
        return set(found) | self._probe(cur, [*ends[:edge], *ends[n - edge :]])

    def _probe(self, cur, ends: Sequence[str]) -> set:
        # Sent as one string: psycopg dumps a list of datetimes far more slowly.
        if not ends:
            return set()
        cur.execute(_PG_STORED_KEYS, (",".join(set(ends)), self.user_id))
        return set(cur.fetchall())


def insert_new(session: Session, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Insert rows via the driver, skipping rows a unique key already has (same transaction).

    PostgreSQL: COPY into a staging table, then INSERT ... ON CONFLICT DO NOTHING (another
    import may be creating the same track right now); SQLite: executemany with the same clause.
    """
    values = list(map(itemgetter(*columns), rows))
    raw = session.connection().connection
    names = ", ".join(columns)
    if session.get_bind().dialect.name == "postgresql":
        stage = f"{table}_incoming"
        with raw.driver_connection.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
            # DELETE, not TRUNCATE: a few thousand rows, and TRUNCATE makes a new file each time.
            cur.execute(f"DELETE FROM {stage}")  # noqa: S608
            with cur.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            cur.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
        return
    cursor = raw.cursor()
    try:
        marks = ", ".join("?" * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING",  # noqa: S608
            values,
        )
    finally:
        cursor.close()


def writer_for(session: Session, user_id: int, import_id: int | None):
    """The writer for the session's database."""
    postgres = session.get_bind().dialect.name == "postgresql"
    return (PostgresWriter if postgres else SqliteWriter)(session, user_id, import_id)
