"""How plays reach PostgreSQL: binary COPY straight into ``plays``, under a per-user lock.

The plays a batch would repeat are found first: for a helper's file from the end times this
writer stored already (in memory), otherwise by reading the batch's time range or probing its
end times. Each batch is formatted into one buffer by psycopg's C row formatter (a quarter
less client time than ``write_row`` per play). The helpers' end times come as the int64
microseconds since 2000 that a binary timestamp is, so they are sent as ``int8`` as they are.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from itertools import compress, repeat
from operator import itemgetter

import numpy as np

# psycopg's C row formatter, as Copy.write_row calls it: called here by map over a batch.
from psycopg._copy_base import format_row_binary
from sqlalchemy.orm import Session

from data.importers.parallel import CompactFile
from data.importers.writers import CONSTANT_COLUMNS, PLAY_COLUMNS, HelperSlots

log = logging.getLogger(__name__)
_iso = datetime.isoformat
_PG_COPY = f"COPY plays ({PLAY_COLUMNS}, {CONSTANT_COLUMNS}) FROM STDIN (FORMAT BINARY)"
# Binary COPY: psycopg's C dumpers take a quarter of the text format's client CPU.
_PG_TYPES = (
    ["timestamp", "int4", "varchar", "int4", "int4", "int4"]
    + ["bool"] * 4
    + ["varchar"] * 4
    + ["int4", "int4", "varchar"]
)
# The helpers' end times are already a binary timestamp's value: sent as int8, as they are.
_PG_COMPACT_TYPES = ["int8", *_PG_TYPES[1:]]
_PG_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # no flags, no header extension
_PG_TRAILER = b"\xff\xff"
_PG_EPOCH = datetime(2000, 1, 1)
# The end time in the helpers' form (microseconds since 2000; exact, EXTRACT gives a numeric).
_PG_END_US = "((EXTRACT(EPOCH FROM ended_at) - 946684800) * 1000000)::int8"
# One index probe per end time of the batch (LATERAL): with thousands of end times, a plain
# "ended_at = ANY(...)" is estimated to match much of the table, and on a table filled in the
# same transaction (no statistics yet) the planner then scans all of it for every batch.
_PG_STORED_KEYS = (
    "SELECT p.ended, p.track_id, p.ms_played "
    "FROM unnest(string_to_array(%s, ',')::timestamp[]) AS e(ended_at) "
    "CROSS JOIN LATERAL (SELECT {ended} AS ended, track_id, ms_played FROM plays "
    "WHERE user_id = %s AND ended_at = e.ended_at) AS p"
)
# A batch that may repeat plays stored before (a re-import, an overlapping export, the general
# path): first its time range, where a range holding few stored plays answers for most of the
# batch in one scan. The LIMIT stops it early when the range holds many more plays than the
# batch (a file spanning years of a long history).
_PG_STORED_RANGE = (
    "SELECT {ended}, track_id, ms_played FROM plays "
    "WHERE user_id = %s AND ended_at BETWEEN %s AND %s LIMIT %s"
)
_RANGE_FACTOR = 4
_PG_SPAN = "SELECT min(ended_at), max(ended_at) FROM plays WHERE user_id = %s"
# A play's natural key (with its user) in a value tuple: ended_at, track_id, ms_played.
_KEY = itemgetter(0, 3, 1)
# Transaction-level advisory locks, class 0x706C6179 ("play"), held until the transaction ends.
# Key = a user's id: one writer of that user's plays at a time (imports, live sync); the COPY
# below relies on the keys it read staying the keys stored. Key 0 (no user has it): one creator
# of albums and tracks at a time (``resolve``).
_PG_USER_LOCK = "SELECT pg_advisory_xact_lock(1886151033, %s)"
CATALOGUE_LOCK = "SELECT pg_advisory_xact_lock(1886151033, 0)"


class PostgresWriter:
    """One import's PostgreSQL writer; holds the user's plays lock once taken.

    It remembers the end times of the plays it stored from the helpers' files: a later file
    can repeat only those, or plays stored before the import (or by ``rows``) whose time span
    it keeps in ``_unknown``. A file outside that span is checked against the end times in
    memory, and the database is asked only about the end times found there; a first import
    then reads almost nothing back.
    """

    def __init__(self, session: Session, user_id: int, import_id: int | None) -> None:
        self.session = session
        self.user_id = user_id
        self.import_id = import_id
        self._locked = False
        self._ended: set[int] = set()  # microseconds since 2000 of the plays stored by compact
        self._unknown: list[datetime] | None = None  # span of the other stored plays

    def rows(self, values: list[tuple], source: str) -> int:
        """Drop the plays already stored (or twice in the batch), COPY the rest.

        Straight into ``plays``: half the server work of a staging table plus INSERT ... ON
        CONFLICT, and the server stores one batch while Python prepares the next. Correct
        because the user's advisory lock keeps other writers of their plays out meanwhile.
        Values are _PLAY_COLUMNS then the constants (``source`` among them), by end time.
        """
        if not values:
            return 0
        with self._cursor() as cur:
            stored = self._stored_keys(
                cur,
                "ended_at",
                _inner_range([value[0] for value in values]),
                len(values),
                lambda part: [_iso(value[0]) for value in values[part]],
            )
            added = self._copy(cur, _PG_TYPES, _first_unstored(values, stored))
        self._widen_unknown(values[0][0], values[-1][0])
        return added

    def compact(self, file: CompactFile, slots: HelperSlots, source: str) -> int:
        """COPY a helper's file (``parallel.CompactFile``); returns how many plays were new.

        Left out: the plays the helper found repeated in the file, and plays stored already or
        repeated under another slot of the same track.
        """
        raw, ms, kind, tracks, *details = file.columns
        ended = np.frombuffer(raw, np.int64).tolist()
        n = len(ended)
        track, artist, album = slots.ids(tracks)
        tail = (repeat(value, n) for value in (self.user_id, self.import_id, source))
        rows = zip(ended, ms, kind, track, artist, album, *details, *tail, strict=True)
        drop = set(file.repeats)
        with self._cursor() as cur:
            stored, times = self._stored_compact(cur, ended)
            if stored:  # only plays at the end times looked up can be among them
                at = (
                    range(n)
                    if times is None
                    else compress(range(n), map(times.__contains__, ended))
                )
                drop.update(i for i in at if (ended[i], track[i], ms[i]) in stored)
            if not slots.shared.isdisjoint(tracks):  # one track under two of this file's slots
                drop.update(_repeated(zip(ended, track, ms, strict=True)))
            if drop:
                rows = compress(rows, [i not in drop for i in range(n)])
            added = self._copy(cur, _PG_COMPACT_TYPES, rows)
        self._ended.update(ended)
        return added

    def _stored_compact(self, cur, ended: list[int]) -> tuple[set, set | None]:
        """Stored plays a helper's file may repeat (keys with end times in microseconds), and
        the end times they were looked up at (None: the whole file's)."""
        moment = _moment
        first, last = moment(ended[0]), moment(ended[-1])
        if self._unknown and self._unknown[0] <= last and first <= self._unknown[1]:
            stored = self._stored_keys(
                cur,
                _PG_END_US,
                list(map(moment, _inner_range(ended))),
                len(ended),
                lambda part: [_iso(moment(at)) for at in ended[part]],
            )
            return stored, None
        again = self._ended.intersection(ended)
        log.debug("stored plays by end times in memory: %d probed", len(again))
        return self._probe(cur, _PG_END_US, [_iso(moment(at)) for at in again]), again

    def _cursor(self):
        """A cursor on the session's connection, once the user's plays lock is held (and the
        span of their plays stored so far read)."""
        cur = self.session.connection().connection.driver_connection.cursor()
        if not self._locked:
            cur.execute(_PG_USER_LOCK, (self.user_id,))
            cur.execute(_PG_SPAN, (self.user_id,))
            first, last = cur.fetchone()
            self._unknown = None if first is None else [first, last]
            self._locked = True
        return cur

    def _widen_unknown(self, first: datetime, last: datetime) -> None:
        if self._unknown is None:
            self._unknown = [first, last]
        else:
            self._unknown = [min(self._unknown[0], first), max(self._unknown[1], last)]

    @staticmethod
    def _copy(cur, types: list[str], rows: Iterable[tuple]) -> int:
        """COPY rows into plays, formatted into one buffer in C; returns how many."""
        if isinstance(rows, list) and not rows:
            return 0
        with cur.copy(_PG_COPY) as copy:
            copy.set_types(types)
            data = bytearray(_PG_SIGNATURE)
            tx = copy.formatter.transformer
            last = deque(enumerate(map(format_row_binary, rows, repeat(tx), repeat(data)), 1), 1)
            data += _PG_TRAILER
            copy.write(data)
        return last[0][0] if last else 0

    def _stored_keys(
        self, cur, ended: str, bounds: Sequence[datetime], n: int, ends: Callable[[slice], list]
    ) -> set:
        """(end time, track_id, ms_played) of the user's stored plays at a batch's end times.

        The batch of ``n`` plays is sorted by end time; ``ended`` is the SQL for its end time
        in the batch's form, ``ends(part)`` those end times as ISO text. The middle 98% (between
        ``bounds``) is read by one range scan when that range holds few stored plays, and the
        few end times outside it (a stray old duplicate widens a file's range to years) by one
        index probe each; a range holding many more stored plays than the batch is probed end
        time by end time instead.
        """
        limit = _RANGE_FACTOR * n
        cur.execute(_PG_STORED_RANGE.format(ended=ended), (self.user_id, *bounds, limit + 1))
        found = cur.fetchall()
        if len(found) > limit:
            log.debug("stored plays by probe: the range holds over %d", limit)
            return self._probe(cur, ended, ends(slice(None)))
        edge = n // 100
        log.debug("stored plays by range: %d, and %d probed", len(found), 2 * edge)
        return set(found) | self._probe(cur, ended, ends(slice(0, edge)) + ends(slice(n - edge, n)))

    def _probe(self, cur, ended: str, ends: Sequence[str]) -> set:
        # Sent as one string: psycopg dumps a list of datetimes far more slowly.
        if not ends:
            return set()
        cur.execute(_PG_STORED_KEYS.format(ended=ended), (",".join(set(ends)), self.user_id))
        return set(cur.fetchall())


def _moment(microseconds: int) -> datetime:
    """A binary timestamp's value (microseconds since 2000) as a datetime."""
    return _PG_EPOCH + timedelta(microseconds=microseconds)


def _inner_range(ended: Sequence) -> list:
    """The end times bounding the middle 98% of a batch sorted by end time."""
    edge = len(ended) // 100
    return [ended[edge], ended[len(ended) - 1 - edge]]


def _repeated(keys: Iterable[tuple]) -> list[int]:
    """Positions of the keys that repeat an earlier one."""
    seen: set[tuple] = set()
    repeats = []
    for i, key in enumerate(keys):
        if key in seen:
            repeats.append(i)
        seen.add(key)
    return repeats


def _first_unstored(values: list[tuple], stored: set) -> list[tuple]:
    """Each key's first play, unless stored already; still in end-time order."""
    # In C: built backwards, so an earlier play overwrites a later one with its key.
    first = dict(zip(map(_KEY, reversed(values)), reversed(values), strict=True))
    if stored:
        fresh = [value for key, value in first.items() if key not in stored]
    else:
        fresh = list(first.values())
    fresh.reverse()
    return fresh
