"""Live progress of running jobs, kept in the shared cache instead of the job-runs row.

A job reports progress many times, sometimes from inside a long write transaction (an import
is one transaction). On SQLite there is one writer, so a progress row could not be written
until the job commits and the page would show nothing until the end. Progress therefore goes
to the shared tier of the frame cache (Redis when ``REDIS_URL`` is set, so the web process sees
what an RQ worker on another host wrote; otherwise the instance's diskcache, which every process
on the host opens), keyed by job id with a day's expiry, and never blocks on the database.

The job-runs row is written when the job starts and ends (the end carries the last reported
value); readers lay the live value over the row of a started job with ``overlay``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from data.frame_cache import get_frame_cache
from data.job_vocabulary import JobStatus

PREFIX = "job-progress:"
TIMEOUT_SECONDS = 24 * 3600
MESSAGE_CHARS = 500

log = logging.getLogger(__name__)


def record(job_id: str, fraction: float, message: str | None = None) -> None:
    """Store a job's progress (clamped to 0..1); without a message the last one is kept."""
    cache = get_frame_cache()
    if cache is None:
        return
    if message is None:
        message = (read(job_id) or {}).get("message")
    value = {
        "progress": max(0.0, min(1.0, float(fraction))),
        "message": message[:MESSAGE_CHARS] if message else None,
    }
    try:
        cache.shared_set(_key(job_id), json.dumps(value).encode(), TIMEOUT_SECONDS)
    except Exception:
        # Progress is advisory: an unreachable cache must not fail the job reporting it.
        log.warning("could not record progress of job %s", job_id, exc_info=True)


def read(job_id: str) -> dict | None:
    """The last progress recorded for a job: ``{"progress", "message"}``, or None."""
    return read_many([job_id]).get(job_id)


def read_many(job_ids: Sequence[str]) -> dict[str, dict]:
    """Live progress of each of ``job_ids`` that has any, by job id (one cache round trip)."""
    cache = get_frame_cache()
    if cache is None or not job_ids:
        return {}
    try:
        values = cache.shared_get_many([_key(j) for j in job_ids])
    except Exception:
        log.warning("could not read job progress", exc_info=True)
        return {}
    return {j: json.loads(v) for j, v in zip(job_ids, values, strict=True) if v is not None}


def forget(job_id: str) -> None:
    """Drop a finished job's entry (its row now holds the final value)."""
    cache = get_frame_cache()
    if cache is not None:
        try:
            cache.shared_delete(_key(job_id))
        except Exception:
            log.warning("could not forget progress of job %s", job_id, exc_info=True)


def overlay(status: dict, live: dict | None) -> dict:
    """``status`` (a job row as a dict) with the live progress and message if it is running.

    Read ``live`` before the row: the row is marked finished before its entry is forgotten, so
    a missing entry then comes with a finished row, never with a stale running one.
    """
    if live is None or status.get("status") != JobStatus.STARTED:
        return status
    return {
        **status,
        "progress": live["progress"],
        "message": live.get("message") or status.get("message"),
    }


def _key(job_id: str) -> str:
    return PREFIX + job_id


# Leases: a running job's sign of life. They live here, beside progress, and not on the
# job-runs row for the same reason: an import is one long write transaction, and on SQLite a
# heartbeat UPDATE from another connection would wait for it to commit.
LEASE_PREFIX = "job-lease:"


def renew_lease(job_id: str, seconds: float) -> None:
    """Keep the job's lease alive for ``seconds`` more; a dead process stops renewing it."""
    cache = get_frame_cache()
    if cache is None:
        return
    try:
        cache.shared_set(LEASE_PREFIX + job_id, b"1", max(1, round(seconds)))
    except Exception:
        log.warning("could not renew the lease of job %s", job_id, exc_info=True)


def leased(job_ids: Sequence[str]) -> set[str]:
    """Which of ``job_ids`` hold a live lease (all of them when the cache cannot be read:
    a sweep must never mark live jobs interrupted because Redis hiccuped)."""
    cache = get_frame_cache()
    if cache is None or not job_ids:
        return set(job_ids)
    try:
        values = cache.shared_get_many([LEASE_PREFIX + j for j in job_ids])
    except Exception:
        log.warning("could not read job leases", exc_info=True)
        return set(job_ids)
    return {j for j, v in zip(job_ids, values, strict=True) if v is not None}


def drop_lease(job_id: str) -> None:
    """Release a finished job's lease."""
    cache = get_frame_cache()
    if cache is not None:
        try:
            cache.shared_delete(LEASE_PREFIX + job_id)
        except Exception:
            log.warning("could not drop the lease of job %s", job_id, exc_info=True)
