"""The scaled scheduler: `rq cron workers.cron --url $REDIS_URL` enqueues the periodic jobs.

It only enqueues; `rq worker` processes run them (each under a job-runs row). Loading this
module is the process's entry point, so it is where Settings are built (once).
"""

from __future__ import annotations

from rq import cron

from workers.bootstrap import start_from_env
from workers.periodic import periodic_jobs, run_periodic

for _job in periodic_jobs(start_from_env()):
    cron.register(
        run_periodic,
        queue_name=_job.queue,
        kwargs={"name": _job.name},
        interval=_job.interval_seconds,
        name=_job.name,
    )
