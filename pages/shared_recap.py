"""A year-in-review recap its owner published, opened from a shared view link (public)."""

from __future__ import annotations

import dash

from components.shared_recap import shared_recap_layout

dash.register_page(
    __name__,
    path_template="/shared/recap/<token>",
    name="Shared recap",
    title="A shared year in review · Re-Wrapped",
    order=90,
    public=True,
)


def layout(token: str | None = None, **_query):
    return shared_recap_layout(str(token or "")[:64])
