"""A "Download … (CSV)" button with its download target: one shape for every table export.

Two forms: a button whose click a callback answers with the file (``csv_button``, for tables
small enough to travel in one callback response), and a plain link to a route that streams
the file (``csv_link``, for tables that grow with the listener's history).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

# dbc.Button(size="sm", color="secondary", outline=True) draws these classes.
BUTTON_CLASSES = "btn btn-outline-secondary btn-sm"


def csv_button(label: str, button_id: str, download_id: str) -> html.Div:
    """The button (a callback answers its clicks with the file) and the ``dcc.Download``."""
    return html.Div(
        [
            dbc.Button(label, id=button_id, size="sm", color="secondary", outline=True),
            dcc.Download(id=download_id),
        ],
        className="mb-3",
    )


def csv_link(label: str, link_id: str, href: str | None) -> html.Div:
    """A link that looks like ``csv_button`` and downloads ``href`` (a callback keeps it in
    step with the filters); the browser saves the file as it arrives."""
    return html.Div(
        html.A(label, id=link_id, href=href, download="", className=BUTTON_CLASSES),
        className="mb-3",
    )
