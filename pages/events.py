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
    filters = from_query(query)
    view = page_context.explorer_view(query)  # with the page: no callback round trip to paint
    tiles = (config.tile_url, config.tile_attribution)
    return explorer_layout(filters, tiles, view, page_context.viewer() is not None)
