"""Search your own listening history: any artist, track or album you played, with counts."""

from __future__ import annotations

import dash

from components.search import search_layout

dash.register_page(
    __name__,
    path="/search",
    name="Search",
    title="Search your history · Re-Wrapped",
    order=13,
    nav=True,
    roles=("listener",),
)


def layout(q: str | None = None, **_query):
    return search_layout((q or "")[:100])
