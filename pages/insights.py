"""Market insights for analysts: events, prices, cancellations, artists, venues, genres."""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd

from components.insights import insights_layout, month_options

dash.register_page(
    __name__,
    path="/insights",
    name="Insights",
    title="Insights · Re-Wrapped",
    order=40,
    nav=True,
    roles=("analyst",),
)


def _id(value: str | None) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _month(value: str | None, default: pd.Period, first: pd.Period, last: pd.Period) -> str:
    try:
        month = pd.Period(str(value), freq="M") if value else default
    except ValueError:
        month = default
    return str(min(max(month, first), last))


def layout(city=None, genre=None, start=None, end=None, vpage=None, **_query):
    now = pd.Period(date.today(), freq="M")
    first, last = now - 36, now + 12
    chosen_start = _month(start, now - 6, first, last)
    chosen_end = max(_month(end, now + 6, first, last), chosen_start)
    query = {
        "city": _id(city),
        "genre": _id(genre),
        "start": chosen_start,
        "end": chosen_end,
        "vpage": _id(vpage) or 1,
    }
    return insights_layout(query, month_options(str(first), str(last)))
