"""Feed jobs (queue "feeds"): one run per source at a time, quotas, back-off, Retry-After.

``run_feed(source)`` takes the source's lock (Redis when configured, else a diskcache entry
under instance/), builds the adapter from settings, and stores the pages through
``data.services.feed_runs.ingest_run``. A second trigger while a run holds the lock is
skipped and logged. A 429 with a long Retry-After, or a failed run, is rescheduled.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta
from itertools import chain

from data import gazetteer
from data.db import get_database, session_scope
from data.feeds import PROVIDERS, build_adapter
from data.queries.events import consecutive_failures, home_cities, most_played_artist_names
from data.services.feed_runs import finish_run, ingest_run, start_run
from data.services.heartbeats import beat
from data.services.ingest import RunCounts
from settings import Settings
from workers import context
from workers.runner import Reschedule, report_progress

log = logging.getLogger(__name__)
LOCK_SECONDS = 3 * 60 * 60
MAX_FAILED_RETRIES = 3


class SourceLock:
    """A non-blocking lock per source with an expiry, so a crashed worker cannot wedge it."""

    def __init__(self, settings: Settings, source: str) -> None:
        self.key = _lock_key(source)
        self.token = uuid.uuid4().hex
        self.settings = settings
        self._store = _store(settings)
        # redis-py's Lock releases only with its own token, atomically (a Lua script).
        self._redis_lock = (
            self._store.lock(self.key, timeout=LOCK_SECONDS, blocking=False)
            if settings.redis_url
            else None
        )

    def acquire(self) -> bool:
        if self._redis_lock is not None:
            return bool(self._redis_lock.acquire())
        return bool(self._store.add(self.key, self.token, expire=LOCK_SECONDS))

    def release(self) -> None:
        """Free the lock if this object holds it, and close the store connection."""
        try:
            if self._redis_lock is not None:
                if self._redis_lock.owned():
                    self._redis_lock.release()
            elif self._store.get(self.key) == self.token:
                self._store.delete(self.key)
        finally:
            self._store.close()


def break_lock(settings: Settings, source: str) -> None:
    """Free ``source``'s lock whoever holds it: only for a run known dead (``workers.sweep``)."""
    with closing(_store(settings)) as store:
        store.delete(_lock_key(source))


def _lock_key(source: str) -> str:
    return f"rewrapped:feed-lock:{source}"


def _store(settings: Settings):
    if settings.redis_url:
        from redis import Redis

        return Redis.from_url(settings.redis_url)
    from diskcache import Cache

    return Cache(str(settings.instance_dir / "feed-locks"))


def _quota_key(source: str) -> str:
    return f"rewrapped:feed-quota:{source}:{datetime.now(UTC).date().isoformat()}"


def _budget(settings: Settings, source: str) -> int | None:
    """Requests left today under the provider's daily quota (None when it has none)."""
    field = PROVIDERS[source].daily_quota
    if not field:
        return None
    with closing(_store(settings)) as store:
        used = store.get(_quota_key(source)) or 0
    return max(0, getattr(settings, field) - int(used))


def _spend(settings: Settings, source: str, requests: int) -> None:
    if not PROVIDERS[source].daily_quota or not requests:
        return
    key = _quota_key(source)
    with closing(_store(settings)) as store:
        if settings.redis_url:
            store.incrby(key, requests)
            store.expire(key, 2 * 86400)
        else:
            store.incr(key, requests, default=0)
            store.touch(key, expire=2 * 86400)


def default_params(settings: Settings, source: str) -> dict:
    """What to fetch when the scheduler triggers a source: the configured or users' cities."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    window = {
        "start": now.isoformat(),
        "end": (now + timedelta(days=settings.feed_window_days)).isoformat(),
    }
    if source == "bandsintown":
        with session_scope() as session:
            artists = most_played_artist_names(session, settings.feed_bandsintown_artists)
        return {"artists": artists}
    if source == "eventbrite":
        return {"organizers": list(settings.eventbrite_organizers)}
    if source == "ical":
        return {"urls": list(settings.feed_ical_urls), **window}
    return {"cities": _cities(settings), **window}


def _cities(settings: Settings) -> list[dict]:
    cities = []
    for entry in settings.feed_cities:
        name, _, country = entry.partition(":")
        found = gazetteer.lookup(name, country or None)
        if found:
            cities.append({"name": found.name, "lat": found.lat, "lng": found.lng})
    if not cities:
        with session_scope() as session:
            cities = [
                {"name": c["name"], "lat": c["lat"], "lng": c["lng"]} for c in home_cities(session)
            ]
    return cities


def _city_query(source: str, city: dict, radius: int) -> dict:
    geo = PROVIDERS[source].geo
    return geo(round(city["lat"], 4), round(city["lng"], 4), radius) if geo else {}


def _pages(adapter, source: str, params: dict, radius: int):
    if "cities" not in params:
        return adapter.pages(params)
    window = {k: params[k] for k in ("start", "end") if k in params}
    return chain.from_iterable(
        adapter.pages({**_city_query(source, city, radius), **window}) for city in params["cities"]
    )


def run_feed(source: str, params: dict | None = None) -> dict:
    """One run of ``source``; skipped (and logged) when another run of it holds the lock."""
    settings = context.settings()
    lock = SourceLock(settings, source)
    if not lock.acquire():
        lock.release()  # closes the store; the lock stays with the run that holds it
        log.warning("feed %s: a run is already in progress; this trigger is skipped", source)
        with session_scope() as session:
            run_id = start_run(session, source, params or {})
            report = finish_run(
                session, run_id, RunCounts(), status="skipped", error="another run holds the lock"
            )
        return report
    try:
        report = _run_locked(settings, source, params)
    finally:
        lock.release()
    if report["status"] == "throttled":
        raise Reschedule(report["retry_after"] or 60, f"{source}: {report['error']}")
    if report["status"] == "failed":
        with session_scope() as session:
            failures = consecutive_failures(session, source)
        if failures <= MAX_FAILED_RETRIES:
            delay = settings.feed_backoff_ms / 1000 * 30 * 2 ** (failures - 1)
            raise Reschedule(delay, f"{source} failed ({report['error']}); retry {failures}")
    return report


def _run_locked(settings: Settings, source: str, params: dict | None) -> dict:
    params = params or default_params(settings, source)
    budget = _budget(settings, source)
    adapter = build_adapter(settings, source, max_requests=budget)
    report_progress(0.05, f"Fetching {source}")
    try:
        report = ingest_run(
            get_database(),
            source,
            params,
            _pages(adapter, source, params, settings.feed_radius_km),
            stats=adapter.client.stats,
            default_timezone=settings.default_timezone,
            on_page=lambda c: report_progress(0.5, f"{c.pages} pages, {c.fetched} events"),
            time_budget=settings.feed_run_seconds,
        )
    finally:
        _spend(settings, source, adapter.client.stats.requests)
        adapter.client.close()
    with session_scope() as session:
        beat(
            session,
            f"feed:{source}",
            f"{report['status']}: {report['new']} new, {report['failed']} failed",
        )
    return report


def poll(source: str) -> dict:
    """Job: one scheduled (or Run now) run of ``source`` with its default parameters."""
    return run_feed(source)
