"""Promoter analytics: KPIs, time series, funnel, targeting, geography, sources, comparison."""

from __future__ import annotations

from datetime import date, timedelta

import dash

from components.promoter_analytics import SERIES_KINDS, analytics_layout

dash.register_page(
    __name__,
    path="/promoter/analytics",
    name="Analytics",
    title="Event analytics · Re-Wrapped",
    order=61,
    nav=True,
    roles=("promoter", "admin"),
)
DEFAULT_DAYS = 28


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def layout(start=None, end=None, events=None, kind=None, **_query):
    today = date.today()
    last = min(_day(end) or today, today)
    first = _day(start) or last - timedelta(days=DEFAULT_DAYS - 1)
    first = min(first, last)
    chosen = [int(e) for e in str(events or "").split(",") if e.strip().isdigit()]
    kind = kind if kind in SERIES_KINDS else "view"
    return analytics_layout(first.isoformat(), last.isoformat(), chosen, kind, today.isoformat())
