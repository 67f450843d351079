"""Re-Wrapped: a listener's dashboards over any period, every filter in the URL."""

from __future__ import annotations

import dash

from components import page_context
from components.wrapped import wrapped_layout
from data.queries.listening.filters import today_in, valid_tz

dash.register_page(
    __name__,
    path="/wrapped",
    name="Wrapped",
    title="Wrapped · Re-Wrapped",
    order=10,
    nav=True,
    roles=("listener",),
)


def layout(**query):
    account = page_context.viewer()
    tz = valid_tz(account.timezone if account else "UTC")
    return wrapped_layout(page_context.wrapped_query(query), tz, today_in(tz))
