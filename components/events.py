"""Event cards and lists shared by the landing page, the explorer and artist pages."""

from __future__ import annotations

from datetime import date, time

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

STATUS_BADGES = {
    "postponed": ("Postponed", "warning"),
    "rescheduled": ("Rescheduled", "info"),
    "cancelled": ("Cancelled", "danger"),
}


def when_label(local_date: date, local_time: time | None, today: date | None = None) -> str:
    """ "Tonight 20:00", "Fri 14 Nov", "Sat 15 Nov · time TBA"."""
    day = local_date.strftime("%a %-d %b")
    if today is not None and local_date == today:
        day = "Tonight"
    if local_time is None or pd.isna(local_time):
        return f"{day} · time TBA"
    return f"{day} {local_time.strftime('%H:%M')}"


def price_label(price_min: float | None, currency: str | None) -> str | None:
    if price_min is None or pd.isna(price_min):
        return None
    if price_min == 0:
        return "Free"
    return f"from {price_min:,.0f} {currency or ''}".strip()


def make_event_card(row: dict, today: date | None = None, *, reasons: list[str] | None = None):
    """A compact card for one event row (keys as returned by the event queries)."""
    lineup = row.get("lineup") or []
    status = STATUS_BADGES.get(row.get("status") or "")
    badges = [dbc.Badge(status[0], color=status[1], className="me-1")] if status else []
    if row.get("sponsored"):
        badges.append(dbc.Badge("Sponsored", color="info", className="me-1"))
    if row.get("is_demo"):
        badges.append(dbc.Badge("demo", color="secondary", className="me-1", title="Demo data"))
    details = [
        html.Div(
            when_label(row["local_date"], row.get("local_time"), today),
            className="small fw-semibold",
        ),
        html.Div(
            " · ".join(x for x in (row.get("venue"), row.get("city")) if x),
            className="small text-body-secondary",
        ),
    ]
    if len(lineup) > 1:
        details.append(html.Div("with " + ", ".join(lineup[1:4]), className="small"))
    price = price_label(row.get("price_min"), row.get("currency"))
    if price:
        details.append(html.Div(price, className="small"))
    if reasons:
        details.append(html.Ul([html.Li(r) for r in reasons], className="small mb-0 reasons"))
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(badges),
                html.H3(dcc.Link(row["title"], href=f"/event/{row['id']}"), className="h6 mb-1"),
                *details,
            ]
        ),
        className="event-card h-100",
    )


def event_grid(frame: pd.DataFrame, today: date | None, empty: str) -> html.Div:
    if frame.empty:
        return html.P(empty, className="text-body-secondary empty-state")
    return dbc.Row(
        [
            dbc.Col(make_event_card(r, today), xs=12, sm=6, lg=3, className="mb-3")
            for r in frame.to_dict("records")
        ]
    )
