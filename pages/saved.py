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


def _page(value: str | None) -> int:
    return int(value) if str(value or "").isdigit() and int(value) > 0 else 1


def layout(upcoming: str | None = None, past: str | None = None, hidden: str | None = None, **_q):
    return saved_layout({"upcoming": _page(upcoming), "past": _page(past), "hidden": _page(hidden)})
