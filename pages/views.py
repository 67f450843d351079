"""The user's saved views: open, copy link, rename, share or make private, delete."""

from __future__ import annotations

import dash

from components.views import views_layout

dash.register_page(
    __name__, path="/views", name="Views", title="Saved views · Re-Wrapped", order=90, menu=True
)


def layout(page: str | None = None, **_query):
    chosen = int(page) if str(page or "").isdigit() and int(page) > 0 else 1
    return views_layout(chosen)
