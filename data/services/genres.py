"""Genre claims about artists, each with its source, and the precedence that picks the answer.

Sources: a listener's own edit (stored as ``user:<id>``, reported as ``user``), ``spotify``
(artist details), an event feed's name (e.g. ``ticketmaster`` classifications) and ``lastfm``
(top tags). An edit is the editor's alone: artists are shared by every listener and event
lineup, so one listener's edit never changes what others see. For its editor it wins outright:
when an artist has their genres, only those count. Otherwise every other source counts, and a
genre claimed by several sources keeps the most trusted one (spotify, feeds, then lastfm).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

import pandas as pd
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from data.models import Artist, ArtistGenre, Genre, GenreLookup, utcnow
from data.text import name_key

USER, SPOTIFY, LASTFM, MUSICBRAINZ = "user", "spotify", "lastfm", "musicbrainz"
MAX_GENRES = 12
COLUMNS = ["artist_id", "genre_id", "genre", "source", "weight"]


def user_source(user_id: int) -> str:
    """The source name under which one listener's edits are stored."""
    return f"{USER}:{int(user_id)}"


def source_rank(source: str) -> int:
    """Lower is more trusted: user, spotify, any feed, lastfm."""
    return {USER: 0, SPOTIFY: 1, LASTFM: 3}.get(source, 2)


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


def parse_names(text: str | None) -> list[str]:
    """Genres typed as "indie rock, dream pop; shoegaze" -> ["indie rock", ...]."""
    parts = (text or "").replace(";", ",").replace("\n", ",").split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]


def artists_for_lastfm(session: Session, max_age_days: int, limit: int) -> list[tuple[int, str]]:
    """(id, name) of artists without a Spotify id never looked up, or not within the age.

    Artists with a Spotify id get their Last.fm tags with their Spotify details (live sync).
    """
    stale = utcnow() - timedelta(days=max_age_days)
    return [
        (artist_id, name)
        for artist_id, name in session.execute(
            select(Artist.id, Artist.name)
            .where(
                Artist.spotify_id.is_(None),
                or_(Artist.details_fetched_at.is_(None), Artist.details_fetched_at < stale),
            )
            .order_by(Artist.details_fetched_at.is_not(None), Artist.details_fetched_at, Artist.id)
            .limit(limit)
        ).all()
    ]


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


def effective_genres(
    session: Session, artist_ids: Iterable[int], user_id: int | None
) -> pd.DataFrame:
    """One row per (artist, genre) that counts for ``user_id`` (None: nobody's edits), with
    the source that decided it; the user's own edits are reported as ``user``."""
    ids = sorted({int(a) for a in artist_ids})
    if not ids:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for start in range(0, len(ids), 500):
        rows.extend(
            session.execute(
                select(
                    ArtistGenre.artist_id,
                    ArtistGenre.genre_id,
                    Genre.name,
                    ArtistGenre.source,
                    ArtistGenre.weight,
                )
                .join(Genre, Genre.id == ArtistGenre.genre_id)
                .where(ArtistGenre.artist_id.in_(ids[start : start + 500]))
            ).all()
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    edits = frame["source"].str.startswith(f"{USER}:")
    mine = frame["source"] == (user_source(user_id) if user_id is not None else None)
    frame = frame[~edits | mine].assign(source=lambda f: f["source"].mask(mine, USER))
    if frame.empty:
        return frame.reset_index(drop=True)
    frame["rank"] = frame["source"].map(source_rank)
    edited = set(frame.loc[frame["source"] == USER, "artist_id"])
    frame = frame[~frame["artist_id"].isin(edited) | (frame["source"] == USER)]
    frame = frame.sort_values(["artist_id", "genre_id", "rank", "weight"], ascending=[1, 1, 1, 0])
    frame = frame.drop_duplicates(["artist_id", "genre_id"])
    return frame.sort_values(["artist_id", "rank", "genre"])[COLUMNS].reset_index(drop=True)
