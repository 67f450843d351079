"""Totals, ranked lists and pages straight from the plays' columns with numpy.

The cached plays table is sorted by local time and carries dense per-user codes for artists,
tracks and albums (``*_ix``: the row of that id in the dimension table, which is sorted by id;
-1 when missing). A period is then a contiguous slice found by binary search, and a group-by
is ``np.bincount`` over the codes (or over days, hours, months): several times faster than a
hash aggregate for the hot Wrapped views, whose cost then grows with the period only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd
import pyarrow as pa

from data.queries.listening.filters import SKIP_MS, Filters
from data.queries.listening.frame import Listening

CODES = {"artists": "artist_ix", "tracks": "track_ix", "albums": "album_ix"}


def column(table: pa.Table, name: str) -> np.ndarray:
    """A column as a numpy array (zero-copy for the cached single-chunk tables)."""
    col = table.column(name)
    arr = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.indices.fill_null(-1) if arr.null_count else arr.indices  # -1: missing
    return arr.to_numpy(zero_copy_only=False)


def flag(table: pa.Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A nullable boolean column as (value, known) numpy arrays; unknown values are False."""
    col = table.column(name)
    return (
        col.fill_null(False).to_numpy(zero_copy_only=False).astype(bool),
        col.is_valid().to_numpy(zero_copy_only=False).astype(bool),
    )


@dataclass(frozen=True)
class Selection:
    """The plays a filter selects: row positions ``lo + np.flatnonzero(mask)`` of the table."""

    lo: int
    mask: np.ndarray

    @property
    def rows(self) -> np.ndarray:
        return self.lo + np.flatnonzero(self.mask)

    def values(self, arr: np.ndarray) -> np.ndarray:
        return arr[self.lo : self.lo + len(self.mask)][self.mask]


def select(lst: Listening, f: Filters) -> Selection:
    """Plays of the period (local days), content and skip choice of ``f``."""
    lo, hi = lst.rows_between(f.start, f.end)
    if hi == lo:
        return Selection(lo, np.zeros(0, dtype=bool))
    kinds = lst.plays.column("kind").chunk(0).dictionary.to_pylist()
    if f.content not in kinds:
        return Selection(lo, np.zeros(hi - lo, dtype=bool))
    mask = column(lst.plays, "kind")[lo:hi] == kinds.index(f.content)
    if not f.include_skips:
        mask &= column(lst.plays, "ms")[lo:hi] >= SKIP_MS
    return Selection(lo, mask)


def sums(lst: Listening, sel: Selection, entity: str) -> tuple[np.ndarray, np.ndarray]:
    """Per code of ``entity``: (ms played, plays), each of length = number of codes."""
    n = getattr(lst, entity).num_rows
    codes = sel.values(column(lst.plays, CODES[entity]))
    ms = sel.values(column(lst.plays, "ms"))
    known = codes >= 0
    codes, ms = codes[known], ms[known]
    return (
        np.bincount(codes, weights=ms, minlength=n),
        np.bincount(codes, minlength=n),
    )


def totals(lst: Listening, f: Filters) -> dict[str, float]:
    """Minutes, plays, distinct artists and tracks, and artists first heard in the period."""
    sel = select(lst, f)
    ms = sel.values(column(lst.plays, "ms"))
    return {
        "minutes": float(ms.sum(dtype=np.int64)) / 60000.0,
        "plays": float(len(ms)),
        "artists": float(_distinct(sel.values(column(lst.plays, "artist_ix")))),
        "tracks": float(_distinct(sel.values(column(lst.plays, "track_ix")))),
        "new_artists": float(_new_artists(lst, f)),
    }


def _distinct(codes: np.ndarray) -> int:
    """How many different codes, not counting -1 (missing)."""
    return int(np.count_nonzero(np.bincount(codes + 1)[1:])) if len(codes) else 0


def _new_artists(lst: Listening, f: Filters) -> int:
    firsts = lst.firsts
    if firsts.num_rows == 0:
        return 0
    first = column(firsts, "first_any" if f.include_skips else "first_long")
    kinds = np.asarray(firsts.column("kind").to_pylist(), dtype=object)
    keep = (kinds == f.content) & ~np.isnat(first)
    if f.start is not None:
        keep &= first >= np.datetime64(f.start, "ms")
    if f.end is not None:
        keep &= first < np.datetime64(f.end + timedelta(days=1), "ms")
    return int(np.count_nonzero(keep))


def values(lst: Listening, sel: Selection, f: Filters, entity: str) -> tuple[np.ndarray, ...]:
    """Per code of ``entity``: (value by ``f``'s measure, minutes, plays)."""
    ms, plays = sums(lst, sel, entity)
    minutes = ms / 60000.0
    return (plays.astype(np.float64) if f.measure == "plays" else minutes), minutes, plays


def top(value: np.ndarray, plays: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` best heard codes: value descending, then code (= id) ascending."""
    heard = np.flatnonzero(plays)
    if 0 < limit < len(heard):
        # Only candidates at least as good as the limit-th value can make the list.
        cut = np.partition(value[heard], len(heard) - limit)[len(heard) - limit]
        heard = heard[value[heard] >= cut]
    return heard[np.lexsort((heard, -value[heard]))][:limit]


def ranks_of(value: np.ndarray, plays: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rank (1 = top, same order as ``top``) of each code; NaN for codes not heard."""
    heard = plays > 0
    out = np.full(len(codes), np.nan)
    for i, code in enumerate(codes):
        if heard[code]:
            v = value[code]
            better = np.count_nonzero(heard & (value > v))
            out[i] = 1 + better + np.count_nonzero(heard[:code] & (value[:code] == v))
    return out


DAY_MS = 86_400_000
HOUR_MS = 3_600_000


def _local_ms(lst: Listening, sel: Selection) -> tuple[np.ndarray, np.ndarray]:
    """Local end times (ms since 1970-01-01 local) and ms played of the selected plays."""
    ts = sel.values(column(lst.plays, "ts")).astype(np.int64)
    return ts, sel.values(column(lst.plays, "ms"))


def days(lst: Listening, f: Filters) -> pd.DataFrame:
    """Columns day (local date), minutes, plays, for days with listening, oldest first."""
    ts, ms = _local_ms(lst, select(lst, f))
    if not len(ts):
        return pd.DataFrame({"day": [], "minutes": [], "plays": []}).astype(
            {"day": object, "plays": "int64"}
        )
    day = ts // DAY_MS
    first = int(day.min())
    counts = np.bincount(day - first)
    heard = np.flatnonzero(counts)
    total = np.bincount(day - first, weights=ms)[heard]
    return pd.DataFrame(
        {
            "day": (heard + first).astype("datetime64[D]").tolist(),
            "minutes": total / 60000.0,
            "plays": counts[heard].astype(np.int64),
        }
    )


def hour_cells(lst: Listening, f: Filters) -> pd.DataFrame:
    """Columns weekday (0 = Monday), hour, minutes, plays; only cells with listening."""
    ts, ms = _local_ms(lst, select(lst, f))
    # 1970-01-01 was a Thursday (weekday 3).
    cell = ((ts // DAY_MS + 3) % 7) * 24 + (ts % DAY_MS) // HOUR_MS
    counts = np.bincount(cell, minlength=168)
    heard = np.flatnonzero(counts)
    return pd.DataFrame(
        {
            "weekday": (heard // 24).astype(np.int64),
            "hour": (heard % 24).astype(np.int64),
            "minutes": np.bincount(cell, weights=ms, minlength=168)[heard] / 60000.0,
            "plays": counts[heard].astype(np.int64),
        }
    )
