"""The Import page's reads: past imports and the state of an import job."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.job_vocabulary import Job
from data.models import Import
from data.queries.jobs import job_status


def import_report(record: Import) -> dict:
    """The JSON-able report of one import row."""
    return {
        "import_id": record.id,
        "status": record.status,
        "created_at": record.created_at.isoformat() if record.created_at else None,
        "rows_seen": record.rows_seen,
        "plays_added": record.plays_added,
        "duplicates": record.duplicates,
        "rejected": record.rejected,
        "rejected_reasons": dict(record.rejected_reasons or {}),
        "kinds": dict(record.kinds or {}),
        "formats": dict(record.formats or {}),
        "first_play_at": record.first_play_at.isoformat() if record.first_play_at else None,
        "last_play_at": record.last_play_at.isoformat() if record.last_play_at else None,
        "sources": list(record.source_names or []),
    }


def list_imports(session: Session, user_id: int, limit: int = 20) -> list[dict]:
    """The user's past imports, newest first, as reports."""
    records = session.scalars(
        select(Import)
        .where(Import.user_id == user_id)
        .order_by(Import.created_at.desc(), Import.id.desc())
        .limit(limit)
    )
    return [import_report(r) for r in records]


def import_job(session: Session, user_id: int, job_id: str) -> dict | None:
    """Status, progress and outcome of one of the user's import jobs (None if not theirs).

    While the job runs, progress and message are the live ones (per file) from the cache.
    """
    return job_status(session, job_id, Job.IMPORT_HISTORY, user_id)
