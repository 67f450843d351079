"""Genre shares of a user's listening: by month (stream graph), top genres, artist -> genre.

Each artist's value is spread evenly over their genres (after source precedence). The
artist -> genre table is cached beside the user's frame under a fingerprint of the whole
``artist_genres`` table (row count and newest claim), so a genre edit shows at once.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.frame_cache import get_frame_cache
from data.models import ArtistGenre
from data.queries.genres import effective_genres
from data.queries.listening import arrays
from data.queries.listening.base import measure, where
from data.queries.listening.filters import Filters
from data.queries.listening.frame import Listening, cache_key, load_listening

TOP_GENRES = 8
OTHER = "Other"


def artist_genres(session: Session, user_id: int, artist_ids: list[int]) -> pd.DataFrame:
    """Columns artist_id, genre (and source when known): each artist's genres as ``user_id``
    sees them (their own edits, nobody else's) after source precedence."""
    ids = [int(a) for a in artist_ids]
    empty = pd.DataFrame({"artist_id": pd.Series(dtype="int64"), "genre": pd.Series(dtype=str)})
    if not ids:
        return empty
    frame = effective_genres(session, ids, user_id)
    if frame.empty:
        return empty
    return frame[["artist_id", "genre", "source"]].drop_duplicates(["artist_id", "genre"])


def genre_table(session: Session, user_id: int, lst: Listening) -> pa.Table:
    """artist_id, genre, n (the artist's genre count) for every artist the user played."""
    count, newest = session.execute(
        select(func.count(), func.max(ArtistGenre.created_at)).select_from(ArtistGenre)
    ).one()
    key = f"{cache_key(session, user_id)}:genres:{count}:{newest}"
    memo = session.info.setdefault("genres", {})
    if key in memo:
        return memo[key]
    cache = get_frame_cache()
    table = cache.get(key) if cache is not None else None
    if table is None:
        artists = lst.plays.column("artist_id").unique().to_pylist()
        frame = artist_genres(session, user_id, artists)[["artist_id", "genre"]]
        frame = frame.assign(n=frame.groupby("artist_id")["genre"].transform("count"))
        schema = pa.schema([("artist_id", pa.int32()), ("genre", pa.string()), ("n", pa.int64())])
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        if cache is not None:
            cache.put(key, table)
    memo[key] = table
    return table


def raw_genre_months(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns month, genre, value (before folding small genres into "Other")."""
    lst = load_listening(session, user_id, f.tz)
    link, share, genre, names = _links(lst, genre_table(session, user_id, lst))
    sel = arrays.select(lst, f)
    month = sel.values(arrays.column(lst.plays, "ts")).astype("datetime64[M]")
    codes = sel.values(arrays.column(lst.plays, "artist_ix"))
    weight = sel.values(arrays.column(lst.plays, "ms")) / 60000.0
    if f.measure == "plays":
        weight = np.ones(len(codes))
    heard = codes >= 0
    month, codes, weight = month[heard], codes[heard], weight[heard]
    # Time order: each month is a run of rows.
    bounds = np.flatnonzero(np.r_[True, month[1:] != month[:-1], True]) if len(month) else [0]
    n, out = lst.artists.num_rows, {"month": [], "genre": [], "value": []}
    for lo, hi in itertools.pairwise(bounds):
        value = np.bincount(codes[lo:hi], weights=weight[lo:hi], minlength=n)[link] * share
        plays = np.bincount(codes[lo:hi], minlength=n)[link]
        present = np.flatnonzero(np.bincount(genre, weights=plays, minlength=len(names)))
        out["month"] += [month[lo]] * len(present)
        out["genre"].append(names[present])
        out["value"].append(np.bincount(genre, weights=value, minlength=len(names))[present])
    return pd.DataFrame(
        {
            "month": np.asarray(out["month"], dtype="datetime64[M]").astype("datetime64[D]"),
            "genre": np.concatenate(out["genre"]) if out["genre"] else [],
            "value": np.concatenate(out["value"]) if out["value"] else [],
        }
    )


def _links(lst: Listening, table: pa.Table) -> tuple[np.ndarray, ...]:
    """Each artist-genre row as (artist code, share = 1 / the artist's genre count, genre
    number), and the genre names by number; rows of artists not in ``lst`` are dropped."""
    ids = arrays.column(lst.artists, "id")
    artist = arrays.column(table, "artist_id")
    link = np.searchsorted(ids, artist).clip(0, max(len(ids) - 1, 0))
    known = ids[link] == artist if len(ids) else np.zeros(len(artist), dtype=bool)
    genres = np.asarray(table.column("genre").to_pylist(), dtype=object)[known]
    names, genre = np.unique(genres, return_inverse=True) if len(genres) else (genres, genres)
    return link[known], 1.0 / arrays.column(table, "n")[known], genre.astype(np.int64), names


def fold_months(merged: pd.DataFrame) -> pd.DataFrame:
    """Top genres keep their names, the rest become "Other"; adds each month's share."""
    if merged.empty:
        return pd.DataFrame(columns=["month", "genre", "value", "share"])
    merged = merged.copy()
    top = merged.groupby("genre")["value"].sum().nlargest(TOP_GENRES).index
    merged.loc[~merged["genre"].isin(top), "genre"] = OTHER
    out = merged.groupby(["month", "genre"], as_index=False)["value"].sum()
    out["share"] = out["value"] / out.groupby("month")["value"].transform("sum")
    out["month"] = pd.to_datetime(out["month"]).dt.date
    return out.sort_values(["month", "value"], ascending=[True, False], ignore_index=True)


def genre_months(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns month, genre, value, share (of that month's genre-tagged listening)."""
    return fold_months(raw_genre_months(session, user_id, f))


def top_genres_from(months: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """Columns genre, value, share (of genre-tagged listening) from ``raw_genre_months``."""
    out = months.groupby("genre", as_index=False)["value"].sum()
    out["share"] = out["value"] / out["value"].sum() if not out.empty else []
    return out.sort_values(["value", "genre"], ascending=[False, True]).head(limit)


def top_genres(session: Session, user_id: int, f: Filters, limit: int = 5) -> pd.DataFrame:
    return top_genres_from(raw_genre_months(session, user_id, f), limit)


def artist_genre_links(
    session: Session, user_id: int, f: Filters, artists: int = 12
) -> pd.DataFrame:
    """The top artists and their genres: columns artist_id, artist, genre, value (split)."""
    lst = load_listening(session, user_id, f.tz)
    cond, params = where(f)
    con = lst.con("a", period=f)
    con.register("g", genre_table(session, user_id, lst))
    return con.execute(
        f"""
        WITH v AS (SELECT artist_id, {measure(f)} AS value FROM p WHERE {cond}
                   GROUP BY 1 ORDER BY value DESC, artist_id LIMIT {int(artists)})
        SELECT v.artist_id, a.name AS artist, g.genre, v.value / g.n AS value
        FROM v JOIN g ON g.artist_id = v.artist_id JOIN a ON a.id = v.artist_id
        ORDER BY v.value DESC, v.artist_id, g.genre
        """,  # noqa: S608
        params,
    ).df()
