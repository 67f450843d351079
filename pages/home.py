"""Public landing: what's on tonight, this weekend and this month, and next shows in a city."""

from __future__ import annotations

import dash

from components.home import home_layout

dash.register_page(
    __name__, path="/", name="Home", title="Re-Wrapped", order=0, nav=True, public=True
)


def layout(city: str | None = None, **_query):
    return home_layout(city)
