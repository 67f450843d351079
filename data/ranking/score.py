"""One score per event, as the sum of named parts, and the top reasons in words.

Score = artist affinity + genre affinity + distance decay + time decay + feedback (saves pull
similar shows up, hides push that artist or genre down) + a small popularity prior. Parts are
computed for every candidate at once (vectorised); reasons only for the page that is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from data.ranking.affinity import Affinity

ARTIST_W = 3.0
GENRE_W = 1.5
DISTANCE_W = 0.8
DISTANCE_KM = 25.0  # the distance part halves about every 17 km
TIME_W = 0.6
TIME_DAYS = 45.0
TONIGHT_FACTOR = 0.6  # tonight is often too late to buy a ticket
SAVED_W = 0.8
HIDDEN_ARTIST_W = 5.0  # outweighs the strongest artist affinity: a hide means "not this"
HIDDEN_GENRE_W = 0.6
POPULARITY_W = 0.3
PARTS = ("artist", "genre", "distance", "time", "feedback", "popularity")
NO_LISTENING = "No listening history yet: ranked by popularity and date"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


@dataclass(frozen=True)
class Feedback:
    """A listener's saves and hides. ``saved`` columns: saved_id, title, artist_id, genre_id
    (one row per artist and per genre of each saved event, the other id missing)."""

    saved: pd.DataFrame = field(
        default_factory=lambda: _empty(["saved_id", "title", "artist_id", "genre_id"])
    )
    hidden_artists: frozenset[int] = frozenset()
    hidden_genres: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Candidates:
    """Events to rank: ``events`` (id, title, local_date, lat, lng, popularity), ``lineups``
    (event_id, artist_id, name, position) and ``genres`` (event_id, genre_id, name)."""

    events: pd.DataFrame
    lineups: pd.DataFrame
    genres: pd.DataFrame


def scored_keys(affinity: Affinity, feedback: Feedback) -> tuple[frozenset[int], frozenset[int]]:
    """The artist ids and genre ids any score part reads (affinity, saves, hides).

    A lineup or genre link outside these adds nothing to any part, so ranking needs only the
    candidates' links to these ids: the full ranking, from a fraction of the rows.
    """
    saved = feedback.saved
    artists = {int(a) for a in affinity.artists["artist_id"]}
    artists |= {int(a) for a in saved["artist_id"].dropna()} | set(feedback.hidden_artists)
    genres = {int(g) for g in affinity.genres["genre_id"]}
    genres |= {int(g) for g in saved["genre_id"].dropna()} | set(feedback.hidden_genres)
    return frozenset(artists), frozenset(genres)


def scored_links(
    lineups: pd.DataFrame, genres: pd.DataFrame, keys: tuple[frozenset[int], frozenset[int]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Only the lineup and genre links to the artist and genre ids in ``keys``: scoring these
    gives every part the same value as scoring every link (``scored_keys``)."""
    artists, genres_ = (np.fromiter(k, dtype=np.int64, count=len(k)) for k in keys)
    return (
        lineups[np.isin(lineups["artist_id"].to_numpy(), artists)].reset_index(drop=True),
        genres[np.isin(genres["genre_id"].to_numpy(), genres_)].reset_index(drop=True),
    )


def haversine_km(lat: np.ndarray, lng: np.ndarray, lat0: float, lng0: float) -> np.ndarray:
    """Great-circle distance in km from (lat0, lng0) to each point (NaN where unknown)."""
    p1, p2 = np.radians(lat0), np.radians(lat.astype(float))
    dp, dl = p2 - p1, np.radians(lng.astype(float) - lng0)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def score_parts(
    cands: Candidates,
    affinity: Affinity,
    feedback: Feedback,
    home: tuple[float, float] | None,
    today: date,
) -> pd.DataFrame:
    """Each part of each event's score (index: event id) plus ``score`` and ``km``."""
    events = cands.events.set_index("id")
    out = pd.DataFrame(index=events.index)
    out["artist"] = ARTIST_W * _artist_affinity(cands.lineups, affinity, out.index)
    out["genre"] = GENRE_W * _genre_affinity(cands.genres, affinity, out.index)
    if home is not None and len(events):
        km = haversine_km(events["lat"].to_numpy(), events["lng"].to_numpy(), *home)
    else:
        km = np.full(len(events), np.nan)
    out["km"] = km
    out["distance"] = np.nan_to_num(DISTANCE_W * np.exp(-km / DISTANCE_KM))
    days = np.array([(d - today).days for d in events["local_date"]], dtype=float)
    time_part = TIME_W * np.exp(-np.clip(days, 0, None) / TIME_DAYS)
    out["time"] = np.where(days == 0, time_part * TONIGHT_FACTOR, time_part)
    out["feedback"] = _feedback(cands, feedback, out.index)
    popularity = events["popularity"].astype(float).fillna(0).clip(0, 1)
    out["popularity"] = POPULARITY_W * popularity.to_numpy()
    out["score"] = out[list(PARTS)].sum(axis=1)
    return out


def _artist_affinity(lineups: pd.DataFrame, affinity: Affinity, index: pd.Index) -> pd.Series:
    if affinity.empty or lineups.empty:
        return pd.Series(0.0, index=index)
    weights = pd.Series(
        affinity.artists["weight"].to_numpy(float), index=affinity.artists["artist_id"].to_numpy()
    )
    joined = pd.DataFrame(
        {"event_id": lineups["event_id"].to_numpy(), "weight": lineups["artist_id"].map(weights)}
    ).dropna()
    grouped = joined.groupby("event_id")["weight"]
    # The best-liked artist counts fully; others on the bill add a little.
    value = grouped.max() + 0.25 * (grouped.sum() - grouped.max())
    return value.clip(upper=1.5).reindex(index, fill_value=0.0)


def _genre_affinity(genres: pd.DataFrame, affinity: Affinity, index: pd.Index) -> pd.Series:
    if affinity.genres.empty or genres.empty:
        return pd.Series(0.0, index=index)
    shares = pd.Series(
        affinity.genres["share"].to_numpy(float), index=affinity.genres["genre_id"].to_numpy()
    )
    joined = pd.DataFrame(
        {"event_id": genres["event_id"].to_numpy(), "share": genres["genre_id"].map(shares)}
    ).dropna()
    # sqrt: a genre at 25% of the listening is already a strong signal.
    best = np.sqrt(joined.groupby("event_id")["share"].max().clip(0, 1))
    return best.reindex(index, fill_value=0.0)


def _feedback(cands: Candidates, feedback: Feedback, index: pd.Index) -> np.ndarray:
    total = np.zeros(len(index))
    saved = feedback.saved
    if not saved.empty:
        artist_rows, genre_rows = saved["artist_id"].notna(), saved["genre_id"].notna()
        by_artist = similar_saved(cands.lineups, saved[artist_rows], "artist_id")
        by_genre = similar_saved(cands.genres, saved[genre_rows], "genre_id")
        artist_hit = index.isin(list(by_artist))
        total += SAVED_W * artist_hit + 0.5 * SAVED_W * (index.isin(list(by_genre)) & ~artist_hit)
    if feedback.hidden_artists and not cands.lineups.empty:
        hit = cands.lineups["event_id"][cands.lineups["artist_id"].isin(feedback.hidden_artists)]
        total -= HIDDEN_ARTIST_W * index.isin(hit)
    if feedback.hidden_genres and not cands.genres.empty:
        hit = cands.genres["event_id"][cands.genres["genre_id"].isin(feedback.hidden_genres)]
        total -= HIDDEN_GENRE_W * index.isin(hit)
    return total


def similar_saved(links: pd.DataFrame, saved: pd.DataFrame, key: str) -> dict[int, str]:
    """Event id -> title of a saved event sharing ``key`` with it (never the event itself)."""
    if links.empty or saved.empty:
        return {}
    by_key: dict[int, list[tuple[int, str]]] = {}
    for saved_id, title, value in zip(saved["saved_id"], saved["title"], saved[key], strict=True):
        by_key.setdefault(int(value), []).append((int(saved_id), str(title)))
    values = links[key].to_numpy()
    hits = np.isin(values, np.fromiter(by_key, dtype=np.int64, count=len(by_key)))
    out: dict[int, str] = {}
    for event_id, value in zip(links["event_id"].to_numpy()[hits], values[hits], strict=True):
        for saved_id, title in by_key[int(value)]:
            if saved_id != event_id:
                out.setdefault(int(event_id), title)
                break
    return out


def match_score(parts: pd.DataFrame) -> pd.Series:
    """How well each event matches the listener's taste, 0..1 (artist and genre parts only).

    Logged with interactions; the rollup counts a viewer as "matched" at 0.5 or more, which a
    lineup artist at half the weight of the listener's favourite reaches on its own.
    """
    return ((parts["artist"] + parts["genre"]) / ARTIST_W).clip(0, 1)


def rank(parts: pd.DataFrame, sort: str) -> pd.Index:
    """Event ids in the order of ``sort``: "foryou" (score), "distance" or "popularity"."""
    if sort == "distance":
        return parts.sort_values(["km", "score"], ascending=[True, False]).index
    if sort == "popularity":
        return parts.sort_values(["popularity", "score"], ascending=False).index
    return parts.sort_values("score", ascending=False, kind="stable").index
