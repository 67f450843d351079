"""Shown for any unknown route."""

from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(
    __name__, path="/404", name="Not found", title="Not found · Re-Wrapped", public=True
)


def layout(**_query):
    return html.Div(
        [
            html.H1("Page not found", className="h3"),
            html.P("There is no page at this address. It may have moved, or the link is wrong."),
            dcc.Link("Back to the home page", href="/", className="btn btn-primary"),
        ],
        className="py-5 text-center not-found",
        id="not-found",
    )
