"""A Wrapped-style recap of one calendar year, downloadable as an image."""

from __future__ import annotations

from datetime import date

import dash

from components.recap import year_layout

dash.register_page(
    __name__,
    path_template="/wrapped/year/<year>",
    name="Year in review",
    title="Year in review · Re-Wrapped",
    order=12,
    roles=("listener",),
)

FIRST_YEAR = 2008


def layout(year: str | None = None, **_query):
    this_year = date.today().year
    chosen = int(year) if str(year or "").isdigit() else this_year
    chosen = min(max(chosen, FIRST_YEAR), this_year + 1)
    return year_layout(chosen)
