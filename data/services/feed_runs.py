"""Feed runs: one ``feed_runs`` row per run with counts and health, pages in own transactions.

Where the feed write path starts. ``ingest_run`` opens the run row and the run's state
(``data.services.run_state.RunState``), fetches and prepares pages on a helper thread, groups
them, and hands the groups to the writer chosen once for the run
(``data.services.write_behind.group_writer``), which stores each group through
``data.services.ingest.ingest_page``. A provider failure mid-run keeps what already landed, and
the run row says why it stopped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from queue import Full, Queue

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.db import Database
from data.db.gc_pause import gc_paused
from data.feeds.http import ClientStats, FeedError, QuotaExhausted, RateLimited
from data.feeds.manual import promoter_event
from data.feeds.model import BadItem, NormalisedEvent, ParsedPage
from data.models import EventSource, FeedRun, utcnow
from data.services.ingest import ingest_page, prepare
from data.services.run_counts import RunCounts
from data.services.run_state import RunState
from data.services.write_behind import group_writer

log = logging.getLogger(__name__)
GROUP_EVENTS = 2000


def start_run(session: Session, source: str, params: dict) -> int:
    run = FeedRun(source=source, params=params, status="running", started_at=utcnow())
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    counts: RunCounts,
    *,
    status: str,
    requests: int = 0,
    throttled: int = 0,
    latency_ms: int = 0,
    error: str | None = None,
) -> dict:
    """Write the run's final counts and health; returns the run report."""
    run = session.get(FeedRun, run_id)
    run.status, run.finished_at, run.error = status, utcnow(), error
    run.pages, run.fetched, run.new, run.updated = (
        counts.pages,
        counts.fetched,
        counts.new,
        counts.updated,
    )
    run.duplicates, run.failed, run.failures = counts.duplicates, counts.failed, counts.failures()
    run.requests, run.throttled, run.latency_ms = requests, throttled, latency_ms
    return run_report(run, counts.unchanged)


def run_report(run: FeedRun, unchanged: int | None = None) -> dict:
    return {
        "run_id": run.id,
        "source": run.source,
        "status": run.status,
        "pages": run.pages,
        "fetched": run.fetched,
        "new": run.new,
        "updated": run.updated,
        "unchanged": unchanged
        if unchanged is not None
        else run.fetched - run.new - run.updated - run.duplicates - run.failed,
        "duplicates": run.duplicates,
        "failed": run.failed,
        "failures": run.failures,
        "requests": run.requests,
        "throttled": run.throttled,
        "latency_ms": run.latency_ms,
        "error": run.error,
    }


def ingest_run(
    database: Database,
    source: str,
    params: dict,
    pages: Iterable[ParsedPage],
    *,
    stats: ClientStats | None = None,
    default_timezone: str = "UTC",
    on_page: Callable[[RunCounts], None] | None = None,
    time_budget: float | None = None,
) -> dict:
    """Run ``pages`` into the database as one feed run; returns the run report.

    The report's ``status`` is ``finished``, ``partial`` (stopped early: quota, the
    ``time_budget`` in seconds, or a failed request after some pages), ``throttled``
    (``retry_after`` says when to try again) or ``failed`` (nothing could be fetched).
    """
    with database.session_scope() as session:
        run_id = start_run(session, source, params)
    run = RunState(source, run_id, default_timezone)
    if time_budget is not None:
        pages = _within_budget(pages, time_budget)
    status, error, retry_after = _store(database, run, pages, on_page)
    with database.session_scope() as session:
        report = finish_run(
            session,
            run_id,
            run.counts,
            status=status,
            requests=stats.requests if stats else 0,
            throttled=stats.throttled if stats else 0,
            latency_ms=stats.latency_ms if stats else 0,
            error=error,
        )
    report["retry_after"] = retry_after
    return report


def _store(
    database: Database,
    run: RunState,
    pages: Iterable[ParsedPage],
    on_page: Callable[[RunCounts], None] | None,
) -> tuple[str, str | None, float | None]:
    """Fetch, group and store ``pages`` with the run's writer; the run's (status, error,
    retry_after) from how it ended."""
    try:
        with gc_paused():
            group_writer(database, run, on_page).store(_grouped(_prefetched(pages)))
    except RateLimited as exc:
        return "throttled", str(exc), exc.seconds
    except QuotaExhausted as exc:
        return "partial", str(exc), None
    except FeedError as exc:
        run.counts.fail("request", str(exc))
        return ("partial" if run.counts.pages else "failed"), str(exc), None
    except Exception as exc:
        log.exception("feed run %s (%s) crashed", run.run_id, run.source)
        return "failed", f"{type(exc).__name__}: {exc}"[:1000], None
    return "finished", None, None


def _within_budget(pages: Iterable[ParsedPage], seconds: float) -> Iterator[ParsedPage]:
    """``pages`` until ``seconds`` have passed; then a FeedError that stops the run as partial."""
    deadline = time.monotonic() + seconds
    for page in pages:
        yield page
        if time.monotonic() > deadline:
            raise FeedError(f"the run's time budget of {seconds:.0f} s ran out; stopped early")


def _prefetched(pages: Iterable[ParsedPage], depth: int = 8):
    """Fetch, parse and ``prepare`` the next pages on a helper thread while the current group is
    written (network, JSON parsing and per-event hashing overlap database time). Errors are
    re-raised here, in order."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.2)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for page in pages:
                if not put(prepare(page)):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)
            return
        put(done)

    threading.Thread(target=produce, name="feed-fetch", daemon=True).start()
    try:
        while True:
            item = queue.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def _grouped(pages: Iterable[ParsedPage], size: int = GROUP_EVENTS):
    """Pages in groups of about ``size`` events: one transaction and one set of batched
    lookups per group instead of per small API page. A fetch error first yields what is
    buffered, then propagates."""
    group: list[ParsedPage] = []
    count = 0
    try:
        for page in pages:
            group.append(page)
            count += len(page.events)
            if count >= size:
                yield group
                group, count = [], 0
    except Exception:
        if group:
            yield group
        raise
    if group:
        yield group


def ingest_events(
    session: Session,
    source: str,
    events: Iterable[NormalisedEvent],
    *,
    params: dict | None = None,
    default_timezone: str = "UTC",
) -> dict:
    """One complete run over already-normalised events in the caller's transaction (promoter
    entries, tests). Returns the run report."""
    run_id = start_run(session, source, params or {})
    run = RunState(source, run_id, default_timezone)
    ingest_page(session, run, ParsedPage(events=list(events)))
    return finish_run(session, run_id, run.counts, status="finished")


def publish_promoter_event(session: Session, promoter_id: int, key: str, fields: dict) -> int:
    """Create or update a promoter's own event through the feed pipeline; returns its event id.

    ``key`` identifies the event within the promoter's list (the same key updates it), and
    ``fields`` are the form values (see ``data.feeds.manual.from_fields``). Raises
    ``data.feeds.model.BadItem`` with a readable reason for invalid input.
    """
    event = promoter_event(promoter_id, key, fields)
    report = ingest_events(session, "promoter", [event], params={"promoter_id": promoter_id})
    if report["failed"]:
        raise BadItem(next(iter(report["failures"])))
    return session.scalar(
        select(EventSource.event_id).where(
            EventSource.source == "promoter", EventSource.source_id == event.source_id
        )
    )
