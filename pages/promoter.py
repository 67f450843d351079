"""Promoter tools: manage your events, upload a CSV of events, talent finder, venue availability."""

from __future__ import annotations

import dash

from callbacks.context import optional_account
from components.promoter import TABS, events_tab, promoter_layout

dash.register_page(
    __name__,
    path="/promoter",
    name="Promoter",
    title="Promoter tools · Re-Wrapped",
    order=60,
    nav=True,
    roles=("promoter", "admin"),
)


def layout(tab: str | None = None, **_query):
    account = optional_account()
    admin = bool(account and account.has_role("admin"))
    tabs = {"events": events_tab()}
    return promoter_layout(tab if tab in TABS else "events", tabs, admin)
