"""How plays (and the resolver's new music rows) reach SQLite; ``pg_writer`` is PostgreSQL's.

SQLite: ``executemany`` with ``ON CONFLICT DO NOTHING`` on the natural key (user, end time,
track, ms played), so the database counts duplicates. Files from the parse helpers
(``compact``) carry a track slot per play (``parallel``), turned into ids by list lookups in
C (``HelperSlots``, shared with ``pg_writer``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy.orm import Session

from data.importers.parallel import CompactFile

# Value tuples hold the per-play columns; the import's constants (user, import, source) go in
# as SQL literals on SQLite (3 fewer values to bind per row) and at the end of each COPY row.
PLAY_COLUMNS = (
    "ended_at, ms_played, kind, track_id, artist_id, album_id, "
    "skipped, shuffle, offline, incognito, platform, country, reason_start, reason_end"
)
CONSTANT_COLUMNS = "user_id, import_id, source"


@dataclass
class HelperSlots:
    """What one parse helper's track slots stand for in this import: the track, artist and
    album id of each, in slot order (``parallel``)."""

    tracks: list[int] = field(default_factory=list)
    artists: list[int] = field(default_factory=list)
    albums: list[int | None] = field(default_factory=list)
    # Slots that share their track with another slot (a uri-less key resolved to a row with
    # that uri): a file may hold the same play under both, which the writer must drop itself.
    shared: set[int] = field(default_factory=set)
    _slot_of: dict[int, int] = field(default_factory=dict)  # track id -> its first slot

    def add(self, ids: Iterable[tuple[int, int, int | None]]) -> None:
        slot_of = self._slot_of
        for track_id, artist_id, album_id in ids:
            slot = len(self.tracks)
            first = slot_of.setdefault(track_id, slot)
            if first != slot:
                self.shared.update((first, slot))
            self.tracks.append(track_id)
            self.artists.append(artist_id)
            self.albums.append(album_id)

    def ids(self, slots: Sequence[int]) -> tuple[list, list, list]:
        """The track, artist and album id of each of these slots."""
        return tuple(
            list(map(of.__getitem__, slots)) for of in (self.tracks, self.artists, self.albums)
        )


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
        """Insert value tuples (PLAY_COLUMNS); returns how many were new."""
        constants = self._constants(source)
        insert = (
            f"INSERT INTO plays ({PLAY_COLUMNS}, {CONSTANT_COLUMNS}) "  # noqa: S608
            f"VALUES ({', '.join('?' * 14)}, {constants}) ON CONFLICT DO NOTHING"
        )
        cursor = self.session.connection().connection.cursor()
        try:
            cursor.executemany(insert, values)
            return cursor.rowcount
        finally:
            cursor.close()

    def compact(self, file: CompactFile, slots: HelperSlots, source: str) -> int:
        """Insert a helper's file (``parallel.CompactFile``); returns how many plays were new."""
        ended, ms, kind, tracks, *details = file.columns
        rows = zip(ended, ms, kind, *slots.ids(tracks), *details, strict=True)
        return self.rows(rows, source)


def insert_new(session: Session, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """SQLite: insert rows through the driver, skipping rows a unique key already has.

    (PostgreSQL's resolver copies its new rows in under the catalogue lock: ``resolve``.)
    """
    values = list(map(itemgetter(*columns), rows))
    names, marks = ", ".join(columns), ", ".join("?" * len(columns))
    cursor = session.connection().connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING",  # noqa: S608
            values,
        )
    finally:
        cursor.close()
