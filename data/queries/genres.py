"""Genre claims about artists, each with its source, and the precedence that picks the answer.

Sources: a listener's own edit (stored as ``user:<id>``, reported as ``user``), ``spotify``
(artist details), an event feed's name (e.g. ``ticketmaster`` classifications) and ``lastfm``
(top tags). An edit is the editor's alone: artists are shared by every listener and event
lineup, so one listener's edit never changes what others see. For its editor it wins outright:
when an artist has their genres, only those count. Otherwise every other source counts, and a
genre claimed by several sources keeps the most trusted one (spotify, feeds, then lastfm).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from data.models import Artist, ArtistGenre, Genre, utcnow

USER, SPOTIFY, LASTFM, MUSICBRAINZ = "user", "spotify", "lastfm", "musicbrainz"
COLUMNS = ["artist_id", "genre_id", "genre", "source", "weight"]


def user_source(user_id: int) -> str:
    """The source name under which one listener's edits are stored."""
    return f"{USER}:{int(user_id)}"


def source_rank(source: str) -> int:
    """Lower is more trusted: user, spotify, any feed, lastfm."""
    return {USER: 0, SPOTIFY: 1, LASTFM: 3}.get(source, 2)


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
