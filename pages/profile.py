"""The listener's profile: name, home city, time zone, password, deleting the account."""

from __future__ import annotations

import dash

from components import page_context
from components.profile import profile_layout

dash.register_page(
    __name__, path="/profile", name="Profile", title="Profile · Re-Wrapped", order=95, menu=True
)


def layout(welcome: str | None = None, **_query):
    account = page_context.viewer()
    return profile_layout(
        display_name=account.display_name if account else "",
        timezone=account.timezone if account else "UTC",
        welcome=bool(welcome),
    )
