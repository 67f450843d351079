"""Resolve play rows to shared artist, album and track ids, in bulk, cached for a whole import.

Tracks resolve by Spotify uri when present, else by ``track_key`` (kind|artist key|title key);
artists by Spotify id when known, else by ``name_key``; albums by (artist, album key).
A uri-less track later seen with a uri gains that uri, so both spellings share one row.

On PostgreSQL one transaction at a time creates albums and tracks: the resolver takes the
catalogue lock (a transaction-level advisory lock) before its first lookup, so what it finds
missing stays missing until it commits. Two imports creating the same tracks in different
orders would otherwise wait for each other's rows (a deadlock); and with no other creator
about, new rows go in by plain binary COPY with ids drawn ahead, with no staging table, no
ON CONFLICT and no reading back.
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson
from sqlalchemy import String, func, insert, select, text, update
from sqlalchemy.orm import Session

from data.db.bulk import insert_returning_ids, select_by_ids
from data.importers.pg_writer import CATALOGUE_LOCK
from data.importers.rows import PlayRow
from data.importers.writers import insert_new
from data.models import Album, Artist, Track
from data.text import name_key

_CHUNK = 500
_TRACK_COLUMNS = ("kind", "name", "artist_id", "album_id", "spotify_uri", "track_key")


def play_key(row: PlayRow) -> object:
    """What a play resolves its track by: the Spotify uri, else (kind, artist, track name)."""
    return row.track_uri or (row.kind, row.artist_name, row.track_name)


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Resolver:
    """Id caches for one import. ``ids`` maps a row's key to (track_id, artist_id, album_id)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[object, tuple[int, int, int | None]] = {}
        self._names: dict[str, str] = {}
        self._keys: dict[tuple[str, str, str], str] = {}
        self._artists: dict[str, int] = {}
        self._albums: dict[tuple[int, str], int] = {}
        self._albums_loaded: set[int] = set()  # artists whose albums are all in _albums
        self._fresh: set[int] = set()  # artists this import created
        self._made: dict[str, tuple[int, int, int | None, str | None]] = {}  # track_key -> ids
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self._catalogue_locked = False

    def name_key(self, value: str) -> str:
        found = self._names.get(value)
        if found is None:
            # "!!!" folds to nothing; keep such names apart by their case-folded text.
            found = self._names[value] = (name_key(value) or value.strip().casefold())[:300]
        return found

    def track_key(self, kind: str, artist: str, track: str) -> str:
        found = self._keys.get((kind, artist, track))
        if found is None:
            found = f"{kind}|{self.name_key(artist)}|{self.name_key(track)}"[:800]
            self._keys[(kind, artist, track)] = found
        return found

    def track_ids(
        self, rows: list[PlayRow], keys: list[object] | None = None
    ) -> dict[object, tuple[int, int, int | None]]:
        """Make sure every row's key is in ``ids`` (creating rows as needed); return ``ids``.

        ``keys`` are the rows' ``play_key``s when the caller has them already.
        """
        ids = self.ids
        if keys is None:
            keys = [play_key(r) for r in rows]
        pending: dict[object, PlayRow] = {}
        for key, r in zip(keys, rows, strict=True):
            if key not in ids and key not in pending:
                pending[key] = r
        if pending:
            self._resolve(pending)
        return ids

    def _resolve(self, pending: dict[object, PlayRow]) -> None:
        if self.postgres and not self._catalogue_locked:
            self.session.execute(text(CATALOGUE_LOCK))  # held until the transaction ends
            self._catalogue_locked = True
        artist_ids = self._artist_ids(list(pending.values()))
        uris = [k for k in pending if isinstance(k, str)]
        columns = (Track.id, Track.spotify_uri, Track.artist_id, Track.album_id)
        for tid, uri, artist_id, album_id in self._lookup(columns, Track.spotify_uri, uris):
            self.ids[uri] = (tid, artist_id, album_id)
        # Tracks of artists created by this import can only be the ones it created (cached).
        lookup = {
            self.track_key(r.kind, r.artist_name, r.track_name)
            for k, r in pending.items()
            if k not in self.ids and artist_ids[r.artist_name] not in self._fresh
        }
        keyed: dict[str, tuple[int, int, int | None, str | None]] = {}
        columns = (Track.id, Track.track_key, Track.artist_id, Track.album_id, Track.spotify_uri)
        for tid, tkey, artist_id, album_id, uri in sorted(
            self._lookup(columns, Track.track_key, sorted(lookup))
        ):
            keyed.setdefault(tkey, (tid, artist_id, album_id, uri))  # the oldest row wins
        new: list[tuple[object, PlayRow, str]] = []
        for key, r in pending.items():
            if key in self.ids:
                continue
            tkey = self.track_key(r.kind, r.artist_name, r.track_name)
            found = keyed.get(tkey) or self._made.get(tkey)
            if found is not None and (not isinstance(key, str) or found[3] is None):
                if isinstance(key, str):  # a uri-less track gains its uri
                    self.session.execute(
                        update(Track).where(Track.id == found[0]).values(spotify_uri=key)
                    )
                    keyed[tkey] = self._made[tkey] = (*found[:3], key)
                self.ids[key] = found[:3]
            else:
                new.append((key, r, tkey))
        if new:
            self._create_tracks(new, artist_ids)

    def _create_tracks(self, new: list[tuple[object, PlayRow, str]], artist_ids: dict) -> None:
        album_ids = self._album_ids(
            {(artist_ids[r.artist_name], r.album_name) for _, r, _ in new if r.album_name}
        )
        params: dict[object, dict] = {}
        aliases: dict[object, str] = {}  # uri-less rows whose key another new row already has
        keyed: dict[str, object] = {}
        for key, r, tkey in new:
            if not isinstance(key, str):
                if tkey in keyed:
                    aliases[key] = tkey
                    continue
                keyed[tkey] = key
            artist_id = artist_ids[r.artist_name]
            params[key] = {
                "kind": r.kind,
                "name": r.track_name[:500],
                "artist_id": artist_id,
                "album_id": album_ids.get((artist_id, r.album_name)) if r.album_name else None,
                "spotify_uri": key if isinstance(key, str) else None,
                "track_key": tkey,
            }
        # SQLite: a track another import created meanwhile was skipped by ON CONFLICT; look that
        # one up by its uri. (PostgreSQL holds the catalogue lock: its inserts all go in.)
        created = self._insert_tracks(list(params.values()))
        missing = [k for k in params if isinstance(k, str)]
        if len(created) < len(params):
            mine = {uri for _, uri, *_ in created}
            for chunk in _chunks([k for k in missing if k not in mine]):
                created += self.session.execute(
                    select(
                        Track.id,
                        Track.spotify_uri,
                        Track.track_key,
                        Track.artist_id,
                        Track.album_id,
                    ).where(Track.spotify_uri.in_(chunk))
                ).all()
        for tid, uri, tkey, artist_id, album_id in created:
            key = uri if uri is not None else keyed.get(tkey)
            if key is None or key not in params or key in self.ids:
                continue
            self.ids[key] = (tid, artist_id, album_id)
            self._made.setdefault(tkey, (tid, artist_id, album_id, uri))
        for key, tkey in aliases.items():
            self.ids[key] = self.ids[keyed[tkey]]

    def _insert_tracks(self, params: list[dict]) -> list[tuple]:
        """Insert tracks through the driver; returns (id, uri, track key, artist id, album id)
        of those created. PostgreSQL draws their ids first (the catalogue lock is held);
        SQLite reads them back by id range (far faster than RETURNING there)."""
        if self.postgres:
            ids = insert_returning_ids(self.session, Track, params)
            return [
                (tid, p["spotify_uri"], p["track_key"], p["artist_id"], p["album_id"])
                for tid, p in zip(ids, params, strict=True)
            ]
        before = self.session.scalar(select(func.coalesce(func.max(Track.id), 0)))
        insert_new(self.session, "tracks", _TRACK_COLUMNS, params)
        return self.session.execute(
            select(Track.id, Track.spotify_uri, Track.track_key, Track.artist_id, Track.album_id)
            .where(Track.id > before)
            .order_by(Track.id)
        ).all()

    def _lookup(self, columns, key, values: list[str]) -> list[tuple]:
        """Rows whose ``key`` is among ``values``, in one query: on PostgreSQL probing the index
        per value (a fresh table has no statistics, and ``IN`` lists were planned as scans); on
        SQLite ``IN`` the values as one JSON array (half the time of chunked ``IN`` lists)."""
        if not values:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            return self.session.execute(
                select_by_ids(self.session, columns, key, values, String)
            ).all()
        wanted = func.json_each(orjson.dumps(values).decode()).table_valued("value")
        return self.session.execute(select(*columns).where(key.in_(select(wanted.c.value)))).all()

    def _artist_ids(self, rows: list[PlayRow]) -> dict[str, int]:
        """Artist id per raw artist name of these rows, creating missing artists."""
        out: dict[str, int] = {}
        missing: dict[str, str] = {}  # raw name -> name key, for artists not cached yet
        for r in rows:
            name = r.artist_name
            if name in out:
                continue
            if r.artist_uri:
                out[name] = self._artist_by_uri(name, r.artist_uri)
            elif name not in missing:
                key = self.name_key(name)
                found = self._artists.get(key)
                if found is None:
                    missing[name] = key
                else:
                    out[name] = found
        if missing:
            keys = list(dict.fromkeys(missing.values()))
            self._load_artists(keys)
            create = {k: None for k in keys if k not in self._artists}
            if create:
                names: dict[str, str] = {}  # the first raw name of a key names the artist
                for name, key in missing.items():
                    names.setdefault(key, name)
                created = self.session.execute(
                    insert(Artist.__table__).returning(Artist.id, Artist.name_key),
                    [{"name": names[k][:300], "name_key": k} for k in create],
                )
                for aid, key in created:
                    self._artists[key] = aid
                    self._fresh.add(aid)
                    self._albums_loaded.add(aid)
            for name, key in missing.items():
                out.setdefault(name, self._artists[key])
        return out

    def _load_artists(self, keys: list[str]) -> None:
        found = self._lookup((Artist.id, Artist.name_key), Artist.name_key, keys)
        for aid, key in sorted(found, reverse=True):
            self._artists[key] = aid  # descending: the oldest row wins

    def _artist_by_uri(self, name: str, uri: str) -> int:
        spotify_id = uri.rsplit(":", 1)[-1][:64]
        found = self.session.scalar(select(Artist.id).where(Artist.spotify_id == spotify_id))
        if found is None:
            key = self.name_key(name)
            found = self.session.scalar(
                select(Artist.id)
                .where(Artist.name_key == key, Artist.spotify_id.is_(None))
                .order_by(Artist.id)
                .limit(1)
            )
            if found is None:
                found = self.session.scalar(
                    insert(Artist).returning(Artist.id),
                    [{"name": name[:300], "name_key": key, "spotify_id": spotify_id}],
                )
            else:
                self.session.execute(
                    update(Artist).where(Artist.id == found).values(spotify_id=spotify_id)
                )
        return found

    def _album_ids(self, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
        """Album id per (artist id, raw album name), creating missing albums."""
        keys = {(artist_id, name): (artist_id, self.name_key(name)) for artist_id, name in wanted}
        missing = {k: name for (_, name), k in keys.items() if k not in self._albums}
        if missing:
            self._load_albums({a for a, _ in missing})
            create = [k for k in missing if k not in self._albums]
            rows = [
                {"artist_id": a, "name": missing[(a, k)][:300], "name_key": k} for a, k in create
            ]
            if rows and self.postgres:  # the catalogue lock is held: nobody else adds albums
                ids = insert_returning_ids(self.session, Album, rows)
                self._albums.update(zip(create, ids, strict=True))
            elif rows:
                insert_new(self.session, "albums", ("artist_id", "name", "name_key"), rows)
                self._albums_loaded.difference_update(a for a, _ in create)
                self._load_albums({a for a, _ in create})
        return {wanted_key: self._albums[k] for wanted_key, k in keys.items()}

    def _load_albums(self, artists: set[int]) -> None:
        todo = sorted(artists - self._albums_loaded)
        for chunk in _chunks(todo):
            for aid, artist_id, key in self.session.execute(
                select(Album.id, Album.artist_id, Album.name_key).where(Album.artist_id.in_(chunk))
            ):
                self._albums[(artist_id, key)] = aid
        self._albums_loaded.update(todo)
