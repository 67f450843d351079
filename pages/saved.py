"""Saved shows (upcoming and past), hidden shows to restore, and the calendar feed."""

from __future__ import annotations

import dash

from components.saved import saved_layout

dash.register_page(
    __name__,
    path="/saved",
    name="Saved",
    title="Saved shows · Re-Wrapped",
    order=7,
    nav=True,
    roles=("listener",),
)


def layout(**_query):
    return saved_layout()
