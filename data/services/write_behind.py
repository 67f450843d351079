"""How a feed run's groups of pages reach the database, chosen once per run (``group_writer``).

Two writers with one method, ``store(groups)``:

``SerialGroups`` (any database): each group in its own transaction, matched and written in
turn. A failure loses that group at most; the run's counts land in its row after each group.

``WriteBehind`` (PostgreSQL): the next group is read and matched while the previous one is
written. Why: a group's writes are mostly server work (foreign-key checks and index updates of
the COPYs), and matching is mostly client work; done in turn, each waits for the other. Here
the main thread reads and matches group g+1 on an autocommit connection of its own, recording
its writes (``DeferredWrites``), while a writer thread applies group g in one transaction on
another connection.

Why the reads need not see the group being written: its source ids differ from the next
group's (a run skips ids it has seen); the artists, genres, venues and cities it creates are in
the run's caches with ids drawn ahead from the sequences; its new events carry this source, so
they are no merge candidates anyway; and the events it merged into are in ``merged_ids``,
which the matcher treats as already carrying this source.

A group the database refuses is rolled back whole; the run's counts, seen ids and caches go
back to where they were before that group, and ``WriteBehind`` hands that group and every
later one to its ``SerialGroups`` (a savepoint per batch, then event by event), so one bad
record costs what it did.
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
from data.models import FeedRun
from data.services.ingest import ingest_page
from data.services.run_counts import RunCounts
from data.services.run_state import RunState

log = logging.getLogger(__name__)

Group = list[ParsedPage]
OnPage = Callable[[RunCounts], None] | None
# Young-generation collections (cyclic GC is paused for the run) every this many groups: each
# scans what is alive and young, so objects that die between collections (a group's recorded
# rows, its parsed pages) cost nothing; every group cost ~7 ms, as much as 2,000 events'
# parsing of venues. The cycles a group leaves (~300 objects: its sessions) wait a little.
COLLECT_EVERY = 8


def group_writer(database: Database, run: RunState, on_page: OnPage) -> SerialGroups | WriteBehind:
    """The writer for ``run``'s groups: write-behind on PostgreSQL, else one after another.

    ``on_page`` is called with the run's counts after each group is committed.
    """
    serial = SerialGroups(database, run, on_page)
    if database.engine.dialect.name != "postgresql":
        return serial
    return WriteBehind(database, run, on_page, fallback=serial)


def record_progress(session: Session, run_id: int | None, counts: RunCounts) -> None:
    """Write the run's counts so far into its ``feed_runs`` row (in ``session``'s transaction)."""
    run = session.get(FeedRun, run_id)
    run.pages, run.fetched, run.new = counts.pages, counts.fetched, counts.new
    run.updated, run.duplicates, run.failed = counts.updated, counts.duplicates, counts.failed


class SerialGroups:
    """Each group of pages matched and written in its own transaction, one after another."""

    def __init__(self, database: Database, run: RunState, on_page: OnPage) -> None:
        """Write ``run``'s groups to ``database``; ``on_page`` as in ``group_writer``."""
        self.database, self.run, self.on_page = database, run, on_page

    def store(self, groups: Iterable[Group]) -> None:
        """Store ``groups`` in turn.

        The caller pauses cyclic GC for the whole run: paused only around the writes, the
        deferred collections landed between groups and on the fetch thread instead (a full
        pass over the run's caches, ~0.5 s each, 1-2 per run). A young-generation collection
        after each group still frees the group's cycles (sessions), so a long run's memory
        stays flat; it never rescans the long-lived caches.
        """
        run = self.run
        for group in groups:
            try:
                with self.database.session_scope() as session:
                    ingest_page(session, run, ParsedPage.merged(group), pages=len(group))
                    record_progress(session, run.run_id, run.counts)
            except Exception:
                run.reset()
                raise
            gc.collect(1)
            if self.on_page:
                self.on_page(run.counts)


@dataclass
class _Planned:
    """A matched group: its recorded writes, the counts after it, and what to undo."""

    group: Group
    before: RunCounts
    journal: list
    writes: DeferredWrites | None = None
    after: RunCounts | None = None
    written: Future | None = None


class WriteBehind:
    """Groups matched on the main thread while a writer thread commits the previous one."""

    def __init__(
        self, database: Database, run: RunState, on_page: OnPage, fallback: SerialGroups
    ) -> None:
        """Write ``run``'s groups to ``database``; from a refused group on, with ``fallback``."""
        self.database, self.run, self.on_page, self.fallback = database, run, on_page, fallback

    def store(self, groups: Iterable[Group]) -> None:
        """Store ``groups``, each matched while the one before it is written."""
        database = self.database
        reader = Session(bind=database.engine.execution_options(isolation_level="AUTOCOMMIT"))
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-write")
        groups = iter(groups)
        pending: _Planned | None = None  # handed to the writer, not yet confirmed
        try:
            for number, group in enumerate(groups, 1):
                planned = self._plan(reader, group)
                previous, pending = pending, None
                collect = number % COLLECT_EVERY == 0
                if previous is not None and not self._confirm(previous, collect=collect):
                    return self._fall_back([previous, planned], groups)
                if planned.writes is None:  # matching itself failed: redo it the plain way
                    return self._fall_back([planned], groups)
                planned.written = writer.submit(self._apply, planned)
                pending = planned
        finally:
            # Also on a fetch error: what was matched still lands before the error propagates.
            last, pending = pending, None
            if last is not None and not self._confirm(last):
                self._fall_back([last], iter(()))
            writer.shutdown(wait=True)
            self.run.journal = None
            self.run.reset()  # the caches read through the reader session
            reader.close()

    def _plan(self, reader: Session, group: Group) -> _Planned:
        """Match ``group`` on ``reader``, recording its writes and what it adds to the run."""
        run = self.run
        planned = _Planned(group, copy.deepcopy(run.counts), [])
        run.journal = planned.journal
        writes = DeferredWrites(reader)
        try:
            ingest_page(reader, run, ParsedPage.merged(group), pages=len(group), writes=writes)
        except Exception:
            log.warning("write-behind: matching a group failed; redoing it plainly", exc_info=True)
            return planned
        planned.writes, planned.after = writes, copy.deepcopy(run.counts)
        return planned

    def _apply(self, planned: _Planned) -> None:
        """On the writer thread: ``planned``'s writes and the run's counts, one transaction."""
        with self.database.session_scope() as session:
            planned.writes.apply(session)
            record_progress(session, self.run.run_id, planned.after)

    def _confirm(self, planned: _Planned, *, collect: bool = False) -> bool:
        """Wait for ``planned``'s transaction; True when it committed. ``collect``: then run a
        young-generation collection."""
        error = planned.written.exception()
        if error is not None:
            log.info("write-behind: a group was refused (%s); retrying it plainly", error)
            return False
        if collect:
            gc.collect(1)
        if self.on_page:
            self.on_page(planned.after)
        return True

    def _fall_back(self, planned: list[_Planned], rest: Iterator[Group]) -> None:
        """Undo what matching ``planned`` (oldest first) did to the run's state, then store
        them and every later group with the serial writer."""
        for group in reversed(planned):
            for found, item in reversed(group.journal):
                found.discard(item)
        self.run.counts = planned[0].before
        self.run.journal = None
        self.run.reset()
        self.fallback.store(chain((p.group for p in planned), rest))
