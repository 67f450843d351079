"""A listener's artist and genre affinity vectors from their plays (pure, numpy and pandas)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

HALF_LIFE_DAYS = 180.0  # a play six months ago counts half as much as one today
ARTIST_COLUMNS = ["artist_id", "plays", "minutes", "weight"]
GENRE_COLUMNS = ["genre_id", "name", "share"]


@dataclass(frozen=True)
class Affinity:
    """What a listener likes: per artist (plays, minutes, weight 0..1) and per genre (share).

    ``artists`` has one row per played artist; ``weight`` is the recency-weighted listening
    time on a log scale, 1.0 for the artist they play most. ``genres`` holds each genre's share
    of the listener's minutes (an artist with two genres counts for both, so shares may add
    up to more than 1).
    """

    artists: pd.DataFrame
    genres: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when the listener has no plays to rank by."""
        return self.artists.empty

    @classmethod
    def none(cls) -> Affinity:
        """No listening data."""
        return cls(pd.DataFrame(columns=ARTIST_COLUMNS), pd.DataFrame(columns=GENRE_COLUMNS))


def build_affinity(
    artist_ids: np.ndarray,
    ms_played: np.ndarray,
    ended: np.ndarray,
    now: datetime,
    artist_genres: pd.DataFrame,
) -> Affinity:
    """Affinity from per-play arrays (artist id, ms played, end time) and artist genres.

    Args:
        artist_ids: the artist of each music play (negative or missing ids are ignored).
        ms_played: milliseconds of each play.
        ended: each play's end time (``datetime64``).
        now: the reference time for recency weighting.
        artist_genres: columns ``artist_id``, ``genre_id``, ``name``.
    """
    keep = artist_ids >= 0
    if not keep.any():
        return Affinity.none()
    ids, ms = artist_ids[keep].astype(np.int64), ms_played[keep].astype(np.float64)
    age_days = (np.datetime64(now, "ms") - ended[keep].astype("datetime64[ms]")).astype(
        np.float64
    ) / 86_400_000.0
    decay = np.power(0.5, np.clip(age_days, 0, None) / HALF_LIFE_DAYS)
    frame = pd.DataFrame({"artist_id": ids, "ms": ms, "recent": ms * decay})
    grouped = frame.groupby("artist_id").agg(
        plays=("ms", "size"), ms=("ms", "sum"), recent=("recent", "sum")
    )
    recent = np.log1p(grouped["recent"].to_numpy() / 60_000.0)
    top = recent.max() if len(recent) else 0.0
    artists = pd.DataFrame(
        {
            "artist_id": grouped.index.to_numpy(),
            "plays": grouped["plays"].to_numpy(),
            "minutes": grouped["ms"].to_numpy() / 60_000.0,
            "weight": recent / top if top > 0 else 0.0,
        }
    )
    return Affinity(artists, _genre_shares(artists, artist_genres))


def _genre_shares(artists: pd.DataFrame, artist_genres: pd.DataFrame) -> pd.DataFrame:
    total = float(artists["minutes"].sum())
    if artist_genres.empty or total <= 0:
        return pd.DataFrame(columns=GENRE_COLUMNS)
    links = artist_genres[["artist_id", "genre_id", "name"]].drop_duplicates(
        ["artist_id", "genre_id"]
    )
    joined = links.merge(artists[["artist_id", "minutes"]], on="artist_id")
    shares = joined.groupby(["genre_id", "name"], as_index=False)["minutes"].sum()
    shares["share"] = shares["minutes"] / total
    return shares.sort_values("share", ascending=False, ignore_index=True)[GENRE_COLUMNS]
