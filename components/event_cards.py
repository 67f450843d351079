"""Explorer event cards: when (in the venue's zone), lineup, place, price, status, reasons,
and save / hide / add-to-calendar actions."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import ids

STATUS = {
    "scheduled": ("On sale", "success"),
    "offsale": ("Sold out", "secondary"),
    "cancelled": ("Cancelled", "danger"),
    "rescheduled": ("Moved", "info"),
    "postponed": ("Postponed", "warning"),
}
TOP_REASONS = 3


def when_text(local_date: date, local_time: time | None, timezone: str | None) -> str:
    """Local date and time in the venue's zone, e.g. "Fri 11 Dec 2026, 20:00 CET"."""
    day = local_date.strftime("%a %-d %b %Y")
    if local_time is None or pd.isna(local_time):
        return f"{day}, time to be announced"
    try:
        zone = ZoneInfo(timezone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    label = datetime.combine(local_date, local_time, zone).strftime("%Z")
    return f"{day}, {local_time.strftime('%H:%M')} {label}"


def price_text(low: float | None, high: float | None, currency: str | None) -> str | None:
    """The price range in words ("Free", "25 EUR", "12-17 GBP"); None when unknown."""
    if low is None or pd.isna(low):
        return None
    if low == 0 and (high is None or pd.isna(high) or high == 0):
        return "Free"
    unit = f" {currency}" if currency else ""
    if high is None or pd.isna(high) or high == low:
        return f"{low:,.0f}{unit}"
    return f"{low:,.0f}-{high:,.0f}{unit}"


def status_badge(status: str | None) -> dbc.Badge:
    """The event's status (on sale, sold out, cancelled, moved…) as a coloured badge."""
    label, color = STATUS.get(status or "scheduled", STATUS["scheduled"])
    return dbc.Badge(label, color=color, className="me-1 event-status")


def save_button(event_id: int, saved: bool, logged_in: bool):
    """The save toggle; guests get a link to log in instead."""
    if not logged_in:
        return dcc.Link("Log in to save", href=f"/login?next=/event/{event_id}", className="small")
    return dbc.Button(
        "Saved ✓" if saved else "Save",
        id=ids.event_save(event_id),
        color="primary",
        outline=not saved,
        size="sm",
        className="me-1",
        title="Remove from saved" if saved else "Save this show",
    )


def calendar_link(event_id: int, page: str) -> html.A:
    """Download the show as an .ics file (the download is logged with ``page``)."""
    return html.A(
        "Add to calendar",
        href=f"/event/{event_id}/calendar.ics?from={page}",
        className="btn btn-sm btn-outline-secondary",
        download=f"event-{event_id}.ics",
    )


def actions(row: dict, saved: bool, logged_in: bool, hide: bool = True) -> html.Div:
    """Save, hide (only where the card can disappear) and add-to-calendar."""
    items = [save_button(row["id"], saved, logged_in)]
    if logged_in and hide:
        items.append(
            dbc.Button(
                "Hide",
                id=ids.event_hide(row["id"]),
                color="secondary",
                outline=True,
                size="sm",
                className="me-1",
                title="Hide this show and rank ones like it lower",
            )
        )
    items.append(calendar_link(row["id"], "card"))
    return html.Div(items, className="mt-2 d-flex flex-wrap gap-1 align-items-center")


def explorer_card(row: dict, saved: bool, logged_in: bool) -> html.Div:
    """One event in the explorer list (``row`` from ``data.queries.explorer``)."""
    lineup = row.get("lineup") or []
    place = " · ".join(x for x in (row.get("venue"), row.get("city")) if x)
    price = price_text(row.get("price_min"), row.get("price_max"), row.get("currency"))
    body = [
        html.Div(
            [status_badge(row.get("status")), *_sponsored_badge(row), *_genre_badges(row)],
            className="mb-1",
        ),
        html.H3(
            dcc.Link(row["title"], href=f"/event/{row['id']}", className="stretched-link-none"),
            className="h6 mb-1",
        ),
        html.Div(
            when_text(row["local_date"], row.get("local_time"), row.get("timezone")),
            className="small fw-semibold",
        ),
        html.Div(place, className="small text-body-secondary"),
    ]
    if lineup and (len(lineup) > 1 or lineup[0] != row["title"]):
        body.append(html.Div("Lineup: " + ", ".join(lineup[:6]), className="small"))
    if price:
        body.append(html.Div(price, className="small"))
    reasons = (row.get("reasons") or [])[:TOP_REASONS]
    if reasons:
        body.append(html.Ul([html.Li(r) for r in reasons], className="small mb-0 reasons"))
    body.append(actions(row, saved, logged_in))
    return html.Div(
        dbc.Card(dbc.CardBody(body), className="event-card h-100"),
        id=ids.event_card(row["id"]),
        className="mb-2",
        **{"data-lat": row.get("lat"), "data-lng": row.get("lng")},
    )


def _sponsored_badge(row: dict) -> list:
    # Paid placement is always labelled (the list caps how many appear: data.ranking.sponsored).
    if not row.get("sponsored"):
        return []
    return [dbc.Badge("Sponsored", color="info", className="me-1 sponsored-badge")]


def _genre_badges(row: dict) -> list:
    return [
        dbc.Badge(g, color="light", text_color="dark", className="me-1 genre-badge")
        for g in (row.get("genres") or [])[:3]
    ]
