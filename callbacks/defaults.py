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
