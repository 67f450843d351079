"""Admin uploads of event files (queue "feeds"): an admin CSV or an .ics file as one feed run.

The upload route streams the file to a private folder under the instance directory; this job
parses it with the feed adapters, stores it through ``data.services.feed_runs.ingest_run`` and
deletes the folder. A file that cannot be parsed is recorded as a failed run with the reason,
and no event is touched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from data.db import get_database, session_scope
from data.feeds import FeedError, build_adapter
from data.services.feed_runs import finish_run, ingest_run, start_run
from data.services.ingest import RunCounts
from workers import context
from workers.runner import report_progress

UPLOAD_SOURCES = {".csv": "csv", ".ics": "ical"}


def source_for(filename: str) -> str | None:
    """The feed source that reads an uploaded file, by its extension (None: not accepted)."""
    return UPLOAD_SOURCES.get(Path(filename).suffix.lower())


def ingest_upload(path: str, filename: str, cleanup_dir: str | None = None) -> dict:
    """Ingest one uploaded file; returns the run report (``status`` "failed" when rejected)."""
    settings = context.settings()
    source = source_for(filename)
    params = {"file": filename, "upload": True}
    try:
        report_progress(0.1, f"Reading {filename}")
        if source is None:
            raise FeedError("only .csv (the admin event CSV) and .ics files can be uploaded")
        raw = Path(path).read_bytes()
        adapter = build_adapter(settings, source)
        try:
            page = adapter.parse_file(raw)
        finally:
            if adapter.client is not None:
                adapter.client.close()
        report_progress(0.4, f"Storing {len(page.events):,} events")
        return ingest_run(
            get_database(),
            source,
            params,
            [page],
            default_timezone=settings.default_timezone,
            time_budget=settings.feed_run_seconds,
        )
    except (FeedError, OSError) as exc:
        return _rejected(source or "csv", params, filename, str(exc))
    finally:
        if cleanup_dir:
            shutil.rmtree(cleanup_dir, ignore_errors=True)


def _rejected(source: str, params: dict, filename: str, reason: str) -> dict:
    """A file that could not be read: a failed run with the reason, no event written."""
    counts = RunCounts(fetched=0, pages=1)
    counts.fail(filename, reason)
    with session_scope() as session:
        run_id = start_run(session, source, params)
        return finish_run(session, run_id, counts, status="failed", error=reason)
