"""The write phase of a feed batch: new events are inserted or merged into stored ones, changed
ones updated, and every record's provenance written (``event_sources``).

``Ingestor`` (``data.services.ingest``) decides which records are new, unchanged or changed and
resolves their venues and lineups; these methods write through ``self.writes`` (at once, or
recorded for write-behind) and count what they did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, func, select, update

from data.db.bulk import in_values
from data.feeds.model import NormalisedEvent, to_utc
from data.matching.events import EventKey, best_match, load_candidates
from data.matching.venues import KnownVenue
from data.models import Event, EventArtist, EventGenre, EventSource, utcnow
from data.services.event_changes import record_changes
from data.services.event_rows import fill_blanks, write_genres, write_lineups
from data.text import name_key


class EventUpserts:
    """Mixed into ``Ingestor``, whose state (source, run, counts, writes, merged ids) it uses."""

    def _row(self, event: NormalisedEvent, venue: KnownVenue | None, **stamps) -> dict:
        """The ``events`` columns a record sets, plus ``stamps`` (run ids, times)."""
        zone = event.timezone or (venue.timezone if venue else None) or self.default_timezone
        starts_at = event.starts_at
        if starts_at is None and event.local_time is not None:
            starts_at = to_utc(_combine(event), zone)
        return {
            "title": event.title,
            "title_key": name_key(event.title)[:500],
            "starts_at": starts_at,
            "ends_at": event.ends_at,
            "local_date": event.local_date,
            "local_time": event.local_time,
            "timezone": zone,
            "status": event.status,
            "venue_id": venue.id if venue else None,
            "city_id": venue.city_id if venue else None,
            "price_min": event.price_min,
            "price_max": event.price_max,
            "currency": event.currency,
            "ticket_url": event.ticket_url,
            "image_url": event.image_url,
            "description": event.description,
            "promoter_id": event.promoter_id,
            **stamps,
        }

    def _key(self, event: NormalisedEvent, venue: KnownVenue | None, lineup: list) -> EventKey:
        return EventKey(
            venue_id=venue.id if venue else None,
            lat=venue.lat if venue and not venue.approximate else None,
            lng=venue.lng if venue and not venue.approximate else None,
            local_date=event.local_date,
            local_time=event.local_time,
            title=event.title,
            artist_ids=tuple(a for a, _ in lineup),
            headliner_ids=frozenset(a for a, h in lineup if h),
            artist_names=tuple(e.name for e in event.lineup),
        )

    def _insert_or_merge(self, session, fresh, places, lineups, hashes, artists, venues) -> None:
        pairs, coords = set(), {}
        for event in fresh:
            venue = places[event.source_id]
            if venue is None:
                continue
            for v in venues.near_venue(venue):
                pairs.add((v.id, event.local_date))
                if v.lat is not None and not v.approximate:
                    coords[v.id] = (v.lat, v.lng)
        candidates = load_candidates(session, pairs, coords) if pairs else {}
        for pool in candidates.values():
            for candidate in pool:
                if candidate.id in self.merged_ids:
                    candidate.sources = candidate.sources | {self.source}
        merges, inserts = [], []
        for event in fresh:
            venue = places[event.source_id]
            match = None
            if venue is not None:
                pool = [
                    c
                    for v in venues.near_venue(venue)
                    for c in candidates.get((v.id, event.local_date), ())
                ]
                if pool:  # most new events have none: no key to build
                    key = self._key(event, venue, lineups[event.source_id])
                    match = best_match(key, pool, self.source)
            if match is not None:
                merges.append((event, match.id))
                match.sources = match.sources | {self.source}
                self._add(self.merged_ids, match.id)
                self._batch_merged.append(match.id)
            else:
                inserts.append(event)
        now = utcnow()
        if inserts:
            stamps = {
                "created_run_id": self.run_id,
                "updated_run_id": self.run_id,
                "created_at": now,
                "updated_at": now,
            }
            rows = [self._row(e, places[e.source_id], **stamps) for e in inserts]
            ids = self.writes.insert_returning_ids(Event, rows)
            new_ids = dict(zip((e.source_id for e in inserts), ids, strict=True))
            write_lineups(
                self.writes, [(new_ids[e.source_id], lineups[e.source_id]) for e in inserts]
            )
            write_genres(
                session,
                [(new_ids[e.source_id], e.genres) for e in inserts],
                artists,
                self.source,
                new_events=True,
                writes=self.writes,
            )
            self.counts.new += len(inserts)
        else:
            new_ids = {}
        if merges:
            self._fill_blanks(session, [(e, eid) for e, eid in merges], places, lineups, artists)
            self.counts.duplicates += len(merges)
        targets = {**new_ids, **{e.source_id: eid for e, eid in merges}}
        self.writes.insert_rows(
            EventSource,
            [
                {
                    "event_id": targets[e.source_id],
                    "source": self.source,
                    "source_id": e.source_id,
                    "url": e.url,
                    "content_hash": hashes[e.source_id],
                    "first_run_id": self.run_id,
                    "last_run_id": self.run_id,
                    "first_seen_at": now,
                    "last_seen_at": now,
                }
                for e in fresh
            ],
        )

    def _update_changed(self, session, changed, places, lineups, hashes, artists) -> None:
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
            record_changes(
                session,
                self.writes,
                [(row.event_id, self._row(e, places[e.source_id])) for e, row in owned],
                self.run_id,
            )
            self.writes.execute(
                update(Event),
                [
                    {
                        **self._row(e, places[e.source_id]),
                        "id": row.event_id,
                        "updated_run_id": self.run_id,
                        "updated_at": now,
                    }
                    for e, row in owned
                ],
            )
            ids = [row.event_id for _, row in owned]
            self.writes.execute(
                EventArtist.__table__.delete().where(
                    in_values(session, EventArtist.event_id, ids, Integer)
                )
            )
            self.writes.execute(
                EventGenre.__table__.delete().where(
                    in_values(session, EventGenre.event_id, ids, Integer),
                    EventGenre.source == self.source,
                )
            )
            write_lineups(self.writes, [(row.event_id, lineups[e.source_id]) for e, row in owned])
            write_genres(
                session,
                [(row.event_id, e.genres) for e, row in owned],
                artists,
                self.source,
                replacing=True,
                writes=self.writes,
            )
        if others:
            self._fill_blanks(session, others, places, lineups, artists)
        self.writes.execute(
            update(EventSource),
            [
                {
                    "id": row.id,
                    "content_hash": hashes[e.source_id],
                    "url": e.url,
                    "last_run_id": self.run_id,
                    "last_seen_at": now,
                }
                for e, row in changed
            ],
        )
        self.counts.updated += len(changed)

    def _fill_blanks(self, session, pairs, places, lineups, artists) -> None:
        fill_blanks(
            session,
            [
                (event_id, self._row(e, places[e.source_id]), lineups[e.source_id], e.genres)
                for e, event_id in pairs
            ],
            artists,
            self.source,
            self.writes,
        )


def _combine(event: NormalisedEvent) -> datetime:
    return datetime.combine(event.local_date, event.local_time)
