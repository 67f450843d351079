"""One album in the listener's history: plays over time, first and last play, sessions."""

from __future__ import annotations

import dash

from components.item import item_layout

dash.register_page(
    __name__,
    path_template="/album/<album_id>",
    name="Album",
    title="Album · Re-Wrapped",
    order=11,
    roles=("listener",),
)


def layout(album_id: str | None = None, **_query):
    return item_layout("album", int(album_id) if str(album_id or "").isdigit() else 0)
