"""Event explorer: every show near you, ranked by your listening, with the reasons in words."""

from __future__ import annotations

import dash

from components import page_context
from components.explorer import explorer_layout
from data.queries.event_filters import from_query

dash.register_page(
    __name__,
    path="/events",
    name="Events",
    title="Events · Re-Wrapped",
    order=5,
    nav=True,
    public=True,
)


def layout(**query):
    config = page_context.settings()
    logged_in = page_context.viewer() is not None
    return explorer_layout(from_query(query), config.tile_url, config.tile_attribution, logged_in)
