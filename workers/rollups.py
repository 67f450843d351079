"""Periodic job: recompute the daily interaction rollups for the recent window."""

from __future__ import annotations

from datetime import date, timedelta

from data.db import session_scope
from data.services.heartbeats import beat
from data.services.interactions import flush_interactions
from data.services.promoter_rollups import first_unrolled_promoter_day, recompute_promoters
from data.services.rollups import first_unrolled_day, recompute_daily
from workers.runner import report_progress


def recompute_interaction_rollups(days: int = 35, until: str | None = None) -> dict:
    """Rebuild the daily rollups for the last ``days`` days (idempotent); the first run after
    ``event_viewer_days`` appeared goes back to the first interaction, and the first after the
    promoter-wide rollups appeared sums them from the older per-event ones."""
    end = date.fromisoformat(until) if until else date.today()
    start = end - timedelta(days=days - 1)
    flush_interactions()  # this process's buffered interactions count in today's rollup
    with session_scope() as session:
        start = min(start, first_unrolled_day(session) or start)
        older = first_unrolled_promoter_day(session)
        if older is not None and older < start:
            recompute_promoters(session, older, start - timedelta(days=1))
        report_progress(0.1, f"Rolling up {start} to {end}")
        written = recompute_daily(session, start, end)
        beat(session, "job:rollups", f"{written} rows for {start}..{end}")
    report_progress(1.0, f"{written} daily rows")
    return {"rows": written, "since": start.isoformat(), "until": end.isoformat()}
