"""Discovery: artists heard for the first time, sudden obsessions, forgotten favourites."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy.orm import Session

from data.queries.listening.base import measure, where
from data.queries.listening.filters import Filters
from data.queries.listening.frame import Listening, load_listening

SPIKE_FACTOR = 3.0  # a month at least this many times the artist's usual month
SPIKE_MIN_PLAYS = 15
FORGOTTEN_DAYS = 90  # no play for this long before the period's end


def new_artists(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns month, artists: how many artists were heard for the first time ever that month."""
    lst = load_listening(session, user_id, f.tz)
    first = "first_any" if f.include_skips else "first_long"
    frame = (
        lst.con("f")
        .execute(
            f"""
            SELECT date_trunc('month', {first})::DATE AS month, count(*) AS artists
            FROM f WHERE kind = ? AND {first} IS NOT NULL GROUP BY 1 ORDER BY 1
            """,  # noqa: S608  (a column name from two constants)
            [f.content],
        )
        .df()
    )
    return _months_in_period(frame, f)


def _months_in_period(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """``month`` as dates, keeping the months the period touches."""
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    if f.start:
        frame = frame[frame["month"] >= f.start.replace(day=1)]
    if f.end:
        frame = frame[frame["month"] <= f.end]
    return frame.reset_index(drop=True)


def _names(lst: Listening, frame: pd.DataFrame) -> pd.DataFrame:
    frame["artist"] = frame["artist_id"].map(lst.artists.to_pandas().set_index("id")["name"])
    return frame


def _month_start(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def obsessions(session: Session, user_id: int, f: Filters, limit: int = 10) -> pd.DataFrame:
    """Artist-months in the period where plays jumped to >= 3x the artist's average over the
    six months before (and at least 15 plays). Columns artist_id, artist, month, plays,
    baseline (average plays per month before), factor."""
    lst = load_listening(session, user_id, f.tz)
    cond, params = where(f, period=False)
    # The period's whole months count, with the six months before them as baseline.
    since = _month_start(f.start, -6) if f.start else None
    until = _month_start(f.end, 1) - timedelta(days=1) if f.end else None
    frame = (
        lst.con(period=f.with_range(since, until))
        .execute(
            f"""
            WITH m AS (SELECT artist_id, date_trunc('month', ts)::DATE AS month, count(*) AS plays
                       FROM p WHERE {cond} GROUP BY 1, 2),
            b AS (SELECT m.*, coalesce(sum(plays) OVER (
                        PARTITION BY artist_id ORDER BY month
                        RANGE BETWEEN INTERVAL 6 MONTH PRECEDING AND INTERVAL 1 DAY PRECEDING),
                        0) / 6.0 AS baseline
                  FROM m)
            SELECT artist_id, month, plays, baseline,
                   plays / greatest(baseline, 1.0) AS factor
            FROM b WHERE plays >= {SPIKE_MIN_PLAYS}
              AND plays >= {SPIKE_FACTOR} * greatest(baseline, 1.0)
            ORDER BY factor DESC, plays DESC
            """,  # noqa: S608
            params,
        )
        .df()
    )
    return _names(lst, _months_in_period(frame, f).head(limit))


def forgotten(session: Session, user_id: int, f: Filters, limit: int = 10) -> pd.DataFrame:
    """Former favourites (top 50 by value up to the period's end) not played in the 90 days
    before it. Columns artist_id, artist, value, last_played, days_since."""
    lst = load_listening(session, user_id, f.tz)
    upto = f.with_range(None, f.end)
    cond, params = where(upto)
    frame = (
        lst.con(period=upto)
        .execute(
            f"""
            SELECT artist_id, {measure(f)} AS value, max(ts) AS last_played FROM p
            WHERE {cond} GROUP BY 1 ORDER BY value DESC LIMIT 50
            """,  # noqa: S608
            params,
        )
        .df()
    )
    if frame.empty:
        return _names(lst, frame.assign(days_since=[]))
    end = pd.Timestamp(f.end + timedelta(days=1)) if f.end else frame["last_played"].max()
    frame["days_since"] = (end - frame["last_played"]).dt.days
    frame = frame[frame["days_since"] >= FORGOTTEN_DAYS]
    return _names(lst, frame.head(limit).reset_index(drop=True))
