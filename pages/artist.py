"""One artist in the listener's history: numbers, rank over time, tracks, hours, shows, genres."""

from __future__ import annotations

import dash

from components.artist import artist_layout

dash.register_page(
    __name__,
    path_template="/artist/<artist_id>",
    name="Artist",
    title="Artist · Re-Wrapped",
    order=11,
    roles=("listener",),
)


def layout(artist_id: str | None = None, measure: str | None = None, **_query):
    ident = int(artist_id) if str(artist_id or "").isdigit() else 0
    return artist_layout(ident, "plays" if measure == "plays" else "minutes")
