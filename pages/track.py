"""One track in the listener's history: plays over time, first and last play, sessions."""

from __future__ import annotations

import dash

from components.item import item_layout

dash.register_page(
    __name__,
    path_template="/track/<track_id>",
    name="Track",
    title="Track · Re-Wrapped",
    order=11,
    roles=("listener",),
)


def layout(track_id: str | None = None, **_query):
    return item_layout("track", int(track_id) if str(track_id or "").isdigit() else 0)
