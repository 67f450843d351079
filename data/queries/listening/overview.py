"""Overview numbers, top lists with rank movement, and recently played."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy.orm import Session

from data.queries.listening import arrays
from data.queries.listening.base import spotify_url
from data.queries.listening.filters import Filters
from data.queries.listening.frame import Listening, load_listening

METRICS = ("minutes", "plays", "artists", "tracks", "new_artists")
ENTITIES = {
    "artists": ("artist_id", "a"),
    "tracks": ("track_id", "t"),
    "albums": ("album_id", "al"),
}


def totals(lst: Listening, f: Filters) -> dict[str, float]:
    """Minutes, plays, distinct artists/tracks and artists first heard in the period."""
    return arrays.totals(lst, f)


def overview(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """One row per metric: value, previous equal-length period's value, change in percent."""
    lst = load_listening(session, user_id, f.tz)
    now = totals(lst, f)
    prev_f = f.previous()
    prev = totals(lst, prev_f) if prev_f else dict.fromkeys(METRICS)
    rows = []
    for metric in METRICS:
        before = prev[metric]
        change = (now[metric] - before) / before * 100 if before else None
        rows.append({"metric": metric, "value": now[metric], "previous": before, "change": change})
    return pd.DataFrame(rows)


_DIM_COLUMNS = {
    "artists": ("image_url", "spotify_id"),
    "tracks": (None, "spotify_uri"),
    "albums": ("image_url", None),
}


def top_items(
    session: Session,
    user_id: int,
    f: Filters,
    entity: str = "artists",
    limit: int = 50,
    *,
    compare: bool = True,
) -> pd.DataFrame:
    """Ranked artists/tracks/albums with rank movement against the previous period.

    Columns: rank, id, name, artist_id, artist, value, minutes, plays, previous_rank, movement
    (positive = climbed; NaN = new), compared (False for open periods), image_url, spotify_url.
    """
    lst = load_listening(session, user_id, f.tz)
    value, minutes, plays = arrays.values(lst, arrays.select(lst, f), f, entity)
    top = arrays.top(value, plays, int(limit))
    prev_f = f.previous() if compare else None
    dim = getattr(lst, entity)
    image, uri = _DIM_COLUMNS[entity]
    frame = pd.DataFrame(
        {
            "rank": np.arange(1, len(top) + 1, dtype=np.int64),
            "id": _take(dim, "id", top),
            "value": value[top],
            "minutes": minutes[top],
            "plays": plays[top].astype(np.int64),
        }
    )
    artist_rows = _artist_rows(lst, f, entity, top)
    frame["artist_id"] = _take(lst.artists, "id", artist_rows)
    frame["previous_rank"] = np.full(len(top), np.nan)
    if prev_f is not None:
        before = arrays.values(lst, arrays.select(lst, prev_f), prev_f, entity)
        frame["previous_rank"] = arrays.ranks_of(before[0], before[2], top)
    frame["artist"] = _take(lst.artists, "name", artist_rows)
    frame["name"] = _take(dim, "name", top)
    frame["image_url"] = _take(dim, image, top) if image else None
    frame["compared"] = prev_f is not None
    frame["movement"] = frame["previous_rank"] - frame["rank"]
    frame["spotify_url"] = [spotify_url(u, entity[:-1]) for u in _take(dim, uri, top)]
    return frame


def _take(table: pa.Table, name: str | None, rows: np.ndarray) -> list:
    """Values of ``name`` at ``rows`` (None where a row is -1)."""
    if name is None:
        return [None] * len(rows)
    values = table.column(name).take(pa.array(np.maximum(rows, 0))).to_pylist() if len(rows) else []
    return [v if r >= 0 else None for v, r in zip(values, rows, strict=True)]


def _artist_rows(lst: Listening, f: Filters, entity: str, top: np.ndarray) -> np.ndarray:
    """The artist (code) of each ranked item: one of the artists its plays credit."""
    if entity == "artists" or not len(top):
        return top
    sel = arrays.select(lst, f)
    codes = sel.values(arrays.column(lst.plays, arrays.CODES[entity]))
    artists = sel.values(arrays.column(lst.plays, "artist_ix"))
    out = np.full(len(top), -1, dtype=np.int64)
    for i, code in enumerate(top):
        out[i] = artists[int(np.argmax(codes == code))]
    return out


def recently_played(
    session: Session, user_id: int, f: Filters, page: int = 0, size: int = 25
) -> tuple[pd.DataFrame, int]:
    """One page of plays, newest first, and the total number of plays in the period."""
    lst = load_listening(session, user_id, f.tz)
    rows = arrays.select(lst, f).rows
    total = len(rows)
    first = total - int(page) * int(size)
    picked = rows[max(0, first - int(size)) : max(0, first)][::-1]
    return _plays_frame(lst, picked), int(total)


def recently_played_chunks(
    session: Session, user_id: int, f: Filters, size: int = 20_000
) -> Iterator[pd.DataFrame]:
    """Every play of the period, newest first, as frames of at most ``size`` plays (the
    columns of ``recently_played``; one empty frame when there is none), for streaming.

    The history is read now, while ``session`` is open; the frames are built as they are
    asked for, from the cached (memory-mapped) table, so the memory a caller holds at once
    is one frame, whatever the number of plays.
    """
    lst = load_listening(session, user_id, f.tz)
    return _chunks(lst, arrays.select(lst, f), int(size))


def _chunks(lst: Listening, sel: arrays.Selection, size: int) -> Iterator[pd.DataFrame]:
    end, found = len(sel.mask), False
    while end > 0:
        start = max(0, end - size)
        picked = sel.lo + start + np.flatnonzero(sel.mask[start:end])
        if len(picked):
            found = True
            yield _plays_frame(lst, picked[::-1])
        end = start
    if not found:  # no play: the columns still
        yield _plays_frame(lst, np.zeros(0, dtype=np.int64))


def _plays_frame(lst: Listening, picked: np.ndarray) -> pd.DataFrame:
    """The plays at rows ``picked`` of the cached table, in that order."""
    plays = lst.plays.take(pa.array(picked, pa.int64()))
    tracks = arrays.column(plays, "track_ix")
    artists = arrays.column(plays, "artist_ix")
    return pd.DataFrame(
        {
            "ended": pd.Series(arrays.column(plays, "ts"), dtype="datetime64[ms]"),
            "track": _take(lst.tracks, "name", tracks),
            "track_id": _take(lst.tracks, "id", tracks),
            "artist": _take(lst.artists, "name", artists),
            "artist_id": _take(lst.artists, "id", artists),
            "minutes": np.round(arrays.column(plays, "ms") / 60000.0, 2),
            "platform": plays.column("platform").to_pylist(),
            "spotify_url": [spotify_url(u) for u in _take(lst.tracks, "spotify_uri", tracks)],
        }
    )
