"""Store normalised feed events: match, deduplicate, upsert with provenance, count the run.

A run is one ``feed_runs`` row. Pages are written in their own transactions (so a long run
shows progress and a failure loses one page at most); inside a page, events go in batches
under a savepoint, and a batch that the database refuses is retried event by event, so one bad
record never costs the good ones or damages stored rows. Lookups are batched per page: existing
provenance, artists and candidate events are each one query, not one per event. Every write
goes through ``self.writes``: at once on the session, or recorded for the write-behind of feed
runs on PostgreSQL (``data.services.write_behind``), where a refused group falls back to this
savepoint path. The writes themselves (insert or merge, update, provenance) are in
``data.services.event_upserts``.
"""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy import Integer, String, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from data.db.bulk import in_values
from data.db.gc_pause import gc_paused
from data.db.writes import DeferredWrites, Writes
from data.feeds.model import NormalisedEvent, ParsedPage
from data.matching.artists import ArtistResolver
from data.matching.names import base_key, qualifiers
from data.matching.venues import CityCache, VenueResolver
from data.models import EventSource, utcnow
from data.services.event_upserts import EventUpserts
from data.services.run_counts import RunCounts
from data.text import name_key

# What "the database refused" looks like: SQLAlchemy's errors, and the drivers' own from the
# raw COPY and executemany paths (a value past a column's limits, say).
REFUSED = (SQLAlchemyError, psycopg.Error, sqlite3.Error)

BATCH = 2000
__all__ = ["BATCH", "Ingestor", "RunCounts", "prepare"]


def prepare(page: ParsedPage) -> ParsedPage:
    """The per-event work that needs neither the database nor the run's caches: content hashes,
    and the memoised name keys that matching reads. Feed runs call this on the fetch thread, so
    it overlaps the previous group's database writes instead of adding to the write path."""
    page.hashes = [event.content_hash() for event in page.events]
    for event in page.events:
        name_key(event.title)
        base_key(event.title)
        qualifiers(event.title)
        for entry in event.lineup:
            base_key(entry.name)
    return page


class Ingestor(EventUpserts):
    """Writes one run's pages; caches venues, cities and artists across the run's pages."""

    def __init__(self, source: str, run_id: int | None, default_timezone: str = "UTC") -> None:
        self.source = source
        self.run_id = run_id
        self.default_timezone = default_timezone
        self.counts = RunCounts()
        self.seen: set[str] = set()
        self._hashes: dict[str, str] = {}  # prepared content hashes of the page being written
        self._caches: tuple[CityCache, VenueResolver, ArtistResolver] | None = None
        # Events that took a record from this source during the run: candidates' sources come
        # from the database, where a deferred write may not be visible yet.
        self.merged_ids: set[int] = set()
        self._batch_merged: list[int] = []
        self.writes: Writes | None = None
        self.journal: list[tuple[set, object]] | None = None  # additions to undo (write-behind)

    def reset(self) -> None:
        """Forget cached ids after a failed transaction (rows created in it are gone)."""
        self._caches = None

    def _resolvers(self, session: Session) -> tuple[CityCache, VenueResolver, ArtistResolver]:
        if self._caches is None or self._caches[2].session is not session:
            if self._caches is None:
                cities = CityCache(session)
                self._caches = (cities, VenueResolver(session, cities), ArtistResolver(session))
            else:
                for cache in self._caches:
                    cache.session = session
        for cache in self._caches:
            cache.writes = self.writes
        return self._caches

    def _add(self, found: set, item) -> None:
        found.add(item)
        if self.journal is not None:
            self.journal.append((found, item))

    def ingest(
        self, session: Session, page: ParsedPage, pages: int = 1, writes: Writes | None = None
    ) -> None:
        """Count and store parsed payloads (``pages`` of them merged into ``page``).

        With ``DeferredWrites``, ``session`` only reads and every write is recorded in
        ``writes`` (no savepoints: the writer applies the group as a whole or not at all).
        """
        self.counts.pages += pages
        for ident, reason in page.failures:
            self.counts.fetched += 1
            self.counts.fail(ident, reason)
        events = []
        prepared = page.hashes if len(page.hashes) == len(page.events) else None
        for i, event in enumerate(page.events):
            self.counts.fetched += 1
            if event.source_id in self.seen:
                self.counts.duplicates += 1  # the same record twice in one run (e.g. per artist)
                continue
            self._add(self.seen, event.source_id)
            events.append(event)
            if prepared:
                self._hashes[event.source_id] = prepared[i]
        try:
            with gc_paused():
                for start in range(0, len(events), BATCH):
                    if isinstance(writes, DeferredWrites):
                        self.writes = writes
                        self._write(session, events[start : start + BATCH])
                    else:
                        self._batch(session, events[start : start + BATCH])
        finally:
            self._hashes.clear()
            self.writes = None

    def _batch(self, session: Session, events: list[NormalisedEvent]) -> None:
        before = (
            self.counts.new,
            self.counts.updated,
            self.counts.unchanged,
            self.counts.duplicates,
        )
        savepoint = session.begin_nested()
        self.writes = Writes(session)
        self._batch_merged = []
        try:
            self._write(session, events)
            savepoint.commit()
            return
        except REFUSED as exc:
            savepoint.rollback()
            self._caches = None  # ids created inside the rolled-back savepoint are gone
            self.merged_ids.difference_update(self._batch_merged)
            self.counts.new, self.counts.updated, self.counts.unchanged, self.counts.duplicates = (
                before
            )
            if len(events) == 1:
                reason = str(getattr(exc, "orig", exc)).splitlines()[0][:150]
                self.counts.fail(events[0].source_id, f"database refused the event: {reason}")
                return
        for event in events:
            self._batch(session, [event])

    def _write(self, session: Session, events: list[NormalisedEvent]) -> None:
        _, venues, artists = self._resolvers(session)
        known = {
            row.source_id: row
            for row in session.execute(
                select(
                    EventSource.id,
                    EventSource.source_id,
                    EventSource.event_id,
                    EventSource.content_hash,
                ).where(
                    EventSource.source == self.source,
                    in_values(
                        session, EventSource.source_id, [e.source_id for e in events], String
                    ),
                )
            ).all()  # one fetchall: iterating a result fetches row by row
        }
        hashes = {e.source_id: self._hashes.get(e.source_id) or e.content_hash() for e in events}
        touched, changed, fresh = [], [], []
        for event in events:
            row = known.get(event.source_id)
            if row is None:
                fresh.append(event)
            elif row.content_hash == hashes[event.source_id]:
                touched.append(row.id)
            else:
                changed.append((event, row))
        if touched:
            self.writes.execute(
                update(EventSource)
                .where(in_values(session, EventSource.id, touched, Integer))
                .values(last_run_id=self.run_id, last_seen_at=utcnow())
            )
            self.counts.unchanged += len(touched)
        if not changed and not fresh:
            return
        places = {
            e.source_id: venues.resolve(self.source, e.venue) if e.venue else None
            for e in [*fresh, *(e for e, _ in changed)]
        }
        venues.flush()
        lineups = self._lineups(artists, [*fresh, *(e for e, _ in changed)])
        if changed:
            self._update_changed(session, changed, places, lineups, hashes, artists)
        if fresh:
            self._insert_or_merge(session, fresh, places, lineups, hashes, artists, venues)

    def _lineups(self, artists: ArtistResolver, events: list[NormalisedEvent]) -> dict[str, list]:
        entries = [entry for e in events for entry in e.lineup]
        ids = iter(artists.resolve(entries)) if entries else iter(())
        out, pairs = {}, set()
        for event in events:
            lineup, seen = [], set()
            for entry in event.lineup:
                artist_id = next(ids)
                if artist_id is None or artist_id in seen:
                    continue
                seen.add(artist_id)
                lineup.append((artist_id, entry.headliner))
                if entry.genres:
                    pairs.update((artist_id, g) for g in entry.genres)
            out[event.source_id] = lineup
        if pairs:
            artists.add_artist_genres(pairs, self.source)
        return out
