"""Defaults that depend on the listener's own data (read once per page build)."""

from __future__ import annotations

from callbacks.context import optional_account
from data.db import session_scope
from data.queries.listening.filters import default_period, today_in, valid_tz
from data.queries.summary import last_play_day


def wrapped_query(query: dict) -> dict:
    """The Wrapped URL query, with the most recent period that has data when none was chosen."""
    account = optional_account()
    if account is None or query.get("period"):
        return query
    tz = valid_tz(query.get("tz") or account.timezone)
    with session_scope() as session:
        last = last_play_day(session, account.id, tz)
    return {**default_period(last, today_in(tz)), **query}


def recap_year() -> int:
    """The year the year-in-review opens on: the listener's last year with plays (this year
    when they have none, so the page can say how to import)."""
    account = optional_account()
    tz = valid_tz(account.timezone if account else "UTC")
    today = today_in(tz)
    if account is None:
        return today.year
    with session_scope() as session:
        last = last_play_day(session, account.id, tz)
    return last.year if last else today.year
