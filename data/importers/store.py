"""Store PlayRows: resolve shared artists/albums/tracks, bulk insert plays, count exactly.

Built for a million plays in seconds: ids are cached in dicts for the whole import, unknown
names are resolved in bulk per batch, and plays go in through the driver (``writers``), which
drops duplicates of the natural key (user, end time, track, ms played) and counts them.
Account-data plays (minute resolution) are matched against full-resolution ones here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from operator import itemgetter

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from data.db.data_version import bump_data_version
from data.importers import resolve, writers
from data.importers.parallel import CompactFile
from data.importers.pg_writer import PostgresWriter
from data.importers.rows import PlayRow, sqlite_text
from data.models import Play, Track

BATCH = 20_000
SQLITE_IMPORT_CACHE_KIB = 256 * 1024
SQLITE_DEFAULT_CACHE_KIB = 2000
_END = itemgetter(0)
# PlayRow fields copied as they are: (ms_played, kind) and skipped ... reason_end.
_MS_KIND = slice(1, 3)
_DETAILS = slice(8, 16)


@dataclass(frozen=True)
class InsertResult:
    added: int
    duplicates: int


class PlayStore:
    """One user's writer for one import: holds the id caches between batches and files."""

    def __init__(self, session: Session, user_id: int, import_id: int | None) -> None:
        self.session = session
        self.user_id = user_id
        self.import_id = import_id
        self.resolver = resolve.Resolver(session)
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self._account_plays: bool | None = None  # does the user have account-data plays?
        writer = PostgresWriter if self.postgres else writers.SqliteWriter
        self.writer = writer(session, user_id, import_id)
        self._slots: dict[int, writers.HelperSlots] = {}  # per parse helper

    def insert(self, rows: Iterable[PlayRow], source: str) -> InsertResult:
        """Insert rows (any iterable, consumed in batches); duplicates add nothing."""
        added = duplicates = 0
        batch: list[PlayRow] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                a, d = self._insert_batch(batch, source)
                added, duplicates, batch = added + a, duplicates + d, []
        if batch:
            a, d = self._insert_batch(batch, source)
            added, duplicates = added + a, duplicates + d
        return InsertResult(added, duplicates)

    def insert_compact(self, file: CompactFile, source: str) -> InsertResult:
        """Insert a helper-parsed file (see ``parallel``); no Python code runs per play.

        Only for a user without account-data plays (those need whole rows to be replaced).
        The new track slots get their ids here; the writer looks each play's up in C.
        """
        if not file.plays:
            return InsertResult(0, 0)
        ids = self.resolver.ids
        unknown = [key for key in file.tracks if key not in ids]  # another helper's, maybe
        if unknown:  # one row per new track: what the resolver reads to create it
            self.resolver.track_ids([PlayRow(None, 0, *file.tracks[k]) for k in unknown], unknown)
        slots = self._slots.setdefault(file.helper, writers.HelperSlots())
        slots.add(map(ids.__getitem__, file.tracks))  # in slot order
        added = self.writer.compact(file, slots, source)
        return InsertResult(added, file.plays - added)

    def _insert_batch(self, rows: list[PlayRow], source: str) -> tuple[int, int]:
        overlapping = 0
        minute_rows = [r for r in rows if r.minute_resolution]
        if minute_rows:
            kept = self._drop_overlaps(minute_rows)
            overlapping = len(minute_rows) - len(kept)
            rows = [r for r in rows if not r.minute_resolution] + kept
        # resolve.play_key, inlined: a call per play would cost more than the rest of the line.
        keys = [r.track_uri or (r.kind, r.artist_name, r.track_name) for r in rows]
        ids = self.resolver.track_ids(rows, keys)
        ended = [r.ended_at for r in rows]
        # Built from tuple slices: this runs once per play of a million-play import.
        if self.postgres:
            tail = (self.user_id, self.import_id, source)
            values = [
                (at, *r[_MS_KIND], *ids[key], *r[_DETAILS], *tail)
                for at, key, r in zip(ended, keys, rows, strict=True)
            ]
        else:
            ended = list(map(sqlite_text, ended))
            values = [
                (at, *r[_MS_KIND], *ids[key], *r[_DETAILS])
                for at, key, r in zip(ended, keys, rows, strict=True)
            ]
        values.sort(key=_END)  # index pages are touched in order, not at random
        replaced = 0
        if self.has_account_plays():  # before the insert: a play that ended on :00 has one key
            replaced = self._replace_account_plays([r for r in rows if not r.minute_resolution])
        added = self.writer.rows(values, source)
        return added - replaced, len(rows) - added + overlapping + replaced

    def has_account_plays(self) -> bool:
        if self._account_plays is None:
            self._account_plays = (
                self.session.scalar(
                    select(Play.user_id)
                    .where(Play.user_id == self.user_id, Play.source == "account")
                    .limit(1)
                )
                is not None
            )
        return self._account_plays

    def _replace_account_plays(self, rows: list[PlayRow]) -> int:
        """Full-resolution plays supersede the same plays stored earlier from account data.

        Same artist and track (normalised key), end minute and ms played: those are deleted,
        before the full-resolution rows go in (a play that ended on the minute has the same
        natural key both ways). Returns how many were deleted.
        """
        if not rows:
            return 0
        start = min(r.ended_at for r in rows).replace(second=0, microsecond=0)
        end = max(r.ended_at for r in rows) + timedelta(minutes=1)
        stored: dict[tuple, list[tuple]] = {}
        for track_id, key, at, ms in self.session.execute(
            select(Play.track_id, Track.track_key, Play.ended_at, Play.ms_played)
            .join(Track, Track.id == Play.track_id)
            .where(
                Play.user_id == self.user_id,
                Play.source == "account",
                Play.ended_at >= start,
                Play.ended_at < end,
            )
        ):
            stored.setdefault((key, at, ms), []).append((at, track_id, ms))
        if not stored:
            return 0
        key = self.resolver.track_key
        doomed = []
        for r in rows:
            found = stored.get(
                (
                    key(r.kind, r.artist_name, r.track_name),
                    r.ended_at.replace(second=0),
                    r.ms_played,
                )
            )
            if found:
                doomed.append(found.pop())
        delete_plays(self.session, self.user_id, doomed)
        return len(doomed)

    def _drop_overlaps(self, rows: list[PlayRow]) -> list[PlayRow]:
        """Drop minute-resolution rows that match a stored full-resolution play.

        Same artist and track (by normalised key), same end minute, same ms played.
        """
        start = min(r.ended_at for r in rows)
        end = max(r.ended_at for r in rows) + timedelta(minutes=1)
        stored = self.session.execute(
            select(Track.track_key, Play.ended_at, Play.ms_played)
            .join(Track, Track.id == Play.track_id)
            .where(
                Play.user_id == self.user_id,
                Play.source != "account",
                Play.ended_at >= start,
                Play.ended_at < end,
            )
        )
        seen = {(key, at.replace(second=0, microsecond=0), ms) for key, at, ms in stored}
        if not seen:
            return rows
        key = self.resolver.track_key
        return [
            r
            for r in rows
            if (key(r.kind, r.artist_name, r.track_name), r.ended_at, r.ms_played) not in seen
        ]


@contextmanager
def bulk_session(session: Session) -> Iterator[None]:
    """Connection settings for a big import.

    SQLite: a large page cache, so the indexes stay in memory. PostgreSQL: no server-side
    prepared statements; psycopg prepares a query after 5 runs, and a plan made while the
    tables were small would keep scanning them once they are large. (Not plan_cache_mode:
    that would also re-plan the foreign-key checks of every inserted row.)
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        driver = session.connection().connection.driver_connection
        threshold = driver.prepare_threshold
        driver.prepare_threshold = None
        try:
            yield
        finally:
            driver.prepare_threshold = threshold
        return
    if dialect != "sqlite":
        yield
        return
    cursor = session.connection().connection.cursor()
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_DEFAULT_CACHE_KIB}")
        cursor.close()


def insert_plays(
    session: Session,
    user_id: int,
    rows: Iterable[PlayRow],
    *,
    source: str,
    import_id: int | None,
) -> InsertResult:
    """Store plays for a user in the caller's transaction and bump their data version.

    ``source`` is "extended", "account" or "live". The same play twice (same end time, track and
    ms played) is stored once; ``duplicates`` counts the rows that added nothing.
    """
    result = PlayStore(session, user_id, import_id).insert(rows, source)
    if result.added:
        bump_data_version(session, user_id)
    return result


def count_plays(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).where(Play.user_id == user_id)) or 0


def delete_plays(session: Session, user_id: int, keys: Iterable[tuple]) -> None:
    """Delete the user's plays with these keys: (ended_at, track_id, ms_played) each."""
    key = tuple_(Play.ended_at, Play.track_id, Play.ms_played)
    keys = sorted(set(keys))
    for start in range(0, len(keys), 500):
        session.execute(
            delete(Play).where(Play.user_id == user_id, key.in_(keys[start : start + 500]))
        )
