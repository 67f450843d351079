"""Re-Wrapped: a listener's dashboards over any period, every filter in the URL."""

from __future__ import annotations

import dash
from flask_login import current_user

from components.wrapped import wrapped_page

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
    timezone = current_user.account.timezone if current_user.is_authenticated else "UTC"
    return wrapped_page(query, timezone)
