"""A "Download … (CSV)" button with its download target: one shape for every table export."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html


def csv_button(label: str, button_id: str, download_id: str) -> html.Div:
    """The button (a callback answers its clicks with the file) and the ``dcc.Download``."""
    return html.Div(
        [
            dbc.Button(label, id=button_id, size="sm", color="secondary", outline=True),
            dcc.Download(id=download_id),
        ],
        className="mb-3",
    )
