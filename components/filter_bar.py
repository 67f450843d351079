"""A filter bar that is one line on a phone: a summary of the filters that opens them.

From 576 px up the controls always show (``d-sm-block`` overrides the closed collapse); below
that the bar is the summary button, and the controls open under it.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def phone_collapsible(
    controls, toggle_id: str, collapse_id: str, summary_id: str, summary: str = ""
) -> list:
    """The toggle (phones only) and the collapse holding ``controls``.

    Args:
        controls: the page's filter controls.
        toggle_id: the summary button's id (components/ids.py).
        collapse_id: the id of the collapse holding the controls.
        summary_id: the id of the summary text inside the button.
        summary: the first summary text; a clientside callback keeps it current.
    """
    toggle = html.Button(
        [html.Span(summary, id=summary_id, className="text-truncate"), " ▾"],
        id=toggle_id,
        n_clicks=0,
        className="btn btn-outline-secondary btn-sm w-100 d-flex justify-content-between "
        "d-sm-none filters-toggle",
        **{"aria-controls": collapse_id, "aria-label": "Show the filters"},
    )
    return [toggle, dbc.Collapse(controls, id=collapse_id, is_open=False, className="d-sm-block")]
