"""Wrapped page: build a tab's content the first time the tab is shown.

The page is served with only the active tab built; its other panes are empty, so their
callbacks (whose outputs are not yet on the page) neither run nor load the charting library.
"""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from components import ids
from components.wrapped import PANE_FILLED, TABS, pane_body

_KEYS = [key for key, _label in TABS]


@callback(
    *[Output(ids.wrapped_pane(key), "children") for key in _KEYS],
    *[Output(ids.wrapped_pane(key), "className") for key in _KEYS],
    Input(ids.WRAPPED_TABS, "active_tab"),
    *[State(ids.wrapped_pane(key), "className") for key in _KEYS],
    prevent_initial_call=True,
)
def fill_tab(tab, *classes):
    """The shown tab's content if its pane is still empty; nothing changes otherwise."""
    todo = [key == tab and cls != PANE_FILLED for key, cls in zip(_KEYS, classes, strict=True)]
    children = [pane_body(key) if do else no_update for key, do in zip(_KEYS, todo, strict=True)]
    return (*children, *[PANE_FILLED if do else no_update for do in todo])
