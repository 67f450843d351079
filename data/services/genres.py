"""Genre claims about artists, written with their source; ``data.queries.genres`` holds the
sources and the precedence that reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from data.models import Artist, ArtistGenre, Genre, GenreLookup, utcnow
from data.queries.genres import LASTFM, MUSICBRAINZ, SPOTIFY, user_source
from data.text import name_key

MAX_GENRES = 12


def genre_ids(session: Session, names: Iterable[str]) -> list[int]:
    """Ids of genres by name (matched on the normalised key), created when new; order kept."""
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join((name or "").split())[:100]
        key = name_key(clean)[:100]
        if key and key not in wanted:
            wanted[key] = clean
    if not wanted:
        return []
    query = select(Genre.key, Genre.id).where(Genre.key.in_(list(wanted)))
    found = dict(session.execute(query).all())
    for key, name in wanted.items():
        if key not in found:
            genre = Genre(name=name.lower(), key=key)
            session.add(genre)
            session.flush()
            found[key] = genre.id
    return [found[k] for k in wanted]


def replace_genres(
    session: Session,
    artist_id: int,
    names: Sequence[str],
    source: str,
    weights: Sequence[float] | None = None,
) -> list[int]:
    """Make ``names`` the artist's genres from ``source`` (that source's old claims go)."""
    ids = genre_ids(session, list(names)[:MAX_GENRES])
    session.execute(
        delete(ArtistGenre).where(ArtistGenre.artist_id == artist_id, ArtistGenre.source == source)
    )
    for i, gid in enumerate(ids):
        weight = float(weights[i]) if weights is not None and i < len(weights) else 1.0
        session.add(ArtistGenre(artist_id=artist_id, genre_id=gid, source=source, weight=weight))
    session.flush()
    return ids


def add_genres(session: Session, artist_id: int, names: Sequence[str], source: str) -> list[int]:
    """Add claims from ``source`` without removing its earlier ones (feeds accumulate)."""
    ids = genre_ids(session, names)
    have = set(
        session.scalars(
            select(ArtistGenre.genre_id).where(
                ArtistGenre.artist_id == artist_id, ArtistGenre.source == source
            )
        )
    )
    for gid in ids:
        if gid not in have:
            session.add(ArtistGenre(artist_id=artist_id, genre_id=gid, source=source))
    session.flush()
    return ids


def set_user_genres(
    session: Session, user_id: int, artist_id: int, names: Sequence[str]
) -> list[int]:
    """The listener's own edit: for them it overrides every other source; others never see it.
    An empty list removes the edit. Raises LookupError for an unknown artist.
    """
    if session.get(Artist, artist_id) is None:
        raise LookupError(f"no artist {artist_id}")
    return replace_genres(session, artist_id, names, user_source(user_id))


def record_lastfm(session: Session, artist_id: int, tags: Sequence[tuple[str, float]]) -> None:
    """Keep an artist's Last.fm tags (none: Last.fm does not know it) and when we asked."""
    if tags:
        replace_genres(session, artist_id, [t for t, _ in tags], LASTFM, [w for _, w in tags])
    session.execute(
        update(Artist).where(Artist.id == artist_id).values(details_fetched_at=utcnow())
    )


def record_lookup(
    session: Session,
    artist_id: int,
    source: str,
    genres: Sequence[tuple[str, float]],
    external_id: str | None,
) -> None:
    """Keep what a keyless source said of an artist (found or not) and when it was asked.

    Found genres replace that source's earlier ones; a found MBID is kept on the artist when
    no other artist holds it (names can repeat, MBIDs cannot).
    """
    if genres:
        replace_genres(session, artist_id, [g for g, _ in genres], source, [w for _, w in genres])
    if external_id and source == MUSICBRAINZ:
        taken = session.scalar(select(Artist.id).where(Artist.mbid == external_id))
        if taken is None:
            session.execute(
                update(Artist)
                .where(Artist.id == artist_id, Artist.mbid.is_(None))
                .values(mbid=external_id)
            )
    if external_id and source == SPOTIFY:
        _keep_spotify_id(session, artist_id, external_id)
    lookup = session.get(GenreLookup, (artist_id, source))
    if lookup is None:
        lookup = GenreLookup(artist_id=artist_id, source=source)
        session.add(lookup)
    lookup.checked_at = utcnow()
    lookup.found = external_id is not None
    lookup.external_id = external_id
    session.flush()


def _keep_spotify_id(session: Session, artist_id: int, spotify_id: str) -> None:
    """A Spotify id found by name is kept when the artist has none and no other artist holds it
    (the sync then reads it by id, and its image can be shown)."""
    if session.scalar(select(Artist.id).where(Artist.spotify_id == spotify_id)) is None:
        session.execute(
            update(Artist)
            .where(Artist.id == artist_id, Artist.spotify_id.is_(None))
            .values(spotify_id=spotify_id)
        )


def record_image(session: Session, artist_id: int, image_url: str | None) -> None:
    """An artist's image from a genre source, kept only when it has none yet."""
    if image_url:
        session.execute(
            update(Artist)
            .where(Artist.id == artist_id, Artist.image_url.is_(None))
            .values(image_url=image_url[:500])
        )
