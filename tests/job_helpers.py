"""Waiting for a queued job in tests: its polled status once it finished or failed."""

from __future__ import annotations

import time

from data.db import session_scope
from data.queries.jobs import job_status


def wait_for_job(job_id: str, func_path: str, timeout: float = 30) -> dict:
    """``job_status`` of the job once it is over; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as session:
            status = job_status(session, job_id, func_path)
        if status and status["status"] in ("finished", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")
