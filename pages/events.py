"""Event explorer: every show near you, ranked by your listening, with the reasons in words."""

from __future__ import annotations

import dash

from callbacks.context import optional_account, settings
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
    config = settings()
    logged_in = optional_account() is not None
    return explorer_layout(from_query(query), config.tile_url, config.tile_attribution, logged_in)
