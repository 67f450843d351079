"""What Re-Wrapped does and exactly what data it keeps."""

from __future__ import annotations

import dash

from components.about import about_layout

dash.register_page(
    __name__,
    path="/about",
    name="About",
    title="About · Re-Wrapped",
    order=90,
    nav=True,
    public=True,
)


def layout(**_query):
    return about_layout()
