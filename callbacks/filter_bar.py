"""The phone filter bar's toggle, in the browser (one per page that has a filter bar)."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback


def phone_toggle(toggle_id: str, collapse_id: str) -> None:
    """Opening and closing the page's filters from its one-line summary."""
    clientside_callback(
        ClientsideFunction("rewrapped", "navToggle"),
        Output(collapse_id, "is_open"),
        Input(toggle_id, "n_clicks"),
        State(collapse_id, "is_open"),
    )
