"""Listening habits: sessions (10-minute gap rule), skip rate and shuffle share, platforms."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy.orm import Session

from data.queries.listening import arrays
from data.queries.listening.filters import SKIP_MS, Filters
from data.queries.listening.frame import Listening, load_listening

SESSION_GAP_MINUTES = 10

GAP_MS = SESSION_GAP_MINUTES * 60_000


def sessions(session: Session, user_id: int, f: Filters, limit: int = 10) -> pd.DataFrame:
    """The longest listening sessions: a session ends when the next play starts more than 10
    minutes after the previous one ended. Columns: session, start, end, minutes (wall clock,
    whole seconds), listened (minutes played), plays, tracks ("Artist - Track" in order).
    """
    lst = load_listening(session, user_id, f.tz)
    sel = arrays.select(lst, f)
    ts = sel.values(arrays.column(lst.plays, "ts")).astype(np.int64)
    if not len(ts):
        return pd.DataFrame(columns=_SESSION_COLUMNS)
    ms = sel.values(arrays.column(lst.plays, "ms")).astype(np.int64)
    started = ts - ms
    # The plays are in time order, so each session is a run of consecutive rows.
    first = np.flatnonzero(np.r_[True, started[1:] - ts[:-1] > GAP_MS])
    start = np.minimum.reduceat(started, first)
    end = np.maximum.reduceat(ts, first)
    minutes = (end // 1000 - start // 1000) / 60.0
    best = np.lexsort((start, -minutes))[: int(limit)]
    bounds = np.r_[first, len(ts)]
    rows = sel.rows
    frame = pd.DataFrame(
        {
            "session": best + 1,
            "start": start[best].astype("datetime64[ms]"),
            "end": end[best].astype("datetime64[ms]"),
            "minutes": minutes[best],
            "listened": np.add.reduceat(ms, first)[best] / 60000.0,
            "plays": np.diff(bounds)[best],
        }
    )
    frame["tracks"] = [_tracks(lst, rows[bounds[i] : bounds[i + 1]]) for i in best]
    return frame


_SESSION_COLUMNS = ["session", "start", "end", "minutes", "listened", "plays", "tracks"]


def _tracks(lst: Listening, rows: np.ndarray) -> list[str]:
    artists = _names(lst.artists, arrays.column(lst.plays, "artist_ix")[rows])
    tracks = _names(lst.tracks, arrays.column(lst.plays, "track_ix")[rows])
    return [f"{a} - {t}" for a, t in zip(artists, tracks, strict=True)]


def _names(dim: pa.Table, codes: np.ndarray) -> list[str]:
    names = dim.column("name").take(pa.array(np.maximum(codes, 0))).to_pylist()
    return [n if c >= 0 and n is not None else "?" for n, c in zip(names, codes, strict=True)]


def skip_shuffle(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Per month: skip rate (share of plays under 30 s, skips always counted here) and shuffle
    share (among plays whose shuffle state is known). Columns month, plays, skip_rate, shuffle."""
    lst = load_listening(session, user_id, f.tz)
    sel = arrays.select(lst, replace(f, include_skips=True))
    ts = sel.values(arrays.column(lst.plays, "ts"))
    month = ts.astype("datetime64[M]")
    # Time order: each month is a run of rows.
    first = np.flatnonzero(np.r_[True, month[1:] != month[:-1]]) if len(ts) else np.zeros(0, int)
    plays = np.diff(np.r_[first, len(ts)])
    skips = sel.values(arrays.column(lst.plays, "ms")) < SKIP_MS
    on, known = arrays.flag(lst.plays, "shuffle")
    on, known = sel.values(on), sel.values(known)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.add.reduceat(skips, first) / plays if len(ts) else np.zeros(0)
        shares = (
            np.add.reduceat(on & known, first) / np.add.reduceat(known, first)
            if len(ts)
            else np.zeros(0)
        )
    return pd.DataFrame(
        {
            "month": month[first].astype("datetime64[D]").tolist(),
            "plays": plays.astype(np.int64),
            "skip_rate": rates.astype(np.float64),
            "shuffle": shares.astype(np.float64),
        }
    )


def platforms(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns platform ("unknown" when not recorded), minutes, plays; biggest first."""
    lst = load_listening(session, user_id, f.tz)
    sel = arrays.select(lst, f)
    names = lst.plays.column("platform").chunk(0).dictionary.to_pylist() if len(sel.mask) else []
    codes = sel.values(arrays.column(lst.plays, "platform"))
    codes = np.where(codes < 0, len(names), codes)  # unrecorded -> one more code
    ms = np.bincount(
        codes, weights=sel.values(arrays.column(lst.plays, "ms")), minlength=len(names) + 1
    )
    counts = np.bincount(codes, minlength=len(names) + 1)
    heard = np.flatnonzero(counts)
    frame = pd.DataFrame(
        {
            "platform": [[*names, "unknown"][i] for i in heard],
            "minutes": ms[heard] / 60000.0,
            "plays": counts[heard].astype(np.int64),
        }
    )
    # A platform recorded as "unknown" joins the unrecorded ones.
    frame = frame.groupby("platform", as_index=False, sort=False).sum()
    return frame.sort_values("minutes", ascending=False, ignore_index=True)
