"""The write steps of a feed batch, after ``data.services.ingest.write_batch`` has sorted it.

Changed records (``update_changed``): the event a record owns is rewritten with its history
kept; an event it only merged into is completed, never overridden; then its provenance.

New records (``insert_or_merge``), in order:

1. ``_candidates``: the stored events near each record's venue on its day, one lookup;
2. ``_match``: each record merges into its best candidate, or is new;
3. ``_insert_new``: new events with their lineups and genres;
4. ``_fill_blanks``: merged-into events completed from the records;
5. ``_write_provenance``: one ``event_sources`` row per record.

Every step reads through the session, writes through ``batch.writes`` (at once, or recorded
for write-behind) and counts on ``run.counts``. What a record becomes, its ``events`` row and
its matching key, is in ``data.services.event_records``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Integer, func, select, update
from sqlalchemy.orm import Session

from data.db.bulk import in_values
from data.feeds.model import NormalisedEvent
from data.matching.events import EventKey, best_match, load_candidates
from data.models import Event, EventArtist, EventGenre, EventSource, utcnow
from data.services.event_changes import record_changes
from data.services.event_records import event_row, match_key
from data.services.event_rows import fill_blanks, write_genres, write_lineups
from data.services.run_state import Batch, RunState

Candidates = dict[tuple[int, date], list[EventKey]]


def insert_or_merge(
    session: Session, run: RunState, batch: Batch, fresh: list[NormalisedEvent]
) -> None:
    """Store records new to this source: merged into a stored event they match, else new."""
    candidates = _candidates(session, run, batch, fresh)
    merges, inserts = _match(run, batch, fresh, candidates)
    now = utcnow()
    new_ids = _insert_new(session, run, batch, inserts, now) if inserts else {}
    if merges:
        _fill_blanks(session, run, batch, merges)
        run.counts.duplicates += len(merges)
    targets = {**new_ids, **{e.source_id: event_id for e, event_id in merges}}
    _write_provenance(run, batch, fresh, targets, now)


def _candidates(
    session: Session, run: RunState, batch: Batch, fresh: list[NormalisedEvent]
) -> Candidates:
    """Stored events at or near the records' venues on their days, by (venue id, day).

    Events this run merged into count as carrying its source already.
    """
    pairs, coords = set(), {}
    for event in fresh:
        venue = batch.places[event.source_id]
        if venue is None:
            continue
        for v in batch.venues.near_venue(venue):
            pairs.add((v.id, event.local_date))
            if v.lat is not None and not v.approximate:
                coords[v.id] = (v.lat, v.lng)
    candidates = load_candidates(session, pairs, coords) if pairs else {}
    for pool in candidates.values():
        for candidate in pool:
            if candidate.id in run.merged_ids:
                candidate.sources = candidate.sources | {run.source}
    return candidates


def _match(
    run: RunState, batch: Batch, fresh: list[NormalisedEvent], candidates: Candidates
) -> tuple[list[tuple[NormalisedEvent, int]], list[NormalisedEvent]]:
    """(record, event id) merges and records to insert; a merged-into event then carries
    this source, so no later record of the run merges into it too."""
    merges, inserts = [], []
    for event in fresh:
        match = _best_candidate(run, batch, event, candidates)
        if match is None:
            inserts.append(event)
            continue
        merges.append((event, match.id))
        match.sources = match.sources | {run.source}
        run.add(run.merged_ids, match.id)
        batch.merged.append(match.id)
    return merges, inserts


def _best_candidate(
    run: RunState, batch: Batch, event: NormalisedEvent, candidates: Candidates
) -> EventKey | None:
    venue = batch.places[event.source_id]
    if venue is None:
        return None
    pool = [
        c
        for v in batch.venues.near_venue(venue)
        for c in candidates.get((v.id, event.local_date), ())
    ]
    if not pool:  # most new events have none: no key to build
        return None
    return best_match(match_key(event, venue, batch.lineups[event.source_id]), pool, run.source)


def _insert_new(
    session: Session,
    run: RunState,
    batch: Batch,
    inserts: list[NormalisedEvent],
    now: datetime,
) -> dict[str, int]:
    """Insert new events with their lineups and genres; their ids by source id."""
    stamps = {
        "created_run_id": run.run_id,
        "updated_run_id": run.run_id,
        "created_at": now,
        "updated_at": now,
    }
    rows = [event_row(run, e, batch.places[e.source_id], **stamps) for e in inserts]
    ids = batch.writes.insert_returning_ids(Event, rows)
    new_ids = dict(zip((e.source_id for e in inserts), ids, strict=True))
    write_lineups(
        batch.writes, [(new_ids[e.source_id], batch.lineups[e.source_id]) for e in inserts]
    )
    write_genres(
        session,
        [(new_ids[e.source_id], e.genres) for e in inserts],
        batch.artists,
        run.source,
        new_events=True,
        writes=batch.writes,
    )
    run.counts.new += len(inserts)
    return new_ids


def _write_provenance(
    run: RunState,
    batch: Batch,
    fresh: list[NormalisedEvent],
    targets: dict[str, int],
    now: datetime,
) -> None:
    """One ``event_sources`` row per new record, pointing at the event it became or joined."""
    batch.writes.insert_rows(
        EventSource,
        [
            {
                "event_id": targets[e.source_id],
                "source": run.source,
                "source_id": e.source_id,
                "url": e.url,
                "content_hash": batch.hashes[e.source_id],
                "first_run_id": run.run_id,
                "last_run_id": run.run_id,
                "first_seen_at": now,
                "last_seen_at": now,
            }
            for e in fresh
        ],
    )


def update_changed(session: Session, run: RunState, batch: Batch, changed: list[tuple]) -> None:
    """Store records of this source whose content changed since it was stored.

    ``changed`` holds (record, stored provenance row). A record that created its event (the
    event's first provenance) rewrites it; one that merged into another source's event only
    fills its blanks. Either way its provenance takes the new hash.
    """
    event_ids = {row.event_id for _, row in changed}
    primary = dict(
        session.execute(
            select(EventSource.event_id, func.min(EventSource.id))
            .where(in_values(session, EventSource.event_id, event_ids, Integer))
            .group_by(EventSource.event_id)
        ).all()
    )
    owned = [(e, row) for e, row in changed if primary.get(row.event_id) == row.id]
    others = [(e, row.event_id) for e, row in changed if primary.get(row.event_id) != row.id]
    now = utcnow()
    if owned:
        _rewrite_owned(session, run, batch, owned, now)
    if others:
        _fill_blanks(session, run, batch, others)
    _touch_changed(run, batch, changed, now)
    run.counts.updated += len(changed)


def _rewrite_owned(
    session: Session, run: RunState, batch: Batch, owned: list[tuple], now: datetime
) -> None:
    """Rewrite the events these records own, keeping a history of what changed."""
    record_changes(
        session,
        batch.writes,
        [(row.event_id, event_row(run, e, batch.places[e.source_id])) for e, row in owned],
        run.run_id,
    )
    batch.writes.execute(
        update(Event),
        [
            {
                **event_row(run, e, batch.places[e.source_id]),
                "id": row.event_id,
                "updated_run_id": run.run_id,
                "updated_at": now,
            }
            for e, row in owned
        ],
    )
    _replace_lineups_and_genres(session, run, batch, owned)


def _replace_lineups_and_genres(
    session: Session, run: RunState, batch: Batch, owned: list[tuple]
) -> None:
    """The owned events' lineups, and their genres from this source, as the records say now."""
    ids = [row.event_id for _, row in owned]
    batch.writes.execute(
        EventArtist.__table__.delete().where(in_values(session, EventArtist.event_id, ids, Integer))
    )
    batch.writes.execute(
        EventGenre.__table__.delete().where(
            in_values(session, EventGenre.event_id, ids, Integer),
            EventGenre.source == run.source,
        )
    )
    write_lineups(batch.writes, [(row.event_id, batch.lineups[e.source_id]) for e, row in owned])
    write_genres(
        session,
        [(row.event_id, e.genres) for e, row in owned],
        batch.artists,
        run.source,
        replacing=True,
        writes=batch.writes,
    )


def _touch_changed(run: RunState, batch: Batch, changed: list[tuple], now: datetime) -> None:
    """The changed records' provenance: new hash and URL, last run and time."""
    batch.writes.execute(
        update(EventSource),
        [
            {
                "id": row.id,
                "content_hash": batch.hashes[e.source_id],
                "url": e.url,
                "last_run_id": run.run_id,
                "last_seen_at": now,
            }
            for e, row in changed
        ],
    )


def _fill_blanks(
    session: Session, run: RunState, batch: Batch, pairs: list[tuple[NormalisedEvent, int]]
) -> None:
    """Complete the (record, event id) ``pairs``' events from the records, never overriding."""
    fill_blanks(
        session,
        [
            (
                event_id,
                event_row(run, e, batch.places[e.source_id]),
                batch.lineups[e.source_id],
                e.genres,
            )
            for e, event_id in pairs
        ],
        batch.artists,
        run.source,
        batch.writes,
    )
