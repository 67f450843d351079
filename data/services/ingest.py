"""Store one group of parsed feed pages: deduplicate within the run, then write in batches.

The write path, top down (each step a function below or in the module named):

1. ``data.services.feed_runs.ingest_run`` opens the run row and its ``RunState``.
2. ``data.services.write_behind.group_writer`` picks once how groups of pages reach the
   database: each in its own transaction, or (PostgreSQL) written behind the next group's
   matching.
3. ``ingest_page`` (here) counts a group's records, drops those seen earlier in the run, and
   stores the rest in batches of ``BATCH``: under a savepoint, retried event by event when the
   database refuses the batch (so one bad record never costs the good ones), or recorded
   whole for write-behind.
4. ``write_batch`` (here) sorts a batch into unchanged, changed and new records with one
   provenance lookup, touches the unchanged, and resolves the others' venues and lineups.
5. ``data.services.event_upserts`` updates the changed records (``update_changed``) and
   inserts or merges the new ones (``insert_or_merge``, in named steps), with provenance.

The state is passed in, never looked up: the run's (``data.services.run_state.RunState``) and
each batch's (``Batch``: where its writes go, what its records resolved to).

Lookups are batched: existing provenance, artists and candidate events are each one query per
batch, not one per event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import psycopg
from sqlalchemy import Integer, String, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from data.db.bulk import in_values
from data.db.gc_pause import gc_paused
from data.db.writes import DeferredWrites, Writes
from data.feeds.model import NormalisedEvent, ParsedPage
from data.matching.names import base_key, qualifiers
from data.models import EventSource, utcnow
from data.services.event_upserts import insert_or_merge, update_changed
from data.services.run_counts import RunCounts
from data.services.run_state import Batch, RunState
from data.text import name_key

# What "the database refused" looks like: SQLAlchemy's errors, and the drivers' own from the
# raw COPY and executemany paths (a value past a column's limits, say).
REFUSED = (SQLAlchemyError, psycopg.Error, sqlite3.Error)

BATCH = 2000
__all__ = ["BATCH", "RunCounts", "RunState", "ingest_page", "prepare", "write_batch"]


def prepare(page: ParsedPage) -> ParsedPage:
    """The per-event work that needs neither the database nor the run's caches.

    Content hashes, and the memoised name keys that matching reads. Feed runs call this on the
    fetch thread, so it overlaps the previous group's database writes instead of adding to the
    write path.
    """
    page.hashes = [event.content_hash() for event in page.events]
    for event in page.events:
        name_key(event.title)
        base_key(event.title)
        qualifiers(event.title)
        for entry in event.lineup:
            base_key(entry.name)
    return page


def ingest_page(
    session: Session,
    run: RunState,
    page: ParsedPage,
    pages: int = 1,
    writes: Writes | None = None,
) -> None:
    """Count and store parsed payloads (``pages`` of them merged into ``page``) for ``run``.

    With ``DeferredWrites``, ``session`` only reads and every write is recorded in ``writes``
    (no savepoints: the writer applies the group as a whole or not at all); otherwise each
    batch is written at once on ``session`` under a savepoint.
    """
    events, prepared = _new_in_run(run, page, pages)
    deferred = writes if isinstance(writes, DeferredWrites) else None
    with gc_paused():
        for start in range(0, len(events), BATCH):
            if deferred is not None:
                batch = run.open_batch(session, deferred)
                write_batch(session, run, batch, events[start : start + BATCH], prepared)
            else:
                _under_savepoint(session, run, events[start : start + BATCH], prepared)


def _new_in_run(
    run: RunState, page: ParsedPage, pages: int
) -> tuple[list[NormalisedEvent], dict[str, str]]:
    """Count the page's records and failures; the records not seen before in the run, and
    their prepared content hashes (if ``prepare`` ran)."""
    run.counts.pages += pages
    for ident, reason in page.failures:
        run.counts.fetched += 1
        run.counts.fail(ident, reason)
    events, hashes = [], {}
    prepared = page.hashes if len(page.hashes) == len(page.events) else None
    for i, event in enumerate(page.events):
        run.counts.fetched += 1
        if event.source_id in run.seen:
            run.counts.duplicates += 1  # the same record twice in one run (e.g. per artist)
            continue
        run.add(run.seen, event.source_id)
        events.append(event)
        if prepared:
            hashes[event.source_id] = prepared[i]
    return events, hashes


def _under_savepoint(
    session: Session, run: RunState, events: list[NormalisedEvent], prepared: dict[str, str]
) -> None:
    """Write ``events`` under a savepoint; if the database refuses them, undo what the batch
    did to the run and write them one by one (a single refused event fails alone)."""
    counts = run.counts
    before = (counts.new, counts.updated, counts.unchanged, counts.duplicates)
    savepoint = session.begin_nested()
    batch: Batch | None = None
    try:
        batch = run.open_batch(session, Writes(session))
        write_batch(session, run, batch, events, prepared)
        savepoint.commit()
        return
    except REFUSED as exc:
        savepoint.rollback()
        run.reset()  # ids created inside the rolled-back savepoint are gone
        if batch is not None:
            run.merged_ids.difference_update(batch.merged)
        counts.new, counts.updated, counts.unchanged, counts.duplicates = before
        if len(events) == 1:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0][:150]
            counts.fail(events[0].source_id, f"database refused the event: {reason}")
            return
    for event in events:
        _under_savepoint(session, run, [event], prepared)


def write_batch(
    session: Session,
    run: RunState,
    batch: Batch,
    events: list[NormalisedEvent],
    prepared: dict[str, str],
) -> None:
    """Sort ``events`` into unchanged, changed and new records and write each kind.

    ``prepared`` holds content hashes computed ahead (``prepare``); the others are hashed here.
    """
    known = _known_sources(session, run.source, events)
    batch.hashes = {e.source_id: prepared.get(e.source_id) or e.content_hash() for e in events}
    touched, changed, fresh = _sort(events, known, batch.hashes)
    if touched:
        _touch_unchanged(session, run, batch, touched)
    if not changed and not fresh:
        return
    _resolve(run, batch, [*fresh, *(e for e, _ in changed)])
    if changed:
        update_changed(session, run, batch, changed)
    if fresh:
        insert_or_merge(session, run, batch, fresh)


def _known_sources(session: Session, source: str, events: list[NormalisedEvent]) -> dict:
    """The stored provenance rows of ``events``' records, by source id (one query)."""
    ids = [e.source_id for e in events]
    rows = session.execute(
        select(
            EventSource.id, EventSource.source_id, EventSource.event_id, EventSource.content_hash
        ).where(
            EventSource.source == source, in_values(session, EventSource.source_id, ids, String)
        )
    ).all()  # one fetchall: iterating a result fetches row by row
    return {row.source_id: row for row in rows}


def _sort(events: list[NormalisedEvent], known: dict, hashes: dict[str, str]) -> tuple:
    """(provenance ids of unchanged records, (changed record, its provenance), new records)."""
    touched, changed, fresh = [], [], []
    for event in events:
        row = known.get(event.source_id)
        if row is None:
            fresh.append(event)
        elif row.content_hash == hashes[event.source_id]:
            touched.append(row.id)
        else:
            changed.append((event, row))
    return touched, changed, fresh


def _touch_unchanged(session: Session, run: RunState, batch: Batch, touched: list[int]) -> None:
    """Records stored with the same content: only their provenance's last run and time."""
    batch.writes.execute(
        update(EventSource)
        .where(in_values(session, EventSource.id, touched, Integer))
        .values(last_run_id=run.run_id, last_seen_at=utcnow())
    )
    run.counts.unchanged += len(touched)


def _resolve(run: RunState, batch: Batch, events: list[NormalisedEvent]) -> None:
    """Each record's venue (``batch.places``) and lineup of artist ids (``batch.lineups``);
    artists' genres named by the records are stored with them."""
    batch.places = {
        e.source_id: batch.venues.resolve(run.source, e.venue) if e.venue else None for e in events
    }
    batch.venues.flush()
    entries = [entry for e in events for entry in e.lineup]
    ids = iter(batch.artists.resolve(entries)) if entries else iter(())
    genres: set[tuple[int, str]] = set()
    for event in events:
        batch.lineups[event.source_id] = _lineup(event, ids, genres)
    if genres:
        batch.artists.add_artist_genres(genres, run.source)


def _lineup(
    event: NormalisedEvent, ids: Iterator[int | None], genres: set[tuple[int, str]]
) -> list[tuple[int, bool]]:
    """``event``'s (artist id, headliner) pairs, taking its artists' ids from ``ids`` (one
    per lineup entry, None for an entry that resolved to no artist); collects the entries'
    (artist id, genre) pairs into ``genres``."""
    lineup, seen = [], set()
    for entry in event.lineup:
        artist_id = next(ids)
        if artist_id is None or artist_id in seen:
            continue
        seen.add(artist_id)
        lineup.append((artist_id, entry.headliner))
        if entry.genres:
            genres.update((artist_id, g) for g in entry.genres)
    return lineup
