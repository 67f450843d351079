"""Spotify's own top artists and tracks over time (from live sync's daily snapshots)."""

from __future__ import annotations

import dash

from components.tops import ITEM_TYPES, TIME_RANGES, tops_layout

dash.register_page(
    __name__,
    path="/wrapped/tops",
    name="Spotify tops",
    title="Spotify tops over time · Re-Wrapped",
    order=14,
    roles=("listener",),
)


def layout(items: str | None = None, span: str | None = None, **_query):
    return tops_layout(
        items if items in ITEM_TYPES else "artists",
        span if span in TIME_RANGES else "short_term",
    )
