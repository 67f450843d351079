"""The year in review as a destination in the nav: the most recent year with plays."""

from __future__ import annotations

import dash

from components import page_context
from components.recap import year_layout

dash.register_page(
    __name__,
    path="/wrapped/year",
    name="Year in review",
    title="Year in review · Re-Wrapped",
    order=12,
    nav=True,
    roles=("listener",),
)


def layout(**_query):
    return year_layout(page_context.recap_year())
