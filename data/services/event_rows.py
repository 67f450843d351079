"""Row-level writes shared by ingestion: completing merged events, lineups, genres, and the
undo of a wrong merge (``split_event_source``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, func, insert, select, update
from sqlalchemy.orm import Session

from data.db.bulk import ids_with_rows, in_values, insert_rows, select_by_ids
from data.db.writes import Writes
from data.feeds.model import to_utc
from data.matching.artists import ArtistResolver
from data.models import Event, EventArtist, EventGenre, EventSource, utcnow

FILLABLE = (
    "local_time",
    "starts_at",
    "ends_at",
    "price_min",
    "price_max",
    "currency",
    "ticket_url",
    "image_url",
    "description",
)


def fill_blanks(
    session: Session,
    records: list[tuple[int, dict, list, list[str]]],
    artists: ArtistResolver,
    source: str,
    writes: Writes | None = None,
) -> None:
    """A second source completes an event (price, time, image...) but never overrides it.

    ``records`` are (event id, the source's event row, its lineup, its genres). Reads go to
    ``session``, writes to ``writes`` (default: the same session, at once).
    """
    writes = writes or Writes(session)
    ids = list({event_id for event_id, _, _, _ in records})
    columns = (Event.id, Event.timezone, *(getattr(Event, c) for c in FILLABLE))
    current = {
        row.id: row for row in session.execute(select_by_ids(session, columns, Event.id, ids)).all()
    }
    with_lineup = set(session.scalars(ids_with_rows(session, EventArtist.event_id, ids)))
    updates, lineup_rows, genre_rows = {}, [], []
    for event_id, new, lineup, genres in records:
        row = current[event_id]
        values = {c: new[c] for c in FILLABLE if getattr(row, c) is None and new[c] is not None}
        if values:
            if "local_time" in values and "starts_at" not in values and row.starts_at is None:
                local = datetime.combine(new["local_date"], new["local_time"])
                values["starts_at"] = to_utc(local, row.timezone)
            updates.setdefault(event_id, {}).update(values)
        if event_id not in with_lineup and lineup:
            lineup_rows.append((event_id, lineup))
            with_lineup.add(event_id)
        genre_rows.append((event_id, genres))
    # Every dict needs the same keys for one executemany: group by the filled columns.
    groups: dict[tuple, list] = {}
    for event_id, values in updates.items():
        groups.setdefault(tuple(sorted(values)), []).append({"id": event_id, **values})
    for rows in groups.values():
        writes.execute(update(Event), rows)
    write_lineups(writes, lineup_rows)
    write_genres(session, genre_rows, artists, source, writes=writes)


def write_lineups(writes: Writes, lineups: list[tuple[int, list]]) -> None:
    """Lineup rows in billing order from (event id, [(artist id, headliner), ...])."""
    rows = [
        {"event_id": event_id, "artist_id": artist_id, "position": i, "is_headliner": head}
        for event_id, lineup in lineups
        for i, (artist_id, head) in enumerate(lineup)
    ]
    writes.insert_rows(EventArtist, rows)


def write_genres(
    session: Session,
    genres,
    artists: ArtistResolver,
    source: str,
    *,
    new_events: bool = False,
    replacing: bool = False,
    writes: Writes | None = None,
) -> None:
    """Event genres with their source; a genre another source already claimed is kept as is.
    ``new_events``: the events were created in this transaction, so none has a genre yet.
    ``replacing``: this source's genres of these events are being deleted (perhaps by a write
    not yet applied), so only other sources' genres count as existing."""
    writes = writes or Writes(session)
    names = {g for _, gs in genres for g in gs}
    if not names:
        return
    ids = artists.genre_ids(names)
    wanted = {(eid, ids[g]) for eid, gs in genres for g in gs if g in ids}
    if wanted and not new_events:
        query = select(EventGenre.event_id, EventGenre.genre_id).where(
            in_values(session, EventGenre.event_id, {e for e, _ in wanted}, Integer)
        )
        if replacing:
            query = query.where(EventGenre.source != source)
        wanted -= {tuple(row) for row in session.execute(query)}
    writes.insert_rows(
        EventGenre,
        [{"event_id": e, "genre_id": g, "source": source} for e, g in sorted(wanted)],
    )


def split_event_source(session: Session, event_source_id: int) -> int:
    """Undo a wrong merge: move one provenance row back out to an event of its own.

    The new event copies the merged event's fields, lineup and genres (the feed record was
    matched to them); the next run of that source rewrites it from its own record, because
    the provenance row's content hash is cleared. Returns the new event's id.
    """
    row = session.get(EventSource, event_source_id)
    if row is None:
        raise ValueError(f"no event source {event_source_id}")
    siblings = session.scalar(
        select(func.count()).select_from(EventSource).where(EventSource.event_id == row.event_id)
    )
    if siblings < 2:
        return row.event_id
    original = session.get(Event, row.event_id)
    columns = [c.key for c in Event.__table__.columns if c.key not in ("id",)]
    values = {c: getattr(original, c) for c in columns}
    values.update(
        created_run_id=row.first_run_id,
        updated_run_id=row.last_run_id,
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    new_id = session.scalar(insert(Event).values(**values).returning(Event.id))
    lineup = session.execute(
        select(EventArtist.artist_id, EventArtist.position, EventArtist.is_headliner).where(
            EventArtist.event_id == row.event_id
        )
    ).all()
    if lineup:
        session.execute(
            insert(EventArtist),
            [
                {"event_id": new_id, "artist_id": a, "position": p, "is_headliner": h}
                for a, p, h in lineup
            ],
        )
    genres = session.execute(
        select(EventGenre.genre_id, EventGenre.source).where(EventGenre.event_id == row.event_id)
    ).all()
    insert_rows(
        session, EventGenre, [{"event_id": new_id, "genre_id": g, "source": s} for g, s in genres]
    )
    row.event_id = new_id
    # Force the feed's next run to rewrite the split-out event from its own record.
    row.content_hash = None
    session.flush()
    return new_id
