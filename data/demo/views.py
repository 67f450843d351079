"""Demo saved views: the analyst's Insights filters, one shared by link."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from data.services.views import save_view


def make_views(session: Session, today: date, analyst_id: int, city_id: int) -> int:
    """Three of the analyst's views: two private, one anyone with the link can open."""
    now = pd.Period(today, freq="M")
    span = f"start={now - 6}&end={now + 6}"
    views = [
        ("Berlin market, this year", f"city={city_id}&{span}", "link"),
        ("All cities, next six months", f"start={now}&end={now + 6}", "private"),
        ("Busiest venues, last three years", f"start={now - 36}&end={now}", "private"),
    ]
    for name, query, visibility in views:
        error, _token = save_view(session, analyst_id, name, "/insights", query, visibility)
        if error:
            raise ValueError(error)
    return len(views)
