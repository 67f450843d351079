"""The listening-history import job: one transaction, per-file progress, upload cleanup."""

from __future__ import annotations

import shutil
from pathlib import Path

from data.db import session_scope
from data.importers.formats import ImportFileError
from data.importers.sources import Limits
from data.job_vocabulary import Job, JobStatus
from data.queries.jobs import job_status
from data.queries.listening.frame import prepare_listening
from data.services.imports import import_history
from data.spotify import configured
from workers import context
from workers.queue import enqueue
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
    # The plays are committed; building the dashboards' tables now, under this progress bar,
    # makes the first dashboard view as fast as the next (10 s at a million plays otherwise).
    report_progress(IMPORT_SHARE, f"{report['plays_added']:,} plays added; preparing dashboards")
    with session_scope() as session:
        prepare_listening(session, account_id)
    report_progress(1.0, f"{report['plays_added']:,} plays added")
    _find_genres(account_id)
    return {"ok": True, **report}


def _find_genres(account_id: int) -> None:
    """Genres for the new artists, in the background (its progress shows on the Import page):
    from MusicBrainz, and from Spotify when the server has client credentials."""
    settings = context.settings()
    if settings.musicbrainz_enabled:
        enqueue(
            Job.MUSICBRAINZ_GENRES,
            user_id=account_id,
            message="Genres from MusicBrainz",
            listener_id=account_id,
        )
    if configured(settings):
        enqueue(
            Job.SPOTIFY_GENRES,
            user_id=account_id,
            message="Genres from Spotify",
            listener_id=account_id,
        )


IMPORT_SHARE = 0.9  # of the progress bar; the rest is preparing the dashboards


def upload_kept(args: dict) -> bool:
    """Whether every file an import job was given is still on disk (for "Try again")."""
    paths = args.get("paths") or []
    return bool(paths) and all(Path(p).is_file() for p in paths)


def retry_import(user_id: int, job_id: str) -> str | None:
    """Queue ``user_id``'s interrupted import ``job_id`` again with the same upload.

    None when it is not their interrupted import or its files are gone.
    """
    with session_scope() as session:
        status = job_status(session, job_id, Job.IMPORT_HISTORY, user_id)
    if status is None or status["status"] != JobStatus.INTERRUPTED:
        return None
    if not upload_kept(status["args"]):
        return None
    return enqueue(
        Job.IMPORT_HISTORY,
        queue="default",
        user_id=user_id,
        message="Import queued again",
        **status["args"],
    )


def _progress(fraction: float, message: str) -> None:
    report_progress(0.02 + (IMPORT_SHARE - 0.02) * fraction, message)
