"""Promoter tools: manage your events, upload a CSV of events, talent finder, venue availability."""

from __future__ import annotations

from datetime import date, timedelta

import dash

from components import page_context
from components.promoter import TABS, events_tab, promoter_layout
from components.promoter_tools import talent_tab, venues_tab
from components.promoter_upload import upload_tab

dash.register_page(
    __name__,
    path="/promoter",
    name="Promoter",
    title="Promoter tools · Re-Wrapped",
    order=60,
    nav=True,
    roles=("promoter", "admin"),
)


def _day(value: str | None, floor: date, default: date) -> date:
    """The URL's day, never before ``floor``; ``default`` when missing or malformed."""
    try:
        return max(date.fromisoformat(value), floor) if value else default
    except ValueError:
        return default


def _page(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1


def layout(tab: str | None = None, venue: str | None = None, **query):
    account = page_context.viewer()
    admin = bool(account and account.has_role("admin"))
    today = date.today()
    start = _day(query.get("from"), today, today)
    end = _day(query.get("to"), start, start + timedelta(days=59))
    tabs = {
        "events": events_tab(_page(query.get("epage"))),
        "upload": upload_tab(),
        "talent": talent_tab(_page(query.get("tpage"))),
        "venues": venues_tab(start.isoformat(), end.isoformat(), today.isoformat(), venue),
    }
    return promoter_layout(tab if tab in TABS else "events", tabs, admin)
