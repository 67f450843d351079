"""Genre geography: which genres play where, and how that moves month by month (public)."""

from __future__ import annotations

from datetime import UTC, datetime

import dash

from components import page_context
from components.genre_map import map_layout
from components.map_state import months_between, parse_state

dash.register_page(
    __name__,
    path="/map",
    name="Map",
    title="Genre geography · Re-Wrapped",
    order=30,
    nav=True,
    public=True,
)


def layout(**query):
    account = page_context.viewer()
    roles = set(account.roles) if account else set()
    state = parse_state(query, datetime.now(UTC).date())
    config = page_context.settings()
    return map_layout(
        state,
        months_between(state.start, state.end),
        roles,
        config.tile_url,
        config.tile_attribution,
        account is not None,
    )
