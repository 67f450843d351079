"""Import page: upload the Spotify export, follow the import, read the report."""

from __future__ import annotations

import dash
from flask_wtf.csrf import generate_csrf

from components.import_history import import_layout

dash.register_page(
    __name__,
    path="/import",
    name="Import history",
    title="Import listening history · Re-Wrapped",
    order=90,
    menu=True,
    roles=("listener",),
)


def layout(job: str | None = None, **_query):
    return import_layout(csrf_token=generate_csrf(), job_id=job or None)
