"""Lists of shows as tables for CSV: the explorer's (every show the filters match, in the page's
order) and a listener's saved shows."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from data.queries.event_filters import EventFilters
from data.queries.explorer import explore
from data.queries.saved import saved_events

EXPORT_CAP = 5_000  # rows; a spreadsheet of every show on Earth helps no one and costs a lot
COLUMNS = [
    "date",
    "time",
    "title",
    "artists",
    "genres",
    "venue",
    "city",
    "status",
    "price_min",
    "price_max",
    "currency",
    "match",
    "reasons",
    "event_id",
]


def explorer_table(
    session: Session, filters: EventFilters, user_id: int | None, cap: int = EXPORT_CAP
) -> tuple[pd.DataFrame, int]:
    """(the first ``cap`` matching shows as rows, how many matched in all).

    The same ranking as the page (reasons and match only for a logged-in listener), from its
    first row whatever page the list is on.
    """
    page = explore(session, filters.with_(size=cap), user_id)
    return events_frame(page.rows, user_id is not None), page.total


def saved_table(session: Session, user_id: int, today: date) -> pd.DataFrame:
    """The user's saved shows: upcoming soonest first, then past latest first (``list``)."""
    upcoming, past = saved_events(session, user_id, today)
    frame = events_frame(upcoming + past, personal=False).drop(columns=["match", "reasons"])
    frame.insert(0, "list", ["upcoming"] * len(upcoming) + ["past"] * len(past))
    return frame


def events_frame(rows: list[dict], personal: bool) -> pd.DataFrame:
    """Card rows (``data.queries.event_details.page_rows``) as one line per show."""
    return pd.DataFrame(
        [
            {
                "date": r["local_date"],
                "time": r.get("local_time"),
                "title": r["title"],
                "artists": "; ".join(r.get("lineup") or []),
                "genres": "; ".join(r.get("genres") or []),
                "venue": r.get("venue"),
                "city": r.get("city"),
                "status": r.get("status"),
                "price_min": r.get("price_min"),
                "price_max": r.get("price_max"),
                "currency": r.get("currency"),
                "match": r.get("match") if personal else None,
                "reasons": "; ".join(r.get("reasons") or []),
                "event_id": r["id"],
            }
            for r in rows
        ],
        columns=COLUMNS,
    )
