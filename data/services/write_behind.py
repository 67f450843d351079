"""Write-behind for feed runs on PostgreSQL: the next group is read and matched while the
previous one is written.

Why: a group's writes are mostly server work (foreign-key checks and index updates of the
COPYs), and matching is mostly client work; done in turn, each waits for the other. Here the
main thread reads and matches group g+1 on an autocommit connection of its own, recording its
writes (``DeferredWrites``), while a writer thread applies group g in one transaction on
another connection.

Why the reads need not see the group being written: its source ids differ from the next
group's (a run skips ids it has seen); the artists, genres, venues and cities it creates are in
the run's caches with ids drawn ahead from the sequences; its new events carry this source, so
they are no merge candidates anyway; and the events it merged into are in ``merged_ids``,
which the matcher treats as already carrying this source.

A group the database refuses is rolled back whole; the run's counts, seen ids and caches go
back to where they were before that group, and the run continues on the plain path from that
group on (a savepoint per batch, then event by event), so one bad record costs what it did.
"""

from __future__ import annotations

import copy
import gc
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain

from sqlalchemy.orm import Session

from data.db import Database
from data.db.writes import DeferredWrites
from data.feeds.model import ParsedPage
from data.services.ingest import Ingestor, RunCounts

log = logging.getLogger(__name__)

Group = list[ParsedPage]
Serial = Callable[[Iterable[Group]], None]
# Young-generation collections (cyclic GC is paused for the run) every this many groups: each
# scans what is alive and young, so objects that die between collections (a group's recorded
# rows, its parsed pages) cost nothing; every group cost ~7 ms, as much as 2,000 events'
# parsing of venues. The cycles a group leaves (~300 objects: its sessions) wait a little.
COLLECT_EVERY = 8


@dataclass
class _Planned:
    """A matched group: its recorded writes, the counts after it, and what to undo."""

    group: Group
    before: RunCounts
    journal: list
    writes: DeferredWrites | None = None
    after: RunCounts | None = None
    written: Future | None = None


def ingest_groups_behind(
    database: Database,
    ingestor: Ingestor,
    groups: Iterable[Group],
    *,
    progress: Callable[[Session, RunCounts], None],
    on_page: Callable[[RunCounts], None] | None,
    serial: Serial,
) -> None:
    """Store ``groups`` with write-behind; ``serial`` stores groups the plain way (fallback)."""
    reader = Session(bind=database.engine.execution_options(isolation_level="AUTOCOMMIT"))
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-write")
    groups = iter(groups)
    pending: _Planned | None = None  # handed to the writer, not yet confirmed
    try:
        for number, group in enumerate(groups, 1):
            planned = _plan(ingestor, reader, group)
            previous, pending = pending, None
            collect = number % COLLECT_EVERY == 0
            if previous is not None and not _confirm(previous, on_page, collect=collect):
                return _fall_back(ingestor, [previous, planned], groups, serial)
            if planned.writes is None:  # matching itself failed: redo it the plain way
                return _fall_back(ingestor, [planned], groups, serial)
            planned.written = writer.submit(_apply, database, planned, progress)
            pending = planned
    finally:
        # Also on a fetch error: what was matched still lands before the error propagates.
        last, pending = pending, None
        if last is not None and not _confirm(last, on_page):
            _fall_back(ingestor, [last], iter(()), serial)
        writer.shutdown(wait=True)
        ingestor.journal = None
        ingestor.reset()  # the caches read through the reader session
        reader.close()


def _plan(ingestor: Ingestor, reader: Session, group: Group) -> _Planned:
    planned = _Planned(group, copy.deepcopy(ingestor.counts), [])
    ingestor.journal = planned.journal
    writes = DeferredWrites(reader)
    try:
        ingestor.ingest(reader, ParsedPage.merged(group), pages=len(group), writes=writes)
    except Exception:
        log.warning("write-behind: matching a group failed; redoing it plainly", exc_info=True)
        return planned
    planned.writes, planned.after = writes, copy.deepcopy(ingestor.counts)
    return planned


def _apply(database: Database, planned: _Planned, progress) -> None:
    with database.session_scope() as session:
        planned.writes.apply(session)
        progress(session, planned.after)


def _confirm(planned: _Planned, on_page, *, collect: bool = False) -> bool:
    """Wait for ``planned``'s transaction; True when it committed. ``collect``: then run a
    young-generation collection."""
    error = planned.written.exception()
    if error is not None:
        log.info("write-behind: a group was refused (%s); retrying it plainly", error)
        return False
    if collect:
        gc.collect(1)
    if on_page:
        on_page(planned.after)
    return True


def _fall_back(
    ingestor: Ingestor, planned: list[_Planned], rest: Iterator[Group], serial: Serial
) -> None:
    """Undo what matching ``planned`` (oldest first) did to the run's state, then store them
    and every later group the plain way."""
    for group in reversed(planned):
        for found, item in reversed(group.journal):
            found.discard(item)
    ingestor.counts = planned[0].before
    ingestor.journal = None
    ingestor.reset()
    serial(chain((p.group for p in planned), rest))
