"""Resolve lineup names to the shared ``artists`` rows that listening history also uses.

Order: Spotify id, MusicBrainz id, normalised name key (qualifiers like "(DJ set)" stripped),
then a fuzzy match above ``FUZZY_THRESHOLD`` within a name-prefix block; else a new row.
Lookups are batched: one query per batch, not per name.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain

from sqlalchemy import String, or_, select, update
from sqlalchemy.orm import Session

from data.db.bulk import in_values
from data.db.writes import Writes
from data.feeds.model import LineupEntry
from data.matching.artist_genres import GenreClaims
from data.matching.name_blocks import (
    best_in_block,
    blocks_for,
    cluster,
    name_block,
)
from data.matching.names import base_key, split_qualifier
from data.models import Artist

_CHUNK = 900


class ArtistResolver(GenreClaims):
    """Per-run cache of artist lookups; ``resolve`` returns one artist id per lineup entry."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_spotify: dict[str, int] = {}
        self.by_mbid: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        # (first two characters, length) -> parallel lists of name keys and artist ids
        self._blocks: dict[tuple[str, int, str], tuple[list[str], list[int]]] | None = None
        self._genres: dict[str, int] = {}
        self._artist_genres: set[tuple[int, int, str]] = set()
        self._attached: set[tuple[int, str]] = set()  # (artist id, column) this run filled in
        self._created_ids: dict[int, dict] = {}  # artists this run created -> their external ids
        self._absent: set[str] = set()  # name keys no stored artist had when looked up
        self.created = 0
        self.writes = Writes(session)

    def resolve(self, entries: list[LineupEntry]) -> list[int]:
        self._prefetch(entries)
        known = [self._known(e) for e in entries]
        # Every key the loop below may need to fuzzy-match, matched in one go: the block index
        # only changes in _create, after the loop, so each result is the one it would get.
        fuzzy = self._fuzzy_many(
            {base_key(e.name) for e, found in zip(entries, known, strict=True) if found is None}
        )
        ids: list[int | None] = []
        missing: dict[str, tuple[str, LineupEntry]] = {}
        for entry, found in zip(entries, known, strict=True):
            if found is None:
                found = self._known(entry)  # an earlier entry's fuzzy match may cover it now
            if found is None:
                base = split_qualifier(entry.name)[0]
                key = base_key(entry.name)
                found = fuzzy.get(key)
                if found is not None:
                    self.by_key[key] = found
                elif key:
                    missing.setdefault(key, (base, entry))
            ids.append(found)
        if missing:
            aliases = cluster(missing)
            self._create({k: v for k, v in missing.items() if k not in aliases})
            for alias, target in aliases.items():
                self.by_key[alias] = self.by_key[target]
        out = []
        for entry, found in zip(entries, ids, strict=True):
            out.append(found if found is not None else self._known(entry))
        return out

    def _known(self, entry: LineupEntry) -> int | None:
        if entry.spotify_id and entry.spotify_id in self.by_spotify:
            return self.by_spotify[entry.spotify_id]
        if entry.mbid and entry.mbid in self.by_mbid:
            return self.by_mbid[entry.mbid]
        for key in _name_variants(entry.name):
            if key in self.by_key:
                return self.by_key[key]
        return None

    def _prefetch(self, entries: list[LineupEntry]) -> None:
        spotify = {e.spotify_id for e in entries if e.spotify_id} - self.by_spotify.keys()
        mbids = {e.mbid for e in entries if e.mbid} - self.by_mbid.keys()
        names = {e.name for e in entries}
        variants = set(chain.from_iterable(map(_name_variants, names)))  # C loops
        # Membership tests: a set difference with by_key's keys walks all of by_key, which
        # grows with the run.
        keys = {k for k in variants if k not in self.by_key and k not in self._absent}
        keys.discard("")
        # PostgreSQL takes each list as one array parameter: one query, however long the lists.
        size = 1 << 30 if self.session.get_bind().dialect.name == "postgresql" else _CHUNK
        for chunk in _chunks(size, spotify, mbids, keys):
            sp, mb, ky = chunk
            clauses = []
            if sp:
                clauses.append(in_values(self.session, Artist.spotify_id, sp, String))
            if mb:
                clauses.append(in_values(self.session, Artist.mbid, mb, String))
            if ky:
                clauses.append(in_values(self.session, Artist.name_key, ky, String))
            # Core rows on the session's connection: no ORM row processing for thousands of rows.
            rows = (
                self.session.connection()
                .execute(
                    select(Artist.id, Artist.spotify_id, Artist.mbid, Artist.name_key)
                    .where(or_(*clauses))
                    .order_by(Artist.id)
                )
                .all()
            )
            for artist_id, sp_id, mbid, key in rows:
                if sp_id:
                    self.by_spotify[sp_id] = artist_id
                if mbid:
                    self.by_mbid[mbid] = artist_id
                self.by_key.setdefault(key, artist_id)
        # Looked up once per run, like the fuzzy index: a key found nowhere is not asked again
        # (an artist this run creates goes into by_key), halving the lookup's keys per batch.
        self._absent.update(k for k in keys if k not in self.by_key)
        self._attach_ids(entries)

    def _attach_ids(self, entries: list[LineupEntry]) -> None:
        """An artist found by name learns the feed's Spotify/MusicBrainz id when it has none.

        Whether the columns are empty is read first, and the update is only a write (it may be
        deferred to a writer connection); ids this run filled in count as not empty, since a
        deferred update may not be visible to the read yet.
        """
        for entry in entries:
            if not entry.spotify_id and not entry.mbid:
                continue
            artist_id = self.by_key.get(base_key(entry.name))
            if artist_id is None:
                continue
            values = {}
            if entry.spotify_id and entry.spotify_id not in self.by_spotify:
                values["spotify_id"] = entry.spotify_id
            if entry.mbid and entry.mbid not in self.by_mbid:
                values["mbid"] = entry.mbid
            if not values:
                continue
            created = self._created_ids.get(artist_id)  # its row may not be written yet
            if created is not None:
                current = tuple(created[k] for k in values)
            else:
                current = self.session.execute(
                    select(*(getattr(Artist, k) for k in values)).where(Artist.id == artist_id)
                ).first()
            empty = current is not None and all(v is None for v in current)
            if empty and not any((artist_id, k) in self._attached for k in values):
                condition = [Artist.id == artist_id]
                condition += [getattr(Artist, k).is_(None) for k in values]
                self.writes.execute(update(Artist).where(*condition).values(**values))
                self._attached.update((artist_id, k) for k in values)
                if "spotify_id" in values:
                    self.by_spotify[entry.spotify_id] = artist_id
                if "mbid" in values:
                    self.by_mbid[entry.mbid] = artist_id

    def _fuzzy_many(self, keys: set[str]) -> dict[str, int | None]:
        """For each key, the artist whose name key is closest at ``FUZZY_THRESHOLD``+, looking
        only at keys that share the first two characters and have a length that could reach
        the threshold; None when there is none.

        Each name block is scored once for all the keys that look in it (``best_in_block``).
        The winner is the best score; of equal scores the first in its block, and across blocks
        the first in the order of sizes.
        """
        keys = sorted(k for k in keys if len(k) >= 4)
        if not keys:
            return {}
        index = self._block_index()
        asking: dict[tuple[str, int, str], list[str]] = {}
        for key in keys:
            for block in blocks_for(key):
                if block in index:
                    asking.setdefault(block, []).append(key)
        hits: dict[tuple[str, tuple[str, int, str]], tuple[float, int]] = {}
        for block, queries in asking.items():
            choices, ids = index[block]
            for key, found in zip(queries, best_in_block(queries, choices), strict=True):
                if found is not None:
                    hits[(key, block)] = (found[0], ids[found[1]])
        out: dict[str, int | None] = {}
        for key in keys:
            best_hit = None
            for block in blocks_for(key):
                hit = hits.get((key, block))
                if hit and (best_hit is None or hit[0] > best_hit[0]):
                    best_hit = hit
            out[key] = best_hit[1] if best_hit else None
        return out

    def _block_index(self) -> dict[tuple[str, int, str], tuple[list[str], list[int]]]:
        if self._blocks is None:
            self._blocks = {}
            # One fetchall: iterating a result fetches row by row (a third of this method).
            rows = self.session.connection().execute(select(Artist.id, Artist.name_key)).all()
            blocks = self._blocks
            for artist_id, key in rows:
                if len(key) >= 4:  # _add_to_block, inlined: one pass over every stored artist
                    keys, ids = blocks.setdefault(name_block(key), ([], []))
                    keys.append(key)
                    ids.append(artist_id)
        return self._blocks

    def _add_to_block(self, key: str, artist_id: int) -> None:
        keys, ids = self._blocks.setdefault(name_block(key), ([], []))
        keys.append(key)
        ids.append(artist_id)

    def _create(self, missing: dict[str, tuple[str, LineupEntry]]) -> None:
        rows = []
        for key, (base, entry) in missing.items():
            rows.append(
                {
                    "name": base[:300],
                    "name_key": key[:300],
                    "spotify_id": entry.spotify_id
                    if entry.spotify_id and entry.spotify_id not in self.by_spotify
                    else None,
                    "mbid": entry.mbid if entry.mbid and entry.mbid not in self.by_mbid else None,
                }
            )
        new_ids = self.writes.insert_returning_ids(Artist, rows)
        for row, artist_id in zip(rows, new_ids, strict=True):
            self._created_ids[artist_id] = {"spotify_id": row["spotify_id"], "mbid": row["mbid"]}
            self.by_key[row["name_key"]] = artist_id
            if row["spotify_id"]:
                self.by_spotify[row["spotify_id"]] = artist_id
            if row["mbid"]:
                self.by_mbid[row["mbid"]] = artist_id
            if self._blocks is not None and len(row["name_key"]) >= 4:
                self._add_to_block(row["name_key"], artist_id)
        self.created += len(rows)


@lru_cache(maxsize=131_072)
def _name_variants(name: str) -> tuple[str, ...]:
    """``_variants`` of a lineup name's base key; memoised, as every batch looks names up twice."""
    return _variants(base_key(name))


def _variants(key: str) -> tuple[str, ...]:
    """A name key and its form with/without a leading article ("the national" ~ "national")."""
    if not key:
        return ()
    if key.startswith("the ") and len(key) > 8:
        return key, key[4:]
    return key, f"the {key}"


def _chunks(size: int, *sets: set[str]):
    lists = [sorted(s) for s in sets]
    longest = max((len(x) for x in lists), default=0)
    for start in range(0, longest, size):
        yield tuple(x[start : start + size] for x in lists)
