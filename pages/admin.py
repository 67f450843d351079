"""Admin page: feed and sync health, uploads of event files, the job queue, heartbeats."""

from __future__ import annotations

import dash
from flask_wtf.csrf import generate_csrf

from components import page_context
from components.admin import admin_layout

dash.register_page(
    __name__,
    path="/admin",
    name="Admin",
    title="Admin · Re-Wrapped",
    order=100,
    nav=True,
    roles=("admin",),
)


def _page(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def layout(
    source: str | None = None,
    status: str | None = None,
    page: str | None = None,
    jobs_status: str | None = None,
    jobs: str | None = None,
    job: str | None = None,
    sync: str | None = None,
    beats: str | None = None,
    mail: str | None = None,
    **_query,
):
    settings = page_context.settings()
    return admin_layout(
        csrf_token=generate_csrf(),
        source=source or None,
        status=status or None,
        page=_page(page),
        jobs_status=jobs_status or None,
        jobs_page=_page(jobs),
        job_id=job or None,
        pages={"sync": _page(sync), "beats": _page(beats), "mail": _page(mail)},
        max_upload_mb=min(settings.max_upload_mb, settings.feed_max_response_mb),
    )
