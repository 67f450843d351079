"""One event: details, lineup, map, sources, ticket link and similar shows."""

from __future__ import annotations

import dash

from components.event_page import event_page_layout

dash.register_page(
    __name__,
    path_template="/event/<event_id>",
    name="Event",
    title="Event · Re-Wrapped",
    order=6,
    public=True,
)


def layout(event_id: str | None = None, **_query):
    return event_page_layout(int(event_id) if str(event_id or "").isdigit() else 0)
