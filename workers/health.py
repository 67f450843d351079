"""Worker health for the admin page: RQ workers' heartbeats and queue lengths.

On the embedded default the jobs run on an in-process thread pool: there are no worker
processes to list, and the job-runs table is the whole story.
"""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime

from settings import Settings
from workers.queue import QUEUES

# An RQ worker heartbeats at least every worker_ttl (420 s by default) while alive.
WORKER_STALE_SECONDS = 420


def rq_health(settings: Settings, now: datetime | None = None) -> dict | None:
    """RQ workers (name, queues, state, last heartbeat, age, stale, current job) and the
    length of each queue; None on the embedded default (no Redis)."""
    if not settings.redis_url:
        return None
    from redis import Redis
    from rq import Queue, Worker

    now = now or datetime.now(UTC)
    with closing(Redis.from_url(settings.redis_url)) as connection:
        workers = []
        for worker in Worker.all(connection=connection):
            beat = worker.last_heartbeat
            if beat is not None and beat.tzinfo is None:
                beat = beat.replace(tzinfo=UTC)
            age = (now - beat).total_seconds() if beat else None
            workers.append(
                {
                    "name": worker.name,
                    "queues": worker.queue_names(),
                    "state": str(worker.get_state()),
                    "last_heartbeat": beat.replace(tzinfo=None) if beat else None,
                    "age_s": age,
                    "stale": age is None or age > WORKER_STALE_SECONDS,
                    "job_id": worker.get_current_job_id(),
                }
            )
        lengths = {name: Queue(name, connection=connection).count for name in QUEUES}
    return {"workers": sorted(workers, key=lambda w: w["name"]), "queues": lengths}
