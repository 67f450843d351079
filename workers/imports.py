"""The listening-history import job: one transaction, per-file progress, upload cleanup."""

from __future__ import annotations

import shutil
from pathlib import Path

from data.db import session_scope
from data.importers.formats import ImportFileError
from data.importers.sources import Limits
from data.services.imports import import_history
from workers.runner import current_job_id, report_progress


def import_history_job(
    account_id: int, paths: list[str], max_bytes: int, cleanup_dir: str | None = None
) -> dict:
    """Import the uploaded files for ``account_id``; the result is the report or the error.

    A rejected file is an outcome, not a crash: the result says why and nothing is written.
    ``cleanup_dir`` (the upload folder) is deleted afterwards either way: exports are private.
    """
    report_progress(0.02, f"Importing {len(paths)} file(s)")
    try:
        with session_scope() as session:
            report = import_history(
                session,
                account_id,
                [Path(p) for p in paths],
                Limits.for_upload_limit(max_bytes),
                job_id=current_job_id(),
                # Progress goes to the cache, not the database, so it can be reported from
                # inside the import's transaction on every backend (SQLite included).
                progress=_progress,
            )
    except ImportFileError as exc:
        report_progress(1.0, "Import rejected")
        return {"ok": False, "error": str(exc)}
    finally:
        if cleanup_dir:
            shutil.rmtree(cleanup_dir, ignore_errors=True)
    report_progress(1.0, f"{report['plays_added']:,} plays added")
    return {"ok": True, **report}


def _progress(fraction: float, message: str) -> None:
    report_progress(0.02 + 0.96 * fraction, message)
