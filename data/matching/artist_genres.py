"""Feed genres of lineup artists: genre rows by name, and which source claims which genre."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Integer, select

from data.db.bulk import in_values
from data.models import ArtistGenre, Genre
from data.text import name_key


class GenreClaims:
    """Mixed into ``ArtistResolver``, whose session, writes and per-run genre caches
    (``_genres``: genre key -> id; ``_artist_genres``: claims known stored) it uses."""

    def genre_ids(self, names: Iterable[str]) -> dict[str, int]:
        """Genre rows for these names (created when new), keyed by the given name."""
        wanted = {n: name_key(n) for n in names if name_key(n)}
        unknown = {k for k in wanted.values() if k not in self._genres}
        if unknown:
            for gid, key in self.session.execute(
                select(Genre.id, Genre.key).where(Genre.key.in_(unknown))
            ):
                self._genres[key] = gid
            fresh = {}
            for name, key in wanted.items():
                if key not in self._genres and key not in fresh:
                    fresh[key] = name.strip()[:100]
            if fresh:
                rows = [{"name": name, "key": key[:100]} for key, name in fresh.items()]
                ids = self.writes.insert_returning_ids(Genre, rows)
                self._genres.update(zip((r["key"] for r in rows), ids, strict=True))
        return {name: self._genres[key] for name, key in wanted.items()}

    def add_artist_genres(self, pairs: set[tuple[int, str]], source: str) -> int:
        """Attach feed genres to artists with their source; existing claims are kept."""
        names = self.genre_ids({g for _, g in pairs})
        wanted = {(a, names[g], source) for a, g in pairs if g in names}
        wanted -= self._artist_genres
        if not wanted:
            return 0
        artist_ids = {a for a, _, _ in wanted}
        existing = {
            tuple(row)
            for row in self.session.execute(
                select(ArtistGenre.artist_id, ArtistGenre.genre_id, ArtistGenre.source).where(
                    in_values(self.session, ArtistGenre.artist_id, artist_ids, Integer),
                    ArtistGenre.source == source,
                )
            )
        }
        self._artist_genres |= existing
        fresh = wanted - existing
        if fresh:
            self.writes.insert_rows(
                ArtistGenre,
                [{"artist_id": a, "genre_id": g, "source": s} for a, g, s in sorted(fresh)],
            )
            self._artist_genres |= fresh
        return len(fresh)
