"""When the user listens: hour x weekday, days, months and daily streaks (local time)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from data.queries.listening import arrays
from data.queries.listening.base import where
from data.queries.listening.filters import Filters, today_in
from data.queries.listening.frame import Listening, load_listening


def clock(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns weekday (0 = Monday), hour (0-23), minutes, plays; only non-empty cells."""
    return arrays.hour_cells(load_listening(session, user_id, f.tz), f)


def daily_from(lst: Listening, f: Filters) -> pd.DataFrame:
    return arrays.days(lst, f)


def daily(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns day (local date), minutes, plays; days without listening are absent."""
    return daily_from(load_listening(session, user_id, f.tz), f)


def monthly(session: Session, user_id: int, f: Filters) -> pd.DataFrame:
    """Columns month (first day, local), minutes, hours, plays."""
    lst = load_listening(session, user_id, f.tz)
    cond, params = where(f)
    frame = (
        lst.con(period=f)
        .execute(
            f"""
            SELECT date_trunc('month', ts)::DATE AS month, sum(ms) / 60000.0 AS minutes,
                   count(*) AS plays
            FROM p WHERE {cond} GROUP BY 1 ORDER BY 1
            """,  # noqa: S608
            params,
        )
        .df()
    )
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["hours"] = frame["minutes"] / 60
    return frame


def monthly_from(days: pd.DataFrame) -> pd.DataFrame:
    """``monthly`` rolled up from ``daily`` rows (no second pass over the plays)."""
    month = np.asarray(days["day"].tolist(), dtype="datetime64[D]").astype("datetime64[M]")
    months, index = np.unique(month, return_inverse=True)
    minutes = np.bincount(index, weights=days["minutes"].to_numpy(), minlength=len(months))
    frame = pd.DataFrame(
        {
            "month": months.astype("datetime64[D]").tolist(),
            "minutes": minutes,
            "plays": np.bincount(index, weights=days["plays"].to_numpy(), minlength=len(months)),
        }
    )
    frame["plays"] = frame["plays"].astype(np.int64)
    frame["hours"] = frame["minutes"] / 60
    return frame


def streaks_from_days(days: list[date], today: date) -> dict:
    """Longest run of consecutive listening days, and the run still alive on ``today``.

    The current streak counts when its last day is today or yesterday (today may not be over).
    Returns {"longest": (length, first, last), "current": (length, first, last)}.
    """
    runs: list[tuple[int, date, date]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][2] + timedelta(days=1):
            length, first, _ = runs[-1]
            runs[-1] = (length + 1, first, day)
        else:
            runs.append((1, day, day))
    longest = max(runs, key=lambda r: (r[0], r[2]), default=(0, None, None))
    current = (0, None, None)
    if runs and runs[-1][2] >= today - timedelta(days=1):
        current = runs[-1]
    return {"longest": longest, "current": current}


def streak_end(f: Filters, today: date | None = None) -> date:
    """The day a "current" streak must reach: today, or the period's end when earlier."""
    today = today or today_in(f.tz)
    return min(today, f.end) if f.end else today


def streaks(session: Session, user_id: int, f: Filters, today: date) -> dict:
    """Daily listening streaks inside the period (see ``streaks_from_days``)."""
    days = daily(session, user_id, f)["day"].tolist()
    return streaks_from_days(days, streak_end(f, today))
